using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>Shards in one process: the shard field, max_concurrency identify buckets, 4011 re-sharding, and the resume URL fallback.</summary>
public sealed class GatewayShardingTests
{
    private sealed class Shards : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Shards(Func<(int Shards, int MaxConcurrency)> info, DiscordOptions? configured = null)
        {
            var options = Options.Create(configured ?? new DiscordOptions { BotToken = "scripted-token", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = "https://discord.test/api/v10" });
            var http = new StubHandler(_ =>
            {
                var (shards, maxConcurrency) = info();
                return StubHandler.Json("{\"url\":\"wss://gateway.test\",\"shards\":" + shards + ",\"session_start_limit\":{\"total\":1000,\"remaining\":999,"
                    + "\"reset_after\":60000,\"max_concurrency\":" + maxConcurrency + "}}");
            });
            var rest = new DiscordRestClient(new HttpClient(http), options, new DiscordRateLimiter(Clock), NullLogger<DiscordRestClient>.Instance);
            var stores = new ConcurrentDictionary<GatewayShard, InMemoryGatewaySessionStore>();
            Runner = new GatewayShardRunner(rest, new CollectingSink(), shard => stores.GetOrAdd(shard, _ => new InMemoryGatewaySessionStore()),
                () =>
                {
                    var transport = new ScriptedGatewayTransport();
                    Transports.Enqueue(transport);
                    return transport;
                },
                new GatewayIntentState(), options, Clock, NullLoggerFactory.Instance, new GatewayClientSettings { Random = new FixedRandom(0.5) });
            Running = Task.Run(() => Runner.RunAsync(_stop.Token));
        }

        public ObservedClock Clock { get; } = new();

        public ConcurrentQueue<ScriptedGatewayTransport> Transports { get; } = new();

        public GatewayShardRunner Runner { get; }

        public Task Running { get; }

        /// <summary>The transport of the n-th shard client created (0-based, counting re-shards).</summary>
        public async Task<ScriptedGatewayTransport> TransportAsync(int n)
        {
            await DiscordBotHarness.EventuallyAsync(() => Transports.Count > n, $"shard client {n}");
            return Transports.ElementAt(n);
        }

        /// <summary>Says HELLO on the transport's next connection and returns the shard field of its IDENTIFY.</summary>
        public async Task<(ScriptedConnection Connection, int[] Shard)> IdentifyAsync(int n)
        {
            var connection = await (await TransportAsync(n)).NextConnectionAsync();
            await connection.SendAsync(GatewayJson.Hello(45_000));
            var identify = await connection.NextFromClientAsync();
            Assert.Equal(2, identify.Op());
            return (connection, [.. identify.GetProperty("d").GetProperty("shard").EnumerateArray().Select(e => e.GetInt32())]);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Running.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // Tests assert on Running themselves where it matters.
            }
        }
    }

    [Fact]
    public async Task A_single_bot_identifies_with_the_shard_field_zero_of_one()
    {
        await using var shards = new Shards(() => (1, 1));

        var (_, shard) = await shards.IdentifyAsync(0);

        Assert.Equal([0, 1], shard);
    }

    [Fact]
    public async Task Recommended_shards_identify_in_max_concurrency_buckets_five_seconds_apart()
    {
        await using var shards = new Shards(() => (4, 2));

        // Shards 0 and 1 have different rate-limit keys (id % 2): they identify side by side.
        var first = await Task.WhenAll(shards.IdentifyAsync(0), shards.IdentifyAsync(1));
        Assert.Equal([[0, 4], [1, 4]], first.Select(f => f.Shard));

        // Shards 2 and 3 share those keys: they wait out the 5 seconds before connecting at all.
        await shards.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await shards.TransportAsync(2)).ConnectAttempts);
        Assert.Equal(0, (await shards.TransportAsync(3)).ConnectAttempts);

        shards.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await Task.WhenAll(shards.IdentifyAsync(2), shards.IdentifyAsync(3));
        Assert.Equal([[2, 4], [3, 4]], second.Select(s => s.Shard));
        Assert.Equal(4, shards.Runner.Clients.Count);
    }

    [Fact]
    public async Task Close_4011_re_shards_with_the_count_discord_recommends_now()
    {
        var recommended = 1;
        await using var shards = new Shards(() => (Volatile.Read(ref recommended), 16));
        var (connection, shard) = await shards.IdentifyAsync(0);
        Assert.Equal([0, 1], shard);

        Volatile.Write(ref recommended, 2);
        await connection.CloseAsync(GatewayCloseCodes.ShardingRequired, "Sharding required.");

        var resharded = await Task.WhenAll(shards.IdentifyAsync(1), shards.IdentifyAsync(2));
        Assert.Equal([[0, 2], [1, 2]], resharded.Select(r => r.Shard).OrderBy(s => s[0]));
        Assert.False(shards.Running.IsCompleted);
    }

    [Fact]
    public async Task Close_4011_with_a_configured_shard_count_is_fatal_and_names_the_setting()
    {
        await using var shards = new Shards(() => (1, 1), new DiscordOptions
        {
            BotToken = "scripted-token", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = "https://discord.test/api/v10", ShardCount = 1,
        });
        var (connection, _) = await shards.IdentifyAsync(0);

        await connection.CloseAsync(GatewayCloseCodes.ShardingRequired, "Sharding required.");

        var fatal = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => shards.Running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("Discord:ShardCount", fatal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_shard_ids_run_only_those_shards_of_the_configured_count()
    {
        await using var shards = new Shards(() => (1, 1), new DiscordOptions
        {
            BotToken = "scripted-token", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = "https://discord.test/api/v10", ShardCount = 6, ShardIds = [3, 4],
        });

        // max_concurrency 1: one bucket, so the second shard identifies 5 seconds after the first.
        var (_, first) = await shards.IdentifyAsync(0);
        await shards.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        shards.Clock.Advance(TimeSpan.FromSeconds(5));
        var (_, second) = await shards.IdentifyAsync(1);

        Assert.Equal([[3, 6], [4, 6]], new[] { first, second });
        Assert.Equal(2, shards.Runner.Clients.Count);
    }

    [Fact]
    public async Task When_the_resume_url_keeps_failing_the_client_identifies_afresh_on_the_gateway_url()
    {
        await using var harness = new GatewayHarness(random: 0.5,
            savedSession: new GatewaySession("old-session", GatewayHarness.ResumeUrl, 41, DateTimeOffset.UnixEpoch));
        for (var i = 0; i < 3; i++)
        {
            harness.Transport.ConnectFailures.Enqueue(new IOException("resume host unreachable"));
        }

        harness.Start();
        foreach (var ms in new[] { 750, 1500, 3000 })
        {
            await harness.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(ms));
            harness.Clock.Advance(TimeSpan.FromMilliseconds(ms));
        }

        var connection = await harness.Transport.NextConnectionAsync();
        await connection.SendAsync(GatewayJson.Hello(45_000));
        var first = await connection.NextFromClientAsync();

        Assert.Equal("gateway.test", connection.Url.Host);
        Assert.Equal(2, first.Op());
        Assert.Equal(4, harness.Transport.ConnectAttempts);
    }
}
