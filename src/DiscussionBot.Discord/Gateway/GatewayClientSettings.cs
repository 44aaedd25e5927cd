namespace DiscussionBot.Discord.Gateway;

/// <summary>Knobs of <see cref="GatewayClient"/> that tests turn; the defaults follow the gateway docs.</summary>
public sealed record GatewayClientSettings
{
    /// <summary>Source of the heartbeat jitter, backoff jitter and the 1–5 s wait after op 9.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Dispatches waiting for the sink; beyond this they are dropped (and logged) rather than stall the socket.</summary>
    public int DispatchQueueCapacity { get; init; } = 10_000;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>max_concurrency counts identifies per 5 seconds; one shard identifies at most once in that window.</summary>
    public TimeSpan IdentifyInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for HELLO after connecting.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public GatewayIntents Intents { get; init; } = GatewayIntents.Bot;

    /// <summary>The shard this client runs; sent in IDENTIFY.</summary>
    public GatewayShard Shard { get; init; } = GatewayShard.Single;

    /// <summary>The identify limit shared by the process's shards; null: a limiter of its own (max_concurrency 1).</summary>
    public IdentifyLimiter? IdentifyLimiter { get; init; }

    /// <summary>The intents shared by the process's shards; null: a state of its own starting from <see cref="Intents"/>.</summary>
    public GatewayIntentState? IntentState { get; init; }

    /// <summary>Told of every change of the connection's state (health reporting).</summary>
    public Action<GatewayStatusChange>? StatusChanged { get; init; }

    /// <summary>Connections to the resume URL that fail before HELLO, in a row, after which the session is given up
    /// and the client identifies afresh on the gateway URL.</summary>
    public int MaxResumeConnectFailures { get; init; } = 3;
}
