namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/source set &lt;domain or name&gt; &lt;stance label&gt;</c>.</summary>
public sealed record SourceSet(string Source, string Label)
{
    public const string Usage = "Usage: /source set <domain or name> <stance label>, e.g. /source set riverside-herald.example pro-development";

    public static ParsedCommand<SourceSet> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            return options.Verb() == "set" && options.Get("source") is { } source && options.Get("stance") is { } stance
                ? new SourceSet(source, stance)
                : ParsedCommand<SourceSet>.Fail(Usage);
        }

        var args = request.Args;
        return args.Count >= 3 && args[0].Equals("set", StringComparison.OrdinalIgnoreCase)
            ? new SourceSet(args[1].Trim(), string.Join(' ', args.Skip(2)).Trim())
            : ParsedCommand<SourceSet>.Fail(Usage);
    }
}

/// <summary><c>/settings</c> (list: both null) or <c>/settings &lt;key&gt; &lt;value&gt;</c>.</summary>
public sealed record SettingsCommand(string? Key, string? Value)
{
    public const string Usage = "Usage: /settings <key> <value>. /settings alone lists the keys.";

    public bool ListsAll => Key is null && Value is null;

    public static ParsedCommand<SettingsCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            var (key, value) = (options.Get("key"), options.Get("value"));
            return (key is null) == (value is null) ? new SettingsCommand(key, value) : ParsedCommand<SettingsCommand>.Fail(Usage);
        }

        return request.Args.Count switch
        {
            0 => new SettingsCommand(null, null),
            2 => new SettingsCommand(request.Args[0], request.Args[1]),
            _ => ParsedCommand<SettingsCommand>.Fail(Usage),
        };
    }
}

/// <summary><c>/summary &lt;id|url|words&gt; [short|long|bullets]</c>.</summary>
public sealed record SummaryCommand(string Article, string Form)
{
    public const string Usage = "Usage: /summary <article id, link or words> [short|long|bullets]";

    public static readonly IReadOnlyList<string> Forms = ["short", "long", "bullets"];

    public static ParsedCommand<SummaryCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            var form = options.Get("length")?.ToLowerInvariant() ?? "short";
            return options.Get("article") is { } article && Forms.Contains(form)
                ? new SummaryCommand(article, form)
                : ParsedCommand<SummaryCommand>.Fail(Usage);
        }

        var args = request.Args.ToList();
        var chosen = "short";
        if (args.Count > 1 && Forms.Contains(args[^1].ToLowerInvariant()))
        {
            chosen = args[^1].ToLowerInvariant();
            args.RemoveAt(args.Count - 1);
        }

        return args.Count == 0 ? ParsedCommand<SummaryCommand>.Fail(Usage) : new SummaryCommand(string.Join(' ', args), chosen);
    }
}

/// <summary><c>/export polls|votes|reactions [topic] [csv|json]</c>.</summary>
public sealed record ExportCommand(string Kind, string? Topic, bool Json)
{
    public const string Usage = "Usage: /export polls|votes|reactions [topic] [csv|json]";

    public static ParsedCommand<ExportCommand> Parse(CommandRequest request, IReadOnlyCollection<string> kinds)
    {
        if (request.Options is { } options)
        {
            var kind = options.Get("kind")?.ToLowerInvariant();
            return kind is not null && kinds.Contains(kind)
                ? new ExportCommand(kind, options.Get("topic")?.ToLowerInvariant(), options.Get("format")?.ToLowerInvariant() == "json")
                : ParsedCommand<ExportCommand>.Fail(Usage);
        }

        var args = request.Args.Select(a => a.ToLowerInvariant()).ToList();
        var json = args.Remove("json");
        args.Remove("csv");
        return args.Count is < 1 or > 2 || !kinds.Contains(args[0])
            ? ParsedCommand<ExportCommand>.Fail(Usage)
            : new ExportCommand(args[0], args.Count == 2 ? args[1] : null, json);
    }
}
