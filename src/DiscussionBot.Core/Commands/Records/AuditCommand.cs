using System.Globalization;

namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/audit [count]</c>, the newest <see cref="Count"/> entries; Discord sends <c>count</c>.</summary>
public sealed record AuditCommand(int Count)
{
    public const int DefaultCount = 15;
    public const int MaxCount = 100;
    public const string Usage = "Usage: /audit [count], count from 1 to 100.";

    public static ParsedCommand<AuditCommand> Parse(CommandRequest request)
    {
        var text = request.Options is { } options ? options.Get("count") : request.Args.Count switch
        {
            0 => null,
            1 => request.Args[0],
            _ => "",
        };
        if (text is null)
        {
            return new AuditCommand(DefaultCount);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxCount
            ? new AuditCommand(count)
            : ParsedCommand<AuditCommand>.Fail(Usage);
    }
}
