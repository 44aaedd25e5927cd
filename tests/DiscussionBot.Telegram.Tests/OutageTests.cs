using DiscussionBot.Core.Operations;
using DiscussionBot.Core.Storage;
using DiscussionBot.Telegram.Tests.Fakes;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Telegram.Tests;

/// <summary>Telegram unreachable, slow to answer, refusing the token or a courtesy call: the bot retries what it needs,
/// waits what it is told, skips what it can do without, and stops only for what the operator must fix.</summary>
[Collection(ExitCodeCollection.Name)]
public sealed class OutageTests : IDisposable
{
    private const long Group = -3001;
    private const long Member = 30;
    private const long Moderator = 31;
    private const string Token = "7000001:TEST-token_for-the-fake";

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_bot_started_while_telegram_is_unreachable_keeps_retrying_and_answers_once_it_is_up()
    {
        using var reconnects = new MetricCollector<long>(null, BotMetrics.MeterName, "gateway_reconnects_total");
        var port = FakeBotApi.FreePort();
        await using var bot = await BotHarness.StartAsync(Token, $"http://127.0.0.1:{port}", _dir.File("bot.db"), time: _time);
        var health = bot.Services.GetRequiredService<PlatformHealth>();

        // Nothing listens: getMe fails again and again, with growing waits, and the board says why.
        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return RetryLines(bot, "getMe") >= 4;
        }, "several failed getMe tries");
        var status = Telegram(health);
        Assert.Equal(PlatformState.Reconnecting, status.State);
        Assert.Contains("getMe failed", status.Detail, StringComparison.Ordinal);
        Assert.False(bot.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        await using var api = await FakeBotApi.StartAsync(Token, clock: _time, port: port);
        api.SendText(Member, Member, "/note back again");
        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return api.MessagesTo(Member).Any(m => m.Visible == "noted back again");
        }, "the answer once the Bot API is up");
        Assert.Equal(PlatformState.Connected, Telegram(health).State);
        Assert.Contains(reconnects.GetMeasurementSnapshot(), m => Equals(m.Tags["platform"], "telegram"));
    }

    [Fact]
    public async Task A_5xx_from_getUpdates_is_retried_and_polling_goes_on()
    {
        using var errors = new MetricCollector<long>(null, BotMetrics.MeterName, "platform_api_errors_total");
        using var events = new MetricCollector<long>(null, BotMetrics.MeterName, "platform_events_total");
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.FailMethod("getUpdates", 502, times: 3);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);
        api.SendText(Member, Member, "/note after the outage");

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return bot.Recorder.Notes.Contains("after the outage");
        }, "the note after three failed polls");
        Assert.True(api.Calls("getUpdates").Count >= 4);
        Assert.Equal(3, RetryLines(bot, "getUpdates"));
        Assert.True(errors.GetMeasurementSnapshot().Count(m => Equals(m.Tags["platform"], "telegram") && Equals(m.Tags["status"], "502")) >= 3);
        Assert.Contains(events.GetMeasurementSnapshot(), m => Equals(m.Tags["platform"], "telegram"));
    }

    [Fact]
    public async Task A_reply_that_meets_a_5xx_is_sent_again_after_a_pause_and_arrives_once()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.Fail("sendMessage", Member, 502, times: 2);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);
        api.SendText(Member, Member, "/note through");

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            return api.MessagesTo(Member).Count == 1;
        }, "the reply after two 502s");
        Assert.Equal("noted through", api.MessagesTo(Member)[0].Visible);
        var tries = api.Calls("sendMessage");
        Assert.Equal(3, tries.Count);
        Assert.True(tries[2].At - tries[0].At >= TimeSpan.FromSeconds(3), "waited 1 s, then 2 s");
    }

    [Fact]
    public async Task A_429_on_getMe_waits_the_retry_after_telegram_gave()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.FailMethod("getMe", 429, retryAfter: 9);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);
        await FakeBotApi.WaitUntilAsync(() => api.Calls("getMe").Count == 1, "the first getMe");

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            return api.Calls("getMe").Count == 2;
        }, "getMe again after retry_after");
        var calls = api.Calls("getMe");
        Assert.InRange(calls[1].At - calls[0].At, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task A_429_on_getChatAdministrators_waits_the_retry_after_and_the_update_is_handled()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.SetAdministrators(Group, Moderator);
        api.Fail("getChatAdministrators", Group, 429, retryAfter: 7);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);
        var id = api.SendText(Group, Member, "/note waited");
        await FakeBotApi.WaitUntilAsync(() => api.Calls("getChatAdministrators").Count == 1, "the first lookup");

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            return bot.Recorder.Notes.Contains("waited");
        }, "the note after retry_after");
        var calls = api.Calls("getChatAdministrators");
        Assert.Equal(2, calls.Count);
        Assert.InRange(calls[1].At - calls[0].At, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10));
        Assert.Null(bot.Services.GetRequiredService<IStateStore>().Get(DeadLetter.KeyOf(id)));
    }

    [Fact]
    public async Task A_failing_getChatAdministrators_is_retried_with_backoff_instead_of_being_dead_lettered()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.SetAdministrators(Group, Moderator);
        // More failures in a row than an update has attempts: before, the update was dead-lettered at the third.
        api.Fail("getChatAdministrators", Group, 500, times: BotApiCalls.BoundedAttempts - 1);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time,
            settings: new Dictionary<string, string?> { ["Telegram:MaxAttemptsPerUpdate"] = "2" });
        var id = api.SendText(Group, Moderator, "/note recovered");

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            return bot.Recorder.Notes.Contains("recovered");
        }, "the note once the lookup works");
        var calls = api.Calls("getChatAdministrators");
        Assert.Equal(BotApiCalls.BoundedAttempts, calls.Count);
        Assert.True(calls[^1].At - calls[0].At >= TimeSpan.FromSeconds(2), "the tries were spread out, not repeated at once");
        Assert.Null(bot.Services.GetRequiredService<IStateStore>().Get(DeadLetter.KeyOf(id)));
    }

    [Fact]
    public async Task A_long_retry_after_on_setMyCommands_holds_up_the_menus_but_not_the_answers()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.FailMethod("setMyCommands", 429, retryAfter: 300);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);

        api.SendText(Member, Member, "/note not held up");
        await api.WaitForMessageAsync(Member, m => m.Visible == "noted not held up", "the answer while the menus wait");
        Assert.Null(api.MenuFor("default"));

        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            return api.MenuFor("all_private_chats") is not null;
        }, "the menus after retry_after");
        var calls = api.Calls("setMyCommands");
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(300));
        Assert.NotNull(api.MenuFor("default"));
    }

    [Fact]
    public async Task Failing_optional_calls_are_logged_once_and_the_bot_goes_on()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        // As telegram-test-api does: no setMyCommands at all.
        api.FailMethod("setMyCommands", 500, times: 100);
        api.FailMethod("answerCallbackQuery", 400, times: 100);
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);

        api.SendText(Member, Member, "/buttons");
        var buttons = await api.WaitForMessageAsync(Member, m => m.Visible == "Pick one", "the buttons");
        for (var i = 0; i < 3; i++)
        {
            api.Enqueue(api.CallbackUpdate(buttons, Member, "t:ok"));
        }
        await FakeBotApi.WaitUntilAsync(() => api.Calls("answerCallbackQuery").Count == 3 && bot.Recorder.Presses.Count == 3, "three presses answered");
        api.SendText(Member, Member, "/help");
        await api.WaitForMessageAsync(Member, m => m.Visible.Contains("/summary", StringComparison.Ordinal), "the help reply");

        Assert.Equal(3, api.Calls("setMyCommands").Count);
        var warnings = bot.Logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Single(warnings, m => m.Contains("setMyCommands", StringComparison.Ordinal));
        Assert.Single(warnings, m => m.Contains("answerCallbackQuery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_token_stops_the_host_with_one_line_naming_the_key_and_exit_code_3()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.RevokeToken();
        try
        {
            var (critical, status) = await RunUntilTheHostStopsItselfAsync(api);

            Assert.Contains("Telegram:BotToken", critical, StringComparison.Ordinal);
            Assert.Contains("401", critical, StringComparison.Ordinal);
            Assert.Equal(BotExitCodes.PlatformRefused, Environment.ExitCode);
            Assert.Equal(PlatformState.Failed, status.State);
            Assert.Single(api.Calls("getMe")); // a refused token is not retried
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task A_404_is_reported_as_a_wrong_api_base_url_not_as_a_bad_token()
    {
        await using var api = await FakeBotApi.StartAsync(Token, clock: _time);
        api.FailMethod("getMe", 404);
        try
        {
            var (critical, _) = await RunUntilTheHostStopsItselfAsync(api);

            Assert.Contains("Telegram:ApiBaseUrl", critical, StringComparison.Ordinal);
            Assert.DoesNotContain("BotToken", critical, StringComparison.Ordinal);
            Assert.Equal(BotExitCodes.Configuration, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    /// <summary>Starts the bot on <paramref name="api"/> and waits until it stops itself (a fatal platform error); its one
    /// critical log line and its Telegram status then.</summary>
    private async Task<(string Critical, PlatformStatus Status)> RunUntilTheHostStopsItselfAsync(FakeBotApi api)
    {
        await using var bot = await BotHarness.StartAsync(api, _dir.File("bot.db"), time: _time);
        var lifetime = bot.Services.GetRequiredService<IHostApplicationLifetime>();
        await FakeBotApi.WaitUntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the host to stop");
        var critical = Assert.Single(bot.Logs.GetSnapshot(), r => r.Level == LogLevel.Critical);
        return (critical.Message, Telegram(bot.Services.GetRequiredService<PlatformHealth>()));
    }

    private static PlatformStatus Telegram(PlatformHealth health) => Assert.Single(health.Snapshot(), s => s.Platform == "telegram");

    private static int RetryLines(BotHarness bot, string method) =>
        bot.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.StartsWith($"Telegram {method} failed", StringComparison.Ordinal));
}

/// <summary>Tests that set <see cref="Environment.ExitCode"/> (process-wide) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExitCodeCollection
{
    public const string Name = "exit code";
}
