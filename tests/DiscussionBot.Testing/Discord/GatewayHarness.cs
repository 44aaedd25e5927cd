using System.Text.Json;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// A <see cref="GatewayClient"/> on a scripted transport and an observed fake clock, with GET /gateway/bot stubbed:
/// the deterministic way to test heartbeats, reconnects and close codes.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string GatewayUrl = "wss://gateway.test";
    public const string ResumeUrl = "wss://resume.test";

    private readonly CancellationTokenSource _stop = new();

    public GatewayHarness(double random = 0.5, GatewaySession? savedSession = null, int identifiesRemaining = 999, IGatewayEventSink? sink = null)
    {
        IdentifiesRemaining = identifiesRemaining;
        if (savedSession is not null)
        {
            Store.SaveAsync(savedSession, default).AsTask().GetAwaiter().GetResult();
        }

        var options = Options.Create(new DiscordOptions { BotToken = "scripted-token", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = "https://discord.test/api/v10" });
        Http = new StubHandler(_ => StubHandler.Json(
            "{\"url\":\"" + GatewayUrl + "\",\"shards\":1,\"session_start_limit\":{\"total\":1000,\"remaining\":" + IdentifiesRemaining
            + ",\"reset_after\":60000,\"max_concurrency\":1}}"));
        var rest = new DiscordRestClient(new HttpClient(Http), options, new DiscordRateLimiter(Clock), NullLogger<DiscordRestClient>.Instance);
        Client = new GatewayClient(Transport, rest, sink ?? Sink, Store, options, Clock, Logger, new GatewayClientSettings { Random = new FixedRandom(random) });
    }

    public int IdentifiesRemaining { get; set; }

    public ScriptedGatewayTransport Transport { get; } = new();

    public ObservedClock Clock { get; } = new();

    public CollectingSink Sink { get; } = new();

    public InMemoryGatewaySessionStore Store { get; } = new();

    public ListLogger<GatewayClient> Logger { get; } = new();

    public StubHandler Http { get; }

    public GatewayClient Client { get; }

    public Task Running { get; private set; } = Task.CompletedTask;

    public void Start() => Running = Task.Run(() => Client.RunAsync(_stop.Token));

    /// <summary>Connects, says HELLO, reads IDENTIFY, sends READY (seq 1). Returns the connection.</summary>
    public async Task<ScriptedConnection> ConnectAndIdentifyAsync(int heartbeatMs = 45_000, string sessionId = "session-1")
    {
        var connection = await Transport.NextConnectionAsync();
        await connection.SendAsync(GatewayJson.Hello(heartbeatMs));
        var identify = await connection.NextFromClientAsync();
        if (identify.Op() != 2)
        {
            throw new InvalidOperationException($"Expected IDENTIFY (op 2), got op {identify.Op()}.");
        }
        await connection.SendAsync(GatewayJson.Ready(1, sessionId, ResumeUrl));
        return connection;
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
            // Tests assert on Running themselves when its outcome matters.
        }

        _stop.Dispose();
    }
}
