using System.Diagnostics.Metrics;
using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>Readiness, metrics and staying up: what an operator sees of the Discord connection.</summary>
public sealed class AdapterHealthTests
{
    private static PlatformStatus Discord(DiscordBotHarness bot) => bot.Get<PlatformHealth>().Snapshot().Single(s => s.Platform == "discord");

    [Fact]
    public async Task Discord_is_connected_after_ready_and_degraded_after_4014_while_slash_commands_keep_working()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        await DiscordBotHarness.EventuallyAsync(() => Discord(bot).State == PlatformState.Connected, "Discord to report connected");

        await bot.Gateway.CloseAsync(4014, "Disallowed intent(s).");
        var identify = await bot.ReconnectAsync();
        await DiscordBotHarness.EventuallyAsync(() => Discord(bot).State == PlatformState.Degraded, "Discord to report degraded");
        var help = await bot.CommandAsync("help");

        Assert.Equal(0, identify.GetProperty("intents").GetInt32() & (int)GatewayIntents.MessageContent);
        Assert.Contains("Privileged Gateway Intents", Discord(bot).Detail, StringComparison.Ordinal);
        Assert.True(Discord(bot).IsReady);
        Assert.Contains("/summary", help.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(bot.Get<GatewayIntentState>().MessageContent);
    }

    [Fact]
    public async Task Registration_that_fails_with_server_errors_is_retried_until_discord_takes_it()
    {
        var failures = 0;
        await using var bot = await DiscordBotHarness.StartAsync(prepare: discord => discord.Responder = r =>
            r.Method == "PUT" && Interlocked.Increment(ref failures) <= 3 ? new FakeResponse(503, """{"message":"Service Unavailable","code":0}""") : null);

        var registered = await bot.Discord.WaitForRequestAsync(r => r.Method == "PUT", count: 4, timeoutMs: 20_000);

        Assert.NotNull(registered);
        Assert.Equal(4, bot.Discord.RequestsTo("PUT", "/applications/").Count);
        Assert.Equal(PlatformState.Connected, Discord(bot).State);
    }

    [Fact]
    public async Task Gateway_info_unreachable_at_start_is_retried_with_backoff_until_the_shard_identifies()
    {
        var calls = 0;
        var http = new StubHandler(_ => Interlocked.Increment(ref calls) <= 3
            ? throw new HttpRequestException("Connection refused")
            : StubHandler.Json("""{"url":"wss://gateway.test","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":60000,"max_concurrency":1}}"""));
        var options = Options.Create(new DiscordOptions { BotToken = "scripted-token", ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = "https://discord.test/api/v10" });
        var rest = new DiscordRestClient(new HttpClient(http), options, new DiscordRateLimiter(TimeProvider.System), NullLogger<DiscordRestClient>.Instance);
        var transport = new ScriptedGatewayTransport();
        var runner = new GatewayShardRunner(rest, new CollectingSink(), _ => new InMemoryGatewaySessionStore(), () => transport, new GatewayIntentState(), options,
            TimeProvider.System, NullLoggerFactory.Instance, new GatewayClientSettings { BackoffBase = TimeSpan.FromMilliseconds(20) });
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);

        var connection = await transport.NextConnectionAsync(timeoutMs: 20_000);
        await connection.SendAsync(GatewayJson.Hello(45_000));
        var identify = await connection.NextFromClientAsync();
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, identify.Op());
        Assert.True(calls >= 4, $"GET /gateway/bot was tried {calls} times");
    }

    [Fact]
    public async Task Failed_rest_calls_and_reconnects_are_counted_in_the_metrics()
    {
        using var listener = new MeterListener();
        var errors = 0;
        var reconnects = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName && instrument.Name is "platform_api_errors_total" or "gateway_reconnects_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagList = tags.ToArray();
            if (!tagList.Any(t => t.Key == "platform" && (string?)t.Value == "discord"))
            {
                return;
            }

            if (instrument.Name == "gateway_reconnects_total")
            {
                Interlocked.Add(ref reconnects, (int)value);
            }
            else if (tagList.Any(t => t.Key == "status" && (string?)t.Value == "403"))
            {
                Interlocked.Add(ref errors, (int)value);
            }
        });
        listener.Start();
        await using var bot = await DiscordBotHarness.StartAsync();
        bot.Discord.Responder = r => r.Path == "/channels/400000000000000009/messages" ? new FakeResponse(403, """{"code":50001,"message":"Missing Access"}""") : null;

        await Assert.ThrowsAsync<DiscordHttpException>(() => bot.Get<DiscordRestClient>().CreateMessageAsync("400000000000000009", new MessagePayload("x"), default));
        await bot.Gateway.CloseAsync(4000, "Unknown error");
        var resumed = await bot.Discord.AcceptGatewayAsync();
        await resumed.SendAsync(GatewayJson.Hello(45_000));
        await resumed.NextAsync(6); // RESUME

        Assert.True(Volatile.Read(ref errors) >= 1);
        Assert.True(Volatile.Read(ref reconnects) >= 1);
    }
}
