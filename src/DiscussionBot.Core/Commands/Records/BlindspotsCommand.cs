using System.Globalization;

namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/blindspots [topic] [days]</c>: both optional, in either order; Discord sends <c>topic</c> and <c>days</c>.</summary>
public sealed record BlindspotsCommand(string? Topic, int? Days)
{
    public const string Usage = "Usage: /blindspots [topic] [days], e.g. /blindspots housing 30";
    public const int MaxDays = 3660;

    public static ParsedCommand<BlindspotsCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            var days = options.Get("days");
            if (days is not null && !IsDays(days, out _))
            {
                return ParsedCommand<BlindspotsCommand>.Fail(Usage);
            }
            return new BlindspotsCommand(options.Get("topic")?.ToLowerInvariant(), days is null ? null : int.Parse(days, CultureInfo.InvariantCulture));
        }
        string? topic = null;
        int? window = null;
        foreach (var word in request.Args)
        {
            if (IsDays(word, out var n) && window is null)
            {
                window = n;
            }
            else if (topic is null && !int.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                topic = word.ToLowerInvariant();
            }
            else
            {
                return ParsedCommand<BlindspotsCommand>.Fail(Usage);
            }
        }
        return new BlindspotsCommand(topic, window);
    }

    private static bool IsDays(string text, out int days)
    {
        var trimmed = text.EndsWith('d') ? text[..^1] : text;
        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= MaxDays;
    }
}
