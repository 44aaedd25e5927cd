using System.Globalization;
using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Library;

/// <summary>A per-community setting moderators change with <c>/settings key value</c>.</summary>
public sealed record SettingDefinition(string Key, string Default, string Description, Func<string, string?> Normalize);

/// <summary>Every community setting, its default and how a value is checked. A value is stored
/// normalized, so readers never re-validate.</summary>
public static class CommunitySettings
{
    public const string PollStarters = "poll.starters";
    public const string PollDuration = "poll.duration";
    public const string PollAnonymous = "poll.anonymous";
    public const string PollHidden = "poll.hidden";
    public const string PollMultiple = "poll.multiple";
    public const string AutoSummary = "autosummary";
    public const string Digest = "digest";
    public const string ModeratorRole = "moderator.role";

    public static readonly IReadOnlyList<SettingDefinition> All =
    [
        new(PollStarters, "moderators", "who may start polls: moderators or members", v => v is "moderators" or "members" ? v : null),
        new(PollDuration, "24h", "default poll duration, e.g. 30m, 24h, 7d (at most 30d)", v => ParseDuration(v) is { } d ? FormatDuration(d) : null),
        new(PollAnonymous, "off", "polls hide who voted: on or off", OnOff),
        new(PollHidden, "off", "poll results hidden until the poll closes: on or off", OnOff),
        new(PollMultiple, "off", "polls allow several answers: on or off", OnOff),
        new(AutoSummary, "off", "answer a posted link with a short summary: on or off", OnOff),
        new(Digest, "off", "post new feed articles of a topic to this chat: on or off", OnOff),
        new(ModeratorRole, "", "a platform role id whose members count as moderators (Discord), or 'none'", v => v == "none" ? "" : v.All(char.IsDigit) && v.Length is > 0 and <= 25 ? v : null),
    ];

    /// <summary>The state key holding the chat a community's feed digest is posted to.</summary>
    public static string DigestChatKey(string communityKey) => $"ingest.digest-chat.{communityKey}";

    public static SettingDefinition? Find(string key) =>
        All.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase));

    public static string Get(Community community, string key) =>
        community.Settings.TryGetValue(key, out var value) ? value : Find(key)?.Default ?? "";

    public static bool IsOn(Community community, string key) => Get(community, key) == "on";

    public static TimeSpan? ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length < 2)
        {
            return null;
        }
        if (!double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }
        TimeSpan? span = t[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
        return span is { } s && s >= TimeSpan.FromMinutes(1) && s <= TimeSpan.FromDays(30) ? s : null;
    }

    public static string FormatDuration(TimeSpan d) =>
        d.TotalDays >= 1 && d.TotalDays == Math.Floor(d.TotalDays) ? $"{d.TotalDays:0}d"
        : d.TotalHours >= 1 && d.TotalHours == Math.Floor(d.TotalHours) ? $"{d.TotalHours:0}h"
        : $"{Math.Round(d.TotalMinutes):0}m";

    private static string? OnOff(string value) => value switch
    {
        "on" or "yes" or "true" => "on",
        "off" or "no" or "false" => "off",
        _ => null,
    };
}
