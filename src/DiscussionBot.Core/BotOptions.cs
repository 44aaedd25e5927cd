using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Core;

/// <summary>Behaviour shared by every platform. Section <c>Bot</c>.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>Seconds a member waits between two expensive commands (summaries, viewpoints).</summary>
    [Range(0, 3600)]
    public int CooldownSeconds { get; init; } = 10;

    /// <summary>Longest text accepted by <c>/add</c> (characters).</summary>
    [Range(100, 2_000_000)]
    public int MaxArticleChars { get; init; } = 200_000;

    /// <summary>How many items list commands show.</summary>
    [Range(1, 50)]
    public int ListLimit { get; init; } = 10;
}
