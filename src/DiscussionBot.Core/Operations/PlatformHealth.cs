using System.Collections.Concurrent;

namespace DiscussionBot.Core.Operations;

/// <summary>Where one platform connection stands. <c>/readyz</c> is ready only when every configured platform is
/// <see cref="Connected"/> (or <see cref="Degraded"/>: running with a feature turned off, such as Discord without the
/// Message Content intent).</summary>
public enum PlatformState
{
    Starting,
    Connected,
    Degraded,
    Reconnecting,
    Failed,
}

/// <summary>One platform's state, with a line for the operator (why it reconnects, what was turned off).</summary>
public sealed record PlatformStatus(string Platform, PlatformState State, string? Detail, DateTimeOffset Since)
{
    public bool IsReady => State is PlatformState.Connected or PlatformState.Degraded;
}

/// <summary>
/// The shared board on which each platform adapter reports its connection state, read by the health endpoint.
/// An adapter calls <see cref="Expect"/> when it is configured (so a platform that never connects keeps the bot
/// unready) and <see cref="Report"/> on every change. Thread-safe; reports are cheap.
/// </summary>
public sealed class PlatformHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PlatformStatus> _states = new(StringComparer.Ordinal);

    /// <summary>Registers a configured platform as <see cref="PlatformState.Starting"/>, unless it already reported.</summary>
    public void Expect(string platform) =>
        _states.TryAdd(platform, new PlatformStatus(platform, PlatformState.Starting, null, time.GetUtcNow()));

    public void Report(string platform, PlatformState state, string? detail = null) =>
        _states.AddOrUpdate(
            platform,
            p => new PlatformStatus(p, state, detail, time.GetUtcNow()),
            (p, old) => old.State == state && old.Detail == detail ? old : new PlatformStatus(p, state, detail, time.GetUtcNow()));

    public IReadOnlyList<PlatformStatus> Snapshot() => [.. _states.Values.OrderBy(s => s.Platform, StringComparer.Ordinal)];

    /// <summary>True when every expected platform is connected (true when none is configured).</summary>
    public bool AllReady => _states.Values.All(s => s.IsReady);
}
