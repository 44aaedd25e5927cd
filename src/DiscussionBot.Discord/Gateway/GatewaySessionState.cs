namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// What a connection resumes from and how far the bot got, shared by the receive loop, the heartbeat and the
/// dispatcher under one lock: the session id and resume URL from READY; the last sequence received (sent in heartbeats
/// and RESUME); the last one queued (a RESUME's replay of it is not handled twice); and the handled watermark, the
/// sequence saved for a restart. A new session (IDENTIFY) starts a new generation, so the old one's dispatches still
/// in flight no longer move the watermark.
/// </summary>
internal sealed class GatewaySessionState
{
    private readonly Lock _lock = new();
    private readonly SortedSet<int> _inFlight = [];
    private (string SessionId, string ResumeUrl)? _resumable;
    private int? _sequence;
    private int _lastQueued;
    private int _handled;
    private int _accepted;
    private int _generation;

    public bool CanResume
    {
        get
        {
            lock (_lock)
            {
                return _resumable is not null;
            }
        }
    }

    public string? SessionId
    {
        get
        {
            lock (_lock)
            {
                return _resumable?.SessionId;
            }
        }
    }

    public string? ResumeUrl
    {
        get
        {
            lock (_lock)
            {
                return _resumable?.ResumeUrl;
            }
        }
    }

    /// <summary>The last sequence received: what a heartbeat and a RESUME carry.</summary>
    public int? Sequence
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Takes up a session saved by an earlier run, everything up to its sequence handled.</summary>
    public void Restore(GatewaySession saved)
    {
        lock (_lock)
        {
            _resumable = (saved.SessionId, saved.ResumeGatewayUrl);
            _sequence = saved.Sequence;
            _lastQueued = saved.Sequence;
            _handled = saved.Sequence;
            _accepted = saved.Sequence;
        }
    }

    /// <summary>Before an IDENTIFY: nothing of the old session counts any more.</summary>
    public void BeginNewSession()
    {
        lock (_lock)
        {
            _resumable = null;
            _sequence = null;
            _lastQueued = 0;
            _handled = 0;
            _accepted = 0;
            _inFlight.Clear();
            _generation++;
        }
    }

    /// <summary>The session cannot be resumed: the next connection identifies.</summary>
    public void Forget() => Resumable(null);

    /// <summary>READY named the session and where to resume it.</summary>
    public void Ready(string sessionId, string resumeUrl) => Resumable((sessionId, resumeUrl));

    /// <summary>Notes a dispatch's sequence as received; returns the generation it belongs to.</summary>
    public int Received(int sequence)
    {
        lock (_lock)
        {
            if (_sequence is null || sequence > _sequence)
            {
                _sequence = sequence;
            }

            return _generation;
        }
    }

    /// <summary>False when a dispatch of this sequence was already queued in this session (a RESUME replays what it thinks we missed).</summary>
    public bool TryQueue(int sequence)
    {
        lock (_lock)
        {
            if (sequence <= _lastQueued)
            {
                return false;
            }

            _lastQueued = sequence;
            return true;
        }
    }

    /// <summary>The sink took the dispatch and works on it.</summary>
    public void Started(int generation, int sequence)
    {
        lock (_lock)
        {
            if (generation == _generation)
            {
                _inFlight.Add(sequence);
            }
        }
    }

    /// <summary>
    /// Marks a dispatch handled. The watermark is the highest sequence with nothing earlier still in flight: events
    /// handled out of order on the sink's lanes never let an unfinished earlier one be skipped.
    /// </summary>
    public void Handled(int generation, int sequence)
    {
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }

            _inFlight.Remove(sequence);
            _accepted = Math.Max(_accepted, sequence);
            var watermark = _inFlight.Count == 0 ? _accepted : _inFlight.Min - 1;
            _handled = Math.Max(_handled, watermark);
        }
    }

    /// <summary>The session to save (at the handled watermark, so a restart's RESUME replays the rest), or null when there is none.</summary>
    public GatewaySession? Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _resumable is { } session ? new GatewaySession(session.SessionId, session.ResumeUrl, _handled, now) : null;
        }
    }

    private void Resumable((string SessionId, string ResumeUrl)? session)
    {
        lock (_lock)
        {
            _resumable = session;
        }
    }
}
