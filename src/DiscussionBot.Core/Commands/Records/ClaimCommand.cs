using System.Globalization;

namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/claim add &lt;topic&gt; &lt;text&gt;</c>, <c>/claim approve|reject &lt;id&gt;</c>.</summary>
public abstract record ClaimCommand : ICommandRecord
{
    public const string Usage = "Usage: /claim add <topic> <text> · /claim approve <id> · /claim reject <id>";

    public static ParsedCommand<ClaimCommand> Parse(CommandRequest request) =>
        request.Record is ClaimCommand given ? given : request.Options is { } options ? FromOptions(options) : FromText(request.Args);

    public static ParsedCommand<ClaimCommand> FromText(IReadOnlyList<string> args)
    {
        if (args.Count < 2)
        {
            return ParsedCommand<ClaimCommand>.Fail(Usage);
        }

        return args[0].ToLowerInvariant() switch
        {
            "add" => new ClaimAdd(args[1].ToLowerInvariant(), string.Join(' ', args.Skip(2)).Trim()),
            "approve" or "reject" when args.Count == 2 && Id(args[1]) is { } id => new ClaimReview(id, Approve: args[0].Equals("approve", StringComparison.OrdinalIgnoreCase)),
            _ => ParsedCommand<ClaimCommand>.Fail(Usage),
        };
    }

    public static ParsedCommand<ClaimCommand> FromOptions(CommandOptions options) => options.Verb() switch
    {
        "add" when options.Get("topic") is { } topic => new ClaimAdd(topic.ToLowerInvariant(), options.Get("text") ?? ""),
        "approve" or "reject" when Id(options.Get("claim")) is { } id => new ClaimReview(id, Approve: options.Verb() == "approve"),
        _ => ParsedCommand<ClaimCommand>.Fail(Usage),
    };

    private static int? Id(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

public sealed record ClaimAdd(string Topic, string Text) : ClaimCommand;

/// <summary>Approves (or, when not <see cref="Approve"/>, rejects) a claim.</summary>
public sealed record ClaimReview(int ClaimId, bool Approve) : ClaimCommand;
