using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// A per-route limit the fake enforces: requests of <see cref="Method"/> on <see cref="Template"/> (ids as
/// <c>{channel_id}</c>, <c>{guild_id}</c>, <c>{webhook_id}</c>, <c>{webhook_token}</c>, <c>{id}</c>) share the bucket
/// <see cref="Hash"/>, counted apart for each top-level resource (channel, guild, webhook id + token) as rate-limits.mdx says.
/// </summary>
public sealed record FakeBucketRule(string Method, string Template, string Hash, int Limit, TimeSpan Window);

/// <summary>A request the fake answered 429 because the bot sent it on an exhausted bucket or past the global limit.</summary>
public sealed record RateLimitViolation(RecordedRequest Request, string Bucket, string Scope, TimeSpan RetryAfter);

/// <summary>
/// The limits Discord enforces, as rate-limits.mdx documents them: per-route buckets per top-level resource, each answer
/// carrying <c>X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket</c>; a request on an exhausted bucket gets 429 with
/// <c>retry_after</c>, <c>Retry-After</c> and <c>X-RateLimit-Scope: user</c>; and the global 50 requests a second for
/// bot-token requests (interaction endpoints are not bound to it), 429 with <c>X-RateLimit-Global: true</c>. Discord does
/// not publish the numbers ("should not be hard coded"); the defaults are the ones bots observe for messages (5 per 5 s
/// per channel). A bucket window starts at its first request and resets <see cref="FakeBucketRule.Window"/> later.
/// </summary>
public sealed class FakeRateLimits
{
    /// <summary>Channel messages and typing: 5 per 5 s per channel.</summary>
    public static readonly IReadOnlyList<FakeBucketRule> DiscordDefaults =
    [
        new("POST", "/channels/{channel_id}/messages", "c0ffee01messages", 5, TimeSpan.FromSeconds(5)),
        new("POST", "/channels/{channel_id}/typing", "c0ffee02typing", 5, TimeSpan.FromSeconds(5)),
    ];

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RateLimitViolation> _violations = new();
    private readonly Window _global = new();

    /// <summary>Off: no headers and no 429s, for tests about something else that script limits themselves.</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<FakeBucketRule> Rules { get; set; } = DiscordDefaults;

    /// <summary>Bot-token requests a second, across all routes; 0 turns the global limit off.</summary>
    public int GlobalPerSecond { get; set; } = 50;

    /// <summary>The clock the windows run on.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Requests refused with 429 because the client did not wait, in arrival order.</summary>
    public IReadOnlyList<RateLimitViolation> Violations => [.. _violations];

    /// <summary>
    /// Counts <paramref name="request"/> against its limits: the 429 to answer when a limit is exhausted, else null and
    /// the bucket headers to send with whatever the answer is.
    /// </summary>
    public (FakeResponse? Refusal, IReadOnlyDictionary<string, string> Headers) Take(RecordedRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!Enabled)
        {
            return (null, headers);
        }

        var now = Time.GetUtcNow();
        var (template, major) = Route(request.Path);
        if (GlobalPerSecond > 0 && !IsInteractionRoute(request.Path)
            && _global.Take(now, GlobalPerSecond, TimeSpan.FromSeconds(1)).Wait is { } globalWait)
        {
            var seconds = Seconds(globalWait);
            _violations.Enqueue(new RateLimitViolation(request, "global", "global", globalWait));
            return (new FakeResponse(429, RateLimitBody("You are being rate limited.", seconds, global: true), new Dictionary<string, string>
            {
                ["Retry-After"] = Math.Ceiling(globalWait.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Global"] = "true",
                ["X-RateLimit-Scope"] = "global",
            }), headers);
        }

        var rule = Rules.FirstOrDefault(r => r.Method == request.Method && r.Template == template);
        if (rule is null)
        {
            return (null, headers);
        }

        var window = _windows.GetOrAdd($"{rule.Hash}:{major}", static _ => new Window());
        var (wait, remaining, resetAt) = window.Take(now, rule.Limit, rule.Window);
        var resetAfter = resetAt > now ? resetAt - now : TimeSpan.Zero;
        headers["X-RateLimit-Limit"] = rule.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (resetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Seconds(resetAfter);
        headers["X-RateLimit-Bucket"] = rule.Hash;
        if (wait is null)
        {
            return (null, headers);
        }

        _violations.Enqueue(new RateLimitViolation(request, $"{rule.Hash}:{major}", "user", wait.Value));
        headers["Retry-After"] = Math.Ceiling(wait.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = "user";
        return (new FakeResponse(429, RateLimitBody("You are being rate limited.", Seconds(wait.Value), global: false), headers), headers);
    }

    /// <summary>The route template and its top-level resource ids, as Discord counts them.</summary>
    public static (string Template, string Major) Route(string path)
    {
        var segments = path.Trim('/').Split('/');
        var template = new string[segments.Length];
        var major = new List<string>(2);
        for (var i = 0; i < segments.Length; i++)
        {
            var previous = i > 0 ? segments[i - 1] : "";
            var beforePrevious = i > 1 ? segments[i - 2] : "";
            var segment = segments[i];
            string? placeholder = previous switch
            {
                "channels" => "{channel_id}",
                "guilds" => "{guild_id}",
                "webhooks" => "{webhook_id}",
                _ => beforePrevious == "webhooks" ? "{webhook_token}" : null,
            };
            if (placeholder is not null)
            {
                major.Add(segment);
            }

            template[i] = placeholder ?? (segment.Length > 0 && segment.All(char.IsAsciiDigit) ? "{id}" : segment);
        }

        return ("/" + string.Join('/', template), string.Join('/', major));
    }

    private static bool IsInteractionRoute(string path) =>
        path.StartsWith("/interactions/", StringComparison.Ordinal)
        || (path.StartsWith("/webhooks/", StringComparison.Ordinal) && path.Count(c => c == '/') >= 3);

    // Rounded up to the millisecond, so a client that waits exactly as long as told is never early.
    private static string Seconds(TimeSpan t) => (Math.Ceiling(t.TotalMilliseconds) / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    private static string RateLimitBody(string message, string retryAfter, bool global) => new JsonObject
    {
        ["message"] = message,
        ["retry_after"] = double.Parse(retryAfter, CultureInfo.InvariantCulture),
        ["global"] = global,
    }.ToJsonString();

    /// <summary>A fixed window that opens at its first request.</summary>
    private sealed class Window
    {
        private readonly Lock _lock = new();
        private int _used;
        private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

        /// <summary>Takes one request: no wait when allowed, else how long until the window resets; and what is left.</summary>
        public (TimeSpan? Wait, int Remaining, DateTimeOffset ResetAt) Take(DateTimeOffset now, int limit, TimeSpan length)
        {
            lock (_lock)
            {
                if (now >= _resetAt)
                {
                    _used = 0;
                    _resetAt = now + length;
                }

                if (_used >= limit)
                {
                    return (_resetAt - now, 0, _resetAt);
                }

                _used++;
                return (null, limit - _used, _resetAt);
            }
        }
    }
}
