using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// Runs the process's shards, each a <see cref="GatewayClient"/> on its own socket: the shard count from
/// <c>Discord:ShardCount</c> or, when that is 0, the count GET /gateway/bot recommends; the shard ids from
/// <c>Discord:ShardIds</c> or all of them. Identifies go through one <see cref="IdentifyLimiter"/> built from the
/// session start limit's max_concurrency. When Discord closes a shard with 4011 (sharding required) and the count is
/// not configured, every shard stops and the runner starts again with the count Discord recommends now.
/// </summary>
public sealed class GatewayShardRunner(
    DiscordRestClient rest,
    IGatewayEventSink sink,
    GatewaySessionStoreFactory sessions,
    GatewayTransportFactory transports,
    GatewayIntentState intents,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    GatewayClientSettings? settings = null)
{
    private readonly DiscordOptions _options = options.Value;
    private readonly GatewayClientSettings _settings = settings ?? new GatewayClientSettings();
    private readonly ILogger _logger = loggers.CreateLogger<GatewayShardRunner>();
    private volatile IReadOnlyList<GatewayClient> _clients = [];

    /// <summary>Told of every shard's state changes.</summary>
    public event Action<GatewayStatusChange>? StatusChanged;

    /// <summary>The shards running now.</summary>
    public IReadOnlyList<GatewayClient> Clients => _clients;

    /// <summary>Runs until cancelled; throws <see cref="DiscordGatewayFatalException"/> or <see cref="DiscordAuthenticationException"/> like <see cref="GatewayClient.RunAsync"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunShardsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task RunShardsAsync(CancellationToken cancellationToken)
    {
        int? forcedCount = null;
        while (true)
        {
            var (count, maxConcurrency) = await PlanAsync(forcedCount, cancellationToken).ConfigureAwait(false);
            var ids = _options.ShardIds is { Count: > 0 } configured ? [.. configured] : Enumerable.Range(0, count).ToArray();
            var limiter = new IdentifyLimiter(maxConcurrency, _settings.IdentifyInterval, time);
            var sockets = ids.Select(_ => transports()).ToList();
            var clients = ids.Select((id, i) => new GatewayClient(sockets[i], rest, sink, sessions(new GatewayShard(id, count)), options, time,
                loggers.CreateLogger<GatewayClient>(),
                _settings with
                {
                    Shard = new GatewayShard(id, count),
                    IdentifyLimiter = limiter,
                    IntentState = intents,
                    StatusChanged = change => StatusChanged?.Invoke(change),
                })).ToList();
            _clients = clients;
            GatewayShardLog.LogShards(_logger, string.Join(",", ids), count, limiter.MaxConcurrency);

            using var shards = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = clients.Select(c => c.RunAsync(shards.Token)).ToList();
            Exception? failure = null;
            var pending = running.ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                if (done.IsFaulted && failure is null)
                {
                    failure = done.Exception!.GetBaseException();
                    await shards.CancelAsync().ConfigureAwait(false);
                }
            }

            foreach (var socket in sockets.OfType<IDisposable>())
            {
                socket.Dispose();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (failure is DiscordGatewayFatalException { CloseCode: GatewayCloseCodes.ShardingRequired } && _options.ShardCount == 0)
            {
                var next = await RecommendedCountAsync(cancellationToken).ConfigureAwait(false);
                // Discord said this count is too small; never start again with the same one.
                forcedCount = Math.Max(next, count + 1);
                GatewayShardLog.LogResharding(_logger, count, forcedCount.Value);
                continue;
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return;
        }
    }

    private async Task<(int Count, int MaxConcurrency)> PlanAsync(int? forcedCount, CancellationToken cancellationToken)
    {
        var info = await GatewayInfoAsync(cancellationToken).ConfigureAwait(false);
        var count = _options.ShardCount > 0 ? _options.ShardCount : forcedCount ?? Math.Max(1, info?.Shards ?? 1);
        return (count, Math.Max(1, info?.SessionStartLimit.MaxConcurrency ?? 1));
    }

    private async Task<int> RecommendedCountAsync(CancellationToken cancellationToken) =>
        Math.Max(1, (await GatewayInfoAsync(cancellationToken).ConfigureAwait(false))?.Shards ?? 1);

    /// <summary>GET /gateway/bot, retried with capped exponential backoff and jitter while Discord is unreachable.
    /// With <c>Discord:GatewayUrl</c> set, a failure is not waited out: the shards go on with the configured URL.</summary>
    private async Task<GatewayBotInfo?> GatewayInfoAsync(CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not DiscordAuthenticationException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                && !(ex is DiscordHttpException { Status: System.Net.HttpStatusCode.Forbidden }))
            {
                if (_options.GatewayUrl is { Length: > 0 })
                {
                    return null;
                }

                var delay = Backoff.Of(failures, _settings.BackoffBase, _settings.BackoffCap, _settings.Random);
                GatewayShardLog.LogGatewayInfoFailed(_logger, ex.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Capped exponential backoff with jitter: base·2^(n−1), capped, then scaled into [½, 1) so clients spread out.</summary>
public static class Backoff
{
    public static TimeSpan Of(int failures, TimeSpan baseDelay, TimeSpan cap, Random random)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 16));
        var capped = exponential < cap ? exponential : cap;
        return capped * (0.5 + (0.5 * random.NextDouble()));
    }
}
