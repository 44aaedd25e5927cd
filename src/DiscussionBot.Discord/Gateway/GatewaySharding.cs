using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Gateway;

/// <summary>One shard of the bot: <c>[shard_id, num_shards]</c> as sent in IDENTIFY.</summary>
public sealed record GatewayShard(int Id, int Count)
{
    public static GatewayShard Single { get; } = new(0, 1);

    public override string ToString() => $"{Id}/{Count}";
}

/// <summary>
/// The identify rate limit shared by every shard of the process: shards with the same rate-limit key
/// (<c>shard_id % max_concurrency</c>) identify one after another, at least <c>interval</c> apart; shards of different
/// keys identify side by side (gateway.mdx, "Max Concurrency").
/// </summary>
public sealed class IdentifyLimiter
{
    private readonly Bucket[] _buckets;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    public IdentifyLimiter(int maxConcurrency, TimeSpan interval, TimeProvider time)
    {
        MaxConcurrency = Math.Max(1, maxConcurrency);
        _interval = interval;
        _time = time;
        _buckets = [.. Enumerable.Range(0, MaxConcurrency).Select(_ => new Bucket())];
    }

    public int MaxConcurrency { get; }

    /// <summary>The rate-limit key of a shard.</summary>
    public int KeyOf(int shardId) => shardId % MaxConcurrency;

    /// <summary>
    /// Waits until the shard's bucket allows another identify and holds the bucket until the lease is disposed, so
    /// shards sharing a key identify one after another. <see cref="Lease.Sent"/> records the identify; a lease disposed
    /// without it (the connection failed first) leaves the bucket's clock as it was.
    /// </summary>
    public async Task<Lease> AcquireAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = _buckets[KeyOf(shardId)];
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (bucket.Last is { } last && _time.GetUtcNow() - last is var since && since < _interval)
            {
                await Task.Delay(_interval - since, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }

        return new Lease(bucket, _time);
    }

    /// <summary>The right to identify once; dispose it when the identify was sent or the connection failed.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly Bucket _bucket;
        private readonly TimeProvider _time;
        private int _released;

        internal Lease(Bucket bucket, TimeProvider time)
        {
            _bucket = bucket;
            _time = time;
        }

        public void Sent() => _bucket.Last = _time.GetUtcNow();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _bucket.Gate.Release();
            }
        }
    }

    internal sealed class Bucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset? Last { get; set; }
    }
}

/// <summary>
/// The intents every shard identifies with. Starts with <see cref="GatewayIntents.Bot"/>; when Discord refuses the
/// privileged Message Content intent (close 4014) it is dropped for the rest of the process, so the bot goes on with
/// slash commands, reactions and votes instead of stopping.
/// </summary>
public sealed class GatewayIntentState(GatewayIntents initial = GatewayIntents.Bot)
{
    private int _current = (int)initial;

    public GatewayIntents Current => (GatewayIntents)Volatile.Read(ref _current);

    public bool MessageContent => Current.HasFlag(GatewayIntents.MessageContent);

    /// <summary>Drops Message Content; true only for the call that dropped it, so the warning is logged once.</summary>
    public bool TryDropMessageContent()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if ((current & (int)GatewayIntents.MessageContent) == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _current, current & ~(int)GatewayIntents.MessageContent, current) == current)
            {
                return true;
            }
        }
    }
}

/// <summary>Where one shard's connection stands, as <see cref="GatewayClient"/> reports it.</summary>
public enum GatewayConnectionState
{
    Connecting,
    Connected,
    Reconnecting,
    Failed,
}

/// <summary>A change of one shard's connection state; <see cref="Detail"/> says why (close code, error).</summary>
public sealed record GatewayStatusChange(GatewayShard Shard, GatewayConnectionState State, string? Detail = null);

/// <summary>A fresh socket for each shard (a transport carries one connection at a time).</summary>
public delegate IGatewayTransport GatewayTransportFactory();

/// <summary>The session store of one shard: a session belongs to its shard id and shard count.</summary>
public delegate IGatewaySessionStore GatewaySessionStoreFactory(GatewayShard shard);

internal static partial class GatewayShardLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Running Discord shards {ShardIds} of {ShardCount} (max_concurrency {MaxConcurrency})")]
    public static partial void LogShards(ILogger logger, string shardIds, int shardCount, int maxConcurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord requires more shards (close 4011); re-sharding from {OldCount} to {NewCount}")]
    public static partial void LogResharding(ILogger logger, int oldCount, int newCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GET /gateway/bot failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void LogGatewayInfoFailed(ILogger logger, string error, double delayMs);
}
