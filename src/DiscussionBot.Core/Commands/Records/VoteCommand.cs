using System.Globalization;

namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/vote &lt;poll&gt; &lt;option number or text&gt; …</c> or <c>/vote &lt;poll&gt; none</c>; Discord sends <c>poll</c> and <c>options</c>.</summary>
/// <param name="Choices">Option numbers (1-based) or option texts, as the member wrote them; empty when <paramref name="Retract"/>.</param>
public sealed record VoteCommand(int PollId, IReadOnlyList<string> Choices, bool Retract)
{
    public const string Usage = "Usage: /vote <poll number> <option number or text> …, or /vote <poll number> none to retract.";

    public static ParsedCommand<VoteCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            return PollNumber(options.Get("poll")) is { } poll && options.Get("options") is { } given
                ? Of(poll, ChoicesOf(given))
                : ParsedCommand<VoteCommand>.Fail(Usage);
        }

        var args = request.Args;
        return args.Count >= 2 && PollNumber(args[0]) is { } id ? Of(id, [.. args.Skip(1)]) : ParsedCommand<VoteCommand>.Fail(Usage);
    }

    /// <summary>
    /// One option field holds what the text line would: several numbers (<c>1 3</c>) or quoted texts are several choices;
    /// unquoted words that are not all numbers are one option's text as typed (<c>Not sure</c>), which the text line
    /// would need quotes for.
    /// </summary>
    public static IReadOnlyList<string> ChoicesOf(string field)
    {
        var words = ArgumentParser.Split(field);
        var quoted = field.IndexOfAny(['"', '“', '”']) >= 0;
        return quoted || words.Count <= 1 || words.All(w => PollNumber(w) is not null) ? words : [field.Trim()];
    }

    private static VoteCommand Of(int poll, IReadOnlyList<string> choices) =>
        choices is [var only] && only.ToLowerInvariant() is "none" or "retract" ? new VoteCommand(poll, [], Retract: true) : new VoteCommand(poll, choices, Retract: false);

    private static int? PollNumber(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
