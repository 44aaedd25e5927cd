namespace DiscussionBot.Core.Commands.Records;

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
