namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/topic add|remove|describe|keywords|feed add|feed remove</c>, as typed or as slash-command options.</summary>
public abstract record TopicCommand(string Slug) : ICommandRecord
{
    public const string Usage = "Usage: /topic add <name> [description] · /topic remove <name> · /topic describe <name> <text> · /topic keywords <name> <word, \"a phrase\", …> · /topic feed add|remove <name> <url>";

    public const string FeedUsage = "Usage: /topic feed add <topic> <feed url> · /topic feed remove <topic> <feed url>";

    public static ParsedCommand<TopicCommand> Parse(CommandRequest request) =>
        request.Record is TopicCommand given ? given : request.Options is { } options ? FromOptions(options) : FromText(request.Args);

    public static ParsedCommand<TopicCommand> FromText(IReadOnlyList<string> args)
    {
        if (args.Count < 2)
        {
            return ParsedCommand<TopicCommand>.Fail(Usage);
        }

        var verb = args[0].ToLowerInvariant();
        if (verb == "feed")
        {
            return args.Count == 4 && args[1].ToLowerInvariant() is "add" or "remove"
                ? new TopicFeed(args[2].ToLowerInvariant(), args[3], Remove: args[1].Equals("remove", StringComparison.OrdinalIgnoreCase))
                : ParsedCommand<TopicCommand>.Fail(FeedUsage);
        }

        var slug = args[1].ToLowerInvariant();
        var rest = string.Join(' ', args.Skip(2));
        return verb switch
        {
            "add" => new TopicAdd(slug, rest),
            "remove" => new TopicRemove(slug),
            "describe" => new TopicDescribe(slug, rest),
            "keywords" => new TopicKeywords(slug, ParseKeywords(args.Skip(2))),
            _ => ParsedCommand<TopicCommand>.Fail(Usage),
        };
    }

    public static ParsedCommand<TopicCommand> FromOptions(CommandOptions options)
    {
        var topic = (options.Get("topic") ?? options.Get("name"))?.ToLowerInvariant();
        if (topic is null)
        {
            return ParsedCommand<TopicCommand>.Fail(Usage);
        }

        return (options.Verb(), options.Verb(1)) switch
        {
            ("add", _) => new TopicAdd(topic, options.Get("description") ?? ""),
            ("remove", _) => new TopicRemove(topic),
            ("describe", _) => new TopicDescribe(topic, options.Get("text") ?? ""),
            ("keywords", _) => new TopicKeywords(topic, ParseKeywords(ArgumentParser.Split(options.Get("words") ?? ""))),
            ("feed", "add" or "remove") when options.Get("url") is { } url => new TopicFeed(topic, url, Remove: options.Verb(1) == "remove"),
            ("feed", _) => ParsedCommand<TopicCommand>.Fail(FeedUsage),
            _ => ParsedCommand<TopicCommand>.Fail(Usage),
        };
    }

    /// <summary>Words and phrases, comma separated or quoted, lower case, without repeats.</summary>
    public static List<string> ParseKeywords(IEnumerable<string> args) =>
        args.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(k => k.ToLowerInvariant())
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}

public sealed record TopicAdd(string Slug, string Description) : TopicCommand(Slug);

public sealed record TopicRemove(string Slug) : TopicCommand(Slug);

public sealed record TopicDescribe(string Slug, string Text) : TopicCommand(Slug);

public sealed record TopicKeywords(string Slug, IReadOnlyList<string> Keywords) : TopicCommand(Slug);

/// <summary>Adds or (with <see cref="Remove"/>) removes a feed of the topic.</summary>
public sealed record TopicFeed(string Slug, string Url, bool Remove) : TopicCommand(Slug);
