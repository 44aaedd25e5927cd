namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/export polls|votes|reactions [topic] [csv|json]</c>.</summary>
public sealed record ExportCommand(string Kind, string? Topic, bool Json)
{
    public const string Usage = "Usage: /export polls|votes|reactions|ratings|shifts [topic] [csv|json]";

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
