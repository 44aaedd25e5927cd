using System.Collections.Concurrent;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Telegram.Tests;

/// <summary>The send scheduler against Telegram's limits, on a fake clock: one message a second per chat, 20 a minute
/// only in groups, 30 a second overall.</summary>
public sealed class PacingTests : IDisposable
{
    private const long PrivateChat = 4242;
    private const long Group = -100_4242;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
    private readonly SendScheduler _scheduler;
    private readonly ConcurrentQueue<(long Chat, DateTimeOffset At)> _sent = new();

    public PacingTests() => _scheduler = new SendScheduler(_time, Options.Create(new TelegramOptions()), NullLogger<SendScheduler>.Instance);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task A_private_chat_gets_one_message_a_second_and_a_group_twenty_a_minute()
    {
        var start = _time.GetUtcNow();
        var sends = new List<Task>();
        for (var i = 0; i < 25; i++)
        {
            sends.Add(Send(PrivateChat));
            sends.Add(Send(Group));
        }
        await RunClockUntil(() => sends.All(t => t.IsCompleted));

        var inPrivate = TimesOf(PrivateChat);
        var inGroup = TimesOf(Group);
        Assert.Equal(25, inPrivate.Count);
        Assert.Equal(25, inGroup.Count);
        Assert.All(inPrivate.Zip(inPrivate.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(1)));
        Assert.All(inGroup.Zip(inGroup.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(1)));
        // The private chat is not held to 20 a minute: all 25 went out in about 25 seconds.
        Assert.True(inPrivate[^1] - start < TimeSpan.FromSeconds(40), $"the private chat's last message went at {inPrivate[^1] - start}");
        // The group got 20 in its first minute, and the 21st only a minute after the first.
        Assert.True(inGroup[19] - start < TimeSpan.FromSeconds(30));
        Assert.True(inGroup[20] - inGroup[0] >= TimeSpan.FromMinutes(1));
        Assert.All(inGroup, t => Assert.True(inGroup.Count(u => u >= t && u < t + TimeSpan.FromMinutes(1)) <= 20));
    }

    [Fact]
    public async Task No_more_than_thirty_messages_go_out_in_any_second_across_chats()
    {
        var sends = Enumerable.Range(1, 45).Select(chat => Send(chat)).ToList();
        await RunClockUntil(() => sends.All(t => t.IsCompleted));

        var times = _sent.Select(s => s.At).Order().ToList();
        Assert.Equal(45, times.Count);
        Assert.All(times, t => Assert.True(times.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)) <= 30));
        Assert.True(times[30] - times[0] >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Lanes_of_chats_that_went_quiet_are_dropped_once_there_are_many()
    {
        var sends = Enumerable.Range(1, SendScheduler.PruneThreshold).Select(chat => Send(chat)).ToList();
        await RunClockUntil(() => sends.All(t => t.IsCompleted));
        Assert.Equal(SendScheduler.PruneThreshold, _scheduler.Lanes);

        // A minute later no limit holds any of them back: the next new chat finds them idle and they are dropped.
        _time.Advance(TimeSpan.FromMinutes(1));
        await Send(PrivateChat).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, _scheduler.Lanes);
    }

    private Task<bool> Send(long chat) => _scheduler.EnqueueAsync(chat, _ =>
    {
        _sent.Enqueue((chat, _time.GetUtcNow()));
        return Task.FromResult(true);
    });

    private List<DateTimeOffset> TimesOf(long chat) => _sent.Where(s => s.Chat == chat).Select(s => s.At).ToList();

    private Task RunClockUntil(Func<bool> done) => FakeBotApi.WaitUntilAsync(() =>
    {
        _time.Advance(TimeSpan.FromMilliseconds(250));
        return done();
    }, "the scheduled sends", timeoutMs: 30_000);
}
