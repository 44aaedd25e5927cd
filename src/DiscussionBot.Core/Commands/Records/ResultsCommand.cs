using System.Globalization;

namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/results &lt;poll&gt;</c>, or <c>/results b&lt;n&gt;</c> for before/after poll n; Discord sends <c>poll</c>.</summary>
public sealed record ResultsCommand(int Number, bool BeforeAfter)
{
    public const string Usage = "Usage: /results <poll number>, or /results b<number> for a before/after poll";

    public static ParsedCommand<ResultsCommand> Parse(CommandRequest request)
    {
        var text = request.Options is { } options ? options.Get("poll") : request.Args.Count == 1 ? request.Args[0] : null;
        return text switch
        {
            ['b' or 'B', .. var number] when ParseNumber(number) is { } shift => new ResultsCommand(shift, BeforeAfter: true),
            { } plain when ParseNumber(plain) is { } poll => new ResultsCommand(poll, BeforeAfter: false),
            _ => ParsedCommand<ResultsCommand>.Fail(Usage),
        };
    }

    private static int? ParseNumber(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
