using System.Text.Json;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells the test when code under test starts waiting, so the test
/// advances the clock only once the timer exists instead of racing the code with real sleeps.
/// </summary>
public sealed class ObservedClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Seen)> _waiters = [];

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public DateTimeOffset Start { get; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Time passed on the fake clock since the test began.</summary>
    public TimeSpan Elapsed => Fake.GetUtcNow() - Start;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers fire this much before their due time (at most half of it), as real timers may: code that waits
    /// for a moment must check the clock when it wakes. Waits are still matched by the due time asked for.</summary>
    public TimeSpan FireEarly { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var fireAt = FireEarly > TimeSpan.Zero && dueTime > TimeSpan.Zero ? dueTime - TimeSpan.FromTicks(Math.Min(FireEarly.Ticks, dueTime.Ticks / 2)) : dueTime;
        var timer = Fake.CreateTimer(callback, state, fireAt, period);
        lock (_lock)
        {
            var waiter = _waiters.FindIndex(w => w.Due == dueTime);
            if (waiter >= 0)
            {
                _waiters[waiter].Seen.TrySetResult();
                _waiters.RemoveAt(waiter);
            }
            else
            {
                _created.Add(dueTime);
            }
        }

        return timer;
    }

    /// <summary>Waits (in real time, bounded: generous, as a loaded machine can be slow to get there) until a timer with exactly
    /// <paramref name="due"/> has been created; each timer is seen once.</summary>
    public async Task WaitForTimerAsync(TimeSpan due, int timeoutMs = 30_000)
    {
        Task seen;
        lock (_lock)
        {
            var index = _created.IndexOf(due);
            if (index >= 0)
            {
                _created.RemoveAt(index);
                return;
            }

            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((due, tcs));
            seen = tcs.Task;
        }

        if (await Task.WhenAny(seen, Task.Delay(timeoutMs)) != seen)
        {
            throw new TimeoutException($"Nothing started waiting {due.TotalMilliseconds} ms on the clock (at {Elapsed}).");
        }
    }

    /// <summary>Forgets timers seen so far (e.g. the HELLO timeout) so later waits match only new ones.</summary>
    public void ForgetTimers()
    {
        lock (_lock)
        {
            _created.Clear();
        }
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);
}
