using System.Diagnostics;

namespace DiscussionBot.Testing;

/// <summary>A clock that runs <see cref="Scale"/> times faster than real time, timers included, for benchmarks whose
/// subject waits by the clock (a 5-minute pacing run in 30 s at scale 10). Every part of the run must share it, so
/// what they measure against each other stays true; network latency is not scaled and weighs <see cref="Scale"/>
/// times more. Written by hand: FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing) only moves when told.</summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private readonly long _start = Stopwatch.GetTimestamp();

    public ScaledTimeProvider(double scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1.0);
        Scale = scale;
    }

    public double Scale { get; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_start) * Scale;

    public override long GetTimestamp() => _start + (long)((Stopwatch.GetTimestamp() - _start) * Scale);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Shrink(dueTime), Shrink(period)), this);

    private TimeSpan Shrink(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Scale;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Shrink(dueTime), clock.Shrink(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
