using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Core.Commands;

/// <summary>Per-member cooldown on expensive commands, so one member cannot keep the bot busy.</summary>
public sealed class Cooldowns(TimeProvider time, IOptions<BotOptions> options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);

    /// <summary>Takes the slot and returns null when the member may run now; otherwise how long to wait.</summary>
    public TimeSpan? TryEnter(string communityId, string userId)
    {
        var period = TimeSpan.FromSeconds(options.Value.CooldownSeconds);
        if (period <= TimeSpan.Zero)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var key = communityId + "\n" + userId;
        while (true)
        {
            if (_lastRun.TryGetValue(key, out var last))
            {
                var wait = last + period - now;
                if (wait > TimeSpan.Zero)
                {
                    return wait;
                }
                if (_lastRun.TryUpdate(key, now, last))
                {
                    return null;
                }
            }
            else if (_lastRun.TryAdd(key, now))
            {
                if (_lastRun.Count > 10_000)
                {
                    Prune(now - period);
                }
                return null;
            }
        }
    }

    private void Prune(DateTimeOffset before)
    {
        foreach (var (key, at) in _lastRun)
        {
            if (at < before)
            {
                _lastRun.TryRemove(key, out _);
            }
        }
    }
}
