using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// Rate-limit state shared by every <see cref="DiscordRestClient"/> instance (typed clients are transient,
/// the limits are the bot's): per-bucket remaining/reset learned from X-RateLimit-* headers, and a global pause.
/// Requests on one bucket go one at a time so each sees the headers of the previous one; other buckets are unaffected.
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider time, int globalPerSecond = 50)
{
    /// <summary>Failures with 401, 403 or 404 of one request after which it is not sent again for <see cref="InvalidCooldown"/>.</summary>
    public const int MaxInvalidRepeats = 3;

    /// <summary>Discord counts invalid requests over 10 minutes (10,000 ban the IP); a refused request rests as long.</summary>
    public static readonly TimeSpan InvalidCooldown = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (int Count, int Status, DateTimeOffset Until)> _invalid = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _globalWindow = new();
    private readonly SemaphoreSlim _globalGate = new(1, 1);

    /// <summary>Bot requests allowed per second outside interactions (Discord's global limit is 50).</summary>
    public int GlobalPerSecond { get; } = Math.Clamp(globalPerSecond, 1, 50);

    private readonly ConcurrentDictionary<string, string> _bucketHashByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _globalResetAtTicks;
    private int _consecutiveUnauthorized;

    internal TimeProvider Time => time;

    internal int ConsecutiveUnauthorized => Volatile.Read(ref _consecutiveUnauthorized);

    internal int RecordUnauthorized() => Interlocked.Increment(ref _consecutiveUnauthorized);

    internal void RecordAuthorized() => Interlocked.Exchange(ref _consecutiveUnauthorized, 0);

    internal Bucket BucketFor(DiscordRoute route)
    {
        var id = _bucketHashByRoute.TryGetValue(route.RouteKey, out var hash)
            ? $"{hash}:{route.MajorKey}"
            : $"{route.RouteKey}:{route.MajorKey}";
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _lookups) % SweepEvery == 0)
        {
            Sweep(now);
        }

        var bucket = _buckets.GetOrAdd(id, static _ => new Bucket());
        bucket.LastUsed = now;
        return bucket;
    }

    /// <summary>Buckets (and refused-request records) not used for this long are forgotten: every interaction and
    /// every interaction token has buckets of its own, and a token lives 15 minutes.</summary>
    internal static readonly TimeSpan IdleBucketLifetime = TimeSpan.FromMinutes(20);

    private const int SweepEvery = 1024;
    private long _lookups;

    /// <summary>Buckets currently remembered (for tests of the sweep).</summary>
    internal int BucketCount => _buckets.Count;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.LastUsed > IdleBucketLifetime && bucket.Gate.CurrentCount == 1)
            {
                _buckets.TryRemove(key, out _);
            }
        }

        foreach (var (key, entry) in _invalid)
        {
            if (entry.Until <= now)
            {
                _invalid.TryRemove(key, out _);
            }
        }
    }

    /// <summary>How long the global pause still lasts (zero when none).</summary>
    internal TimeSpan GlobalDelay()
    {
        var resetAt = Interlocked.Read(ref _globalResetAtTicks);
        var now = time.GetUtcNow().UtcTicks;
        return resetAt > now ? TimeSpan.FromTicks(resetAt - now) : TimeSpan.Zero;
    }

    internal void PauseAll(TimeSpan retryAfter)
    {
        var until = time.GetUtcNow().Add(retryAfter).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _globalResetAtTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _globalResetAtTicks, until, current) != current);
    }

    /// <summary>
    /// Waits for a slot of the proactive global limit: at most <see cref="GlobalPerSecond"/> bot requests in any second,
    /// so a burst (a digest to many channels) paces itself instead of collecting global 429s. Interactions skip this.
    /// </summary>
    internal async Task TakeGlobalSlotAsync(CancellationToken cancellationToken)
    {
        await _globalGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _globalWindow.Dequeue();
                }

                if (_globalWindow.Count < GlobalPerSecond)
                {
                    _globalWindow.Enqueue(now);
                    return;
                }

                await Task.Delay(_globalWindow.Peek().AddSeconds(1) - now, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _globalGate.Release();
        }
    }

    /// <summary>The status a request keeps failing with, while it rests; null when it may be sent.</summary>
    internal int? RefusedStatus(string requestKey) =>
        _invalid.TryGetValue(requestKey, out var entry) && entry.Count >= MaxInvalidRepeats && entry.Until > time.GetUtcNow() ? entry.Status : null;

    /// <summary>Counts a 401/403/404 of a request, or clears its record after any other answer.</summary>
    internal void RecordOutcome(string requestKey, int status)
    {
        if (status is 401 or 403 or 404)
        {
            var until = time.GetUtcNow().Add(InvalidCooldown);
            _invalid.AddOrUpdate(requestKey, _ => (1, status, until), (_, old) => (old.Until <= time.GetUtcNow() && old.Count >= MaxInvalidRepeats ? 1 : old.Count + 1, status, until));
        }
        else
        {
            _invalid.TryRemove(requestKey, out _);
        }
    }

    /// <summary>Records what the response headers say about the bucket the request was made on.</summary>
    internal void Update(DiscordRoute route, Bucket bucket, HttpResponseHeaders headers)
    {
        if (Header(headers, "X-RateLimit-Bucket") is { Length: > 0 } hash && _bucketHashByRoute.TryAdd(route.RouteKey, hash))
        {
            // From now on this route maps to the hashed bucket; share the state we hold so far.
            _buckets.TryAdd($"{hash}:{route.MajorKey}", bucket);
        }

        if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            && double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            bucket.Set(remaining, time.GetUtcNow().AddSeconds(resetAfter));
        }
    }

    internal static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>One rate-limit bucket; <see cref="Gate"/> serialises its requests.</summary>
    internal sealed class Bucket
    {
        private readonly Lock _lock = new();
        private int _remaining = 1;
        private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset LastUsed { get; set; }

        public void Set(int remaining, DateTimeOffset resetAt)
        {
            lock (_lock)
            {
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }

        /// <summary>How long to wait before the next request: until the reset when the bucket is exhausted.</summary>
        public TimeSpan DelayBeforeNext(DateTimeOffset now)
        {
            lock (_lock)
            {
                return _remaining <= 0 && _resetAt > now ? _resetAt - now : TimeSpan.Zero;
            }
        }
    }
}
