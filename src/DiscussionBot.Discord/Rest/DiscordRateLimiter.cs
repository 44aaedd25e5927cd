using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// Rate-limit state shared by every <see cref="DiscordRestClient"/> instance (typed clients are transient,
/// the limits are the bot's): per-bucket remaining/reset learned from X-RateLimit-* headers, and a global pause.
/// Requests on one bucket go one at a time so each sees the headers of the previous one; other buckets are unaffected.
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider time)
{
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
        return _buckets.GetOrAdd(id, static _ => new Bucket());
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
