namespace DiscussionBot.Discord.Gateway;

/// <summary>What to do after the gateway closed the connection.</summary>
public enum GatewayCloseAction
{
    /// <summary>Reconnect to resume_gateway_url and RESUME.</summary>
    Resume,
    /// <summary>Reconnect and IDENTIFY a new session.</summary>
    NewSession,
    /// <summary>Do not reconnect: a token, sharding, version or intents problem that only a person can fix.</summary>
    Stop,
}

/// <summary>Gateway close codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes).</summary>
public static class GatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int AuthenticationFailed = 4004;
    public const int InvalidSequence = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    public static GatewayCloseAction ActionFor(int closeCode) => closeCode switch
    {
        AuthenticationFailed or (>= InvalidShard and <= DisallowedIntents) => GatewayCloseAction.Stop,
        InvalidSequence or SessionTimedOut => GatewayCloseAction.NewSession,
        // Everything else, including 1000/1001 sent by the server and drops without a close frame (1006),
        // leaves the session resumable from our side; if it is not, the gateway answers op 9.
        _ => GatewayCloseAction.Resume,
    };

    /// <summary>Why a fatal code happened, for the operator reading the log.</summary>
    public static string Explain(int closeCode) => closeCode switch
    {
        AuthenticationFailed => "authentication failed: Discord:BotToken is wrong or was reset",
        InvalidShard => "invalid shard: Discord:ShardIds must be below Discord:ShardCount",
        ShardingRequired => "sharding required: the bot is in too many guilds for this shard count (Discord:ShardCount; 0 lets Discord recommend it)",
        InvalidApiVersion => "invalid API version: Discord:GatewayUrl points at a gateway that does not speak v10",
        InvalidIntents => "invalid intents: the intents bitfield was refused (a bug: please report it)",
        DisallowedIntents => "disallowed intents: a privileged intent is not enabled (Developer Portal → Bot → Privileged Gateway Intents)",
        _ => $"close code {closeCode}",
    };
}

/// <summary>
/// The gateway closed with a code after which reconnecting is pointless (4004, 4010–4014; 4014 only when the refused
/// intent is not Message Content, and 4011 only when the shard count is configured, since the shard runner re-shards).
/// <see cref="GatewayClient.RunAsync"/> throws it so the host can stop.
/// </summary>
public sealed class DiscordGatewayFatalException(int closeCode, string? closeReason)
    : Exception($"Discord gateway closed with {closeCode} ({GatewayCloseCodes.Explain(closeCode)}){(string.IsNullOrEmpty(closeReason) ? "" : ": " + closeReason)}; not reconnecting.")
{
    public int CloseCode { get; } = closeCode;

    public string? CloseReason { get; } = closeReason;
}
