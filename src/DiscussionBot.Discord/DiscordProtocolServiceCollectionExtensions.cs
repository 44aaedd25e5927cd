using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord;

public static class DiscordProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord protocol layer: validated <see cref="DiscordOptions"/>, the typed
    /// <see cref="DiscordRestClient"/> with its shared <see cref="DiscordRateLimiter"/>, a WebSocket transport per shard and
    /// the <see cref="GatewayShardRunner"/>. Nothing starts: the host runs <see cref="GatewayShardRunner.RunAsync"/> itself, and
    /// must register an <see cref="IGatewayEventSink"/> (and, to resume across restarts, a durable <see cref="GatewaySessionStoreFactory"/>).
    /// </summary>
    public static IServiceCollection AddDiscordProtocol(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>()
            .BindConfiguration(DiscordOptions.Section)
            .ValidateDataAnnotations();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DiscordRateLimiter(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<DiscordOptions>>().Value.GlobalRequestsPerSecond));
        services.TryAddSingleton<GatewaySessionStoreFactory>(_ => InMemorySessions());
        services.TryAddSingleton<GatewayTransportFactory>(_ => () => new WebSocketGatewayTransport());
        services.TryAddSingleton<GatewayIntentState>(_ => new GatewayIntentState());
        services.TryAddSingleton<GatewayShardRunner>();
        services.AddHttpClient<DiscordRestClient>((sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUrl.TrimEnd('/') + "/");
                // Rate-limit waits happen before sending; this bounds only a hung request.
                http.Timeout = TimeSpan.FromSeconds(30);
            })
            // GatewayClient is a singleton holding its DiscordRestClient; pooled connections still get recycled for DNS changes.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }

    private static GatewaySessionStoreFactory InMemorySessions()
    {
        var stores = new System.Collections.Concurrent.ConcurrentDictionary<GatewayShard, InMemoryGatewaySessionStore>();
        return shard => stores.GetOrAdd(shard, _ => new InMemoryGatewaySessionStore());
    }
}
