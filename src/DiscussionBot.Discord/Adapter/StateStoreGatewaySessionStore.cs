using System.Globalization;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Gateway;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Keeps the gateway session in Core's durable <see cref="IStateStore"/>, so a quick restart resumes (no identify spent,
/// missed events replayed) instead of starting a new session.
/// </summary>
public sealed class StateStoreGatewaySessionStore(IStateStore state, GatewayShard? shard = null) : IGatewaySessionStore
{
    public const string SingleShardKey = "discord:gateway-session";

    /// <summary>One key per shard id and count (a session belongs to both); the unsharded bot keeps its old key.</summary>
    public string Key { get; } = shard is null || shard == GatewayShard.Single ? SingleShardKey : $"{SingleShardKey}:{shard.Id}/{shard.Count}";

    public ValueTask<GatewaySession?> LoadAsync(CancellationToken cancellationToken)
    {
        // session id, resume URL, sequence, saved-at ticks: one line each; nothing in them contains a newline.
        var lines = state.Get(Key)?.Split('\n');
        if (lines is not { Length: 4 } || lines[0].Length == 0
            || !int.TryParse(lines[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var sequence)
            || !long.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks))
        {
            return ValueTask.FromResult<GatewaySession?>(null);
        }

        return ValueTask.FromResult<GatewaySession?>(new GatewaySession(lines[0], lines[1], sequence, new DateTimeOffset(ticks, TimeSpan.Zero)));
    }

    public ValueTask SaveAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        state.Set(Key, string.Join('\n', session.SessionId, session.ResumeGatewayUrl,
            session.Sequence.ToString(CultureInfo.InvariantCulture), session.SavedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)));
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        state.Set(Key, "");
        return ValueTask.CompletedTask;
    }
}
