using DiscussionBot.Core.Operations;
using DiscussionBot.Telegram.Tests.Fakes;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Telegram.Tests;

/// <summary>The adapter against a Bot API emulator we did not write (telegram-test-api from npm, run with node).</summary>
public sealed class EmulatorTests : IDisposable
{
    private const string Token = "123456:emulator-token";
    private const long Member = 77;

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_members_help_is_answered_although_the_emulator_has_no_setMyCommands()
    {
        await using var emulator = await TelegramTestApi.StartAsync(FakeBotApi.FreePort());
        await using var bot = await BotHarness.StartAsync(Token, emulator.BaseUrl, _dir.File("bot.db"), time: _time);

        await emulator.SendCommandAsync(Token, Member, "/help");
        var replies = await emulator.WaitForBotMessagesAsync(Token, Member);

        Assert.Contains(replies, r => r.Contains("/summary", StringComparison.Ordinal) && r.Contains("/viewpoints", StringComparison.Ordinal));
        var menuWarnings = bot.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("setMyCommands", StringComparison.Ordinal)).ToList();
        Assert.Single(menuWarnings);
        Assert.Equal(PlatformState.Connected, bot.Services.GetRequiredService<PlatformHealth>().Snapshot().Single(s => s.Platform == "telegram").State);
    }

    [Fact]
    public async Task A_burst_of_members_is_answered_once_each_and_the_emulators_unreadable_answers_are_warnings_not_failures()
    {
        // telegram-test-api answers sendMessage with a date in milliseconds, which Telegram.Bot cannot read: the message
        // was delivered, so the bot must neither count it as undelivered nor send it again.
        await using var emulator = await TelegramTestApi.StartAsync(FakeBotApi.FreePort());
        await using var bot = await BotHarness.StartAsync(Token, emulator.BaseUrl, _dir.File("bot.db"), time: _time);
        var members = Enumerable.Range(1, 20).Select(i => 1000L + i).ToList();

        await Task.WhenAll(members.Select(m => emulator.SendCommandAsync(Token, m, "/help")));
        foreach (var member in members)
        {
            var replies = await emulator.WaitForBotMessagesAsync(Token, member);
            Assert.Single(replies);
        }

        bool Unreadable(Microsoft.Extensions.Logging.Testing.FakeLogRecord r) =>
            r.Level == LogLevel.Warning && r.Message.Contains("was accepted, but the server's answer could not be read", StringComparison.Ordinal);
        await FakeBotApi.WaitUntilAsync(() => bot.Logs.GetSnapshot().Count(Unreadable) == members.Count, "a warning for each unreadable answer");
        Assert.DoesNotContain(bot.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
        foreach (var member in members)
        {
            Assert.Empty(await emulator.ReadBotMessagesAsync(Token, member));
        }
    }

    [Fact]
    public async Task The_bot_answers_when_the_emulator_starts_only_after_it()
    {
        var port = FakeBotApi.FreePort();
        await using var bot = await BotHarness.StartAsync(Token, $"http://127.0.0.1:{port}", _dir.File("bot.db"), time: _time);
        await FakeBotApi.WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return bot.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Telegram getMe failed", StringComparison.Ordinal)) >= 3;
        }, "getMe to fail a few times while nothing listens");

        await using var emulator = await TelegramTestApi.StartAsync(port);
        await emulator.SendCommandAsync(Token, Member, "/note late start");
        var replies = await emulator.WaitForBotMessagesAsync(Token, Member, whileWaiting: () => _time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal(["noted late start"], replies);
        Assert.Equal(["late start"], bot.Recorder.Notes);
    }
}
