namespace DiscussionBot.Discord.Gateway;

/// <summary>What a RESUME needs: the session id and resume URL from READY, and the last sequence received.</summary>
public sealed record GatewaySession(string SessionId, string ResumeGatewayUrl, int Sequence, DateTimeOffset SavedAt);

/// <summary>
/// Keeps the gateway session across restarts so a quick restart resumes (cheap, no events lost)
/// instead of identifying (limited to 1000 a day). A stale session is harmless: the gateway answers
/// op 9 and the client identifies.
/// </summary>
public interface IGatewaySessionStore
{
    /// <summary>The last saved session, or null.</summary>
    ValueTask<GatewaySession?> LoadAsync(CancellationToken cancellationToken);

    ValueTask SaveAsync(GatewaySession session, CancellationToken cancellationToken);

    /// <summary>Forgets the session once it can no longer be resumed.</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken);
}

/// <summary>Keeps the session in memory: for tests and for runs where a restart may identify again.</summary>
public sealed class InMemoryGatewaySessionStore : IGatewaySessionStore
{
    private GatewaySession? _session;

    public GatewaySession? Current => Volatile.Read(ref _session);

    public ValueTask<GatewaySession?> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Current);

    public ValueTask SaveAsync(GatewaySession session, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _session, session);
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _session, null);
        return ValueTask.CompletedTask;
    }
}
