using System.Collections.Concurrent;
using DiscussionBot.Core.Operations;
using DiscussionBot.Discord.Gateway;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Folds the shards' connection states into the one line <c>/readyz</c> shows for Discord: Failed when the bot gave
/// up, Reconnecting while any shard is not connected, Degraded when all are connected but without the Message Content
/// intent, Connected otherwise.
/// </summary>
public sealed class DiscordHealthReporter(PlatformHealth health, GatewayIntentState intents)
{
    public const string Platform = DiscordPosts.Platform;

    public const string NoMessageContent =
        "running without the Message Content intent: links posted in channels are not summarised automatically; messages that mention the bot, and DMs, still are (enable it in the Developer Portal → Bot → Privileged Gateway Intents)";

    private readonly ConcurrentDictionary<int, GatewayConnectionState> _shards = new();
    private volatile bool _failed;

    /// <summary>Marks Discord as configured, so <c>/readyz</c> waits for it.</summary>
    public void Expect() => health.Expect(Platform);

    public void OnStatus(GatewayStatusChange change)
    {
        if (_failed)
        {
            return;
        }

        _shards[change.Shard.Id] = change.State;
        var states = _shards.Values.ToList();
        if (states.Any(s => s == GatewayConnectionState.Failed))
        {
            // The runner decides what a shard's failure means (4011 re-shards); a fatal stop calls Failed itself.
            health.Report(Platform, PlatformState.Reconnecting, change.Detail);
        }
        else if (states.All(s => s == GatewayConnectionState.Connected))
        {
            health.Report(Platform, intents.MessageContent ? PlatformState.Connected : PlatformState.Degraded,
                intents.MessageContent ? null : NoMessageContent);
        }
        else if (states.Any(s => s == GatewayConnectionState.Reconnecting))
        {
            health.Report(Platform, PlatformState.Reconnecting, change.Detail);
        }
        else
        {
            health.Report(Platform, PlatformState.Starting, change.Detail);
        }
    }

    /// <summary>Re-sharding starts from scratch: forget the old shards.</summary>
    public void Reset() => _shards.Clear();

    public void Failed(string detail)
    {
        _failed = true;
        health.Report(Platform, PlatformState.Failed, detail);
    }
}
