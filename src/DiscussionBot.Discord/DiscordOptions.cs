using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Discord;

/// <summary>
/// How the bot reaches Discord. Section <c>Discord</c>; the platform is on when <see cref="BotToken"/> is set,
/// which is why the token is not <c>[Required]</c> here — the host decides whether to run Discord at all.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The bot token from the developer portal, sent as <c>Authorization: Bot &lt;token&gt;</c>.</summary>
    public string BotToken { get; init; } = "";

    /// <summary>The application (client) id; needed to register commands and to edit interaction responses.</summary>
    [RegularExpression("^[0-9]*$", ErrorMessage = "Discord:ApplicationId must be a numeric snowflake.")]
    public string ApplicationId { get; init; } = "";

    /// <summary>REST base address including the API version. Points elsewhere only for tests or proxies.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; init; } = "https://discord.com/api/v10";

    /// <summary>
    /// Gateway WebSocket URL override. When set, the URL from GET /gateway/bot is ignored,
    /// but its session start limits are still honoured when the endpoint answers.
    /// </summary>
    public string? GatewayUrl { get; init; }

    /// <summary>Guilds to register slash commands in (instant); empty registers them globally.</summary>
    public IReadOnlyList<string> GuildIds { get; init; } = [];

    /// <summary>Role ids whose members count as moderators in addition to those with Manage Server.</summary>
    public IReadOnlyList<string> ModeratorRoleIds { get; init; } = [];

    /// <summary>
    /// An interaction whose answer is not ready this long after it arrived (even if it still waits for a lane slot) is
    /// deferred ("thinking…") and edited later; Discord
    /// drops interactions not answered within 3 seconds, so this leaves room for the deferral itself to arrive.
    /// </summary>
    [Range(100, 2500)]
    public int DeferAfterMilliseconds { get; init; } = 2000;

    /// <summary>Interactions handled at the same time (each holds a DI scope while its command runs).</summary>
    [Range(1, 256)]
    public int MaxConcurrentInteractions { get; init; } = 16;

    /// <summary>Other gateway events (messages, reactions, votes) handled at the same time.</summary>
    [Range(1, 256)]
    public int MaxConcurrentEvents { get; init; } = 8;

    /// <summary>
    /// Shards of the whole bot. 0 (the default) takes the count GET /gateway/bot recommends and re-shards when Discord
    /// closes with 4011; a fixed count is for a bot split across processes, each running some of the <see cref="ShardIds"/>.
    /// </summary>
    [Range(0, 10_000)]
    public int ShardCount { get; init; }

    /// <summary>The shard ids this process runs (each below <see cref="ShardCount"/>); empty runs all of them.</summary>
    public IReadOnlyList<int> ShardIds { get; init; } = [];

    /// <summary>Bot requests per second outside interactions, below Discord's global limit of 50.</summary>
    [Range(1, 50)]
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>Project URL sent in the User-Agent header Discord requires (<c>DiscordBot (url, version)</c>).</summary>
    [Required, Url]
    public string UserAgentUrl { get; init; } = "https://github.com/discussionbot/discussionbot";

    /// <summary>Version sent in the User-Agent header.</summary>
    [Required]
    public string UserAgentVersion { get; init; } = "1.0";
}
