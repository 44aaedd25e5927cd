using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// Sends one REST request the way Discord asks: waits for its bucket and the global limit, retries 429s (at most
/// <see cref="DiscordRestClient.MaxRateLimitRetries"/>) and, where repeating cannot do a thing twice, server errors and
/// broken connections; stops for good after repeated 401s and rests a request that keeps failing with 401/403/404
/// (<see cref="DiscordRateLimiter.RefusedStatus"/>), so the bot never earns Cloudflare's invalid-request ban.
/// </summary>
internal sealed partial class DiscordRequestPipeline(HttpClient http, DiscordOptions options, DiscordRateLimiter limiter, ILogger logger)
{
    private TimeProvider Time => limiter.Time;

    /// <param name="repeatable">The request may be sent again after a server error (GET, PUT, PATCH and DELETE always may).</param>
    public async Task<T?> SendAsync<T>(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken,
        bool repeatable = false)
    {
        repeatable |= method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;
        var serverErrors = 0;
        var path = pathAndQuery.Split('?', 2)[0];
        var route = DiscordRoute.For(method, path);
        var url = new Uri(options.ApiBaseUrl.TrimEnd('/') + pathAndQuery, UriKind.Absolute);
        var requestKey = $"{method.Method} {path}";
        for (var attempt = 0; ; attempt++)
        {
            Guard(route, requestKey);
            var bucket = limiter.BucketFor(route);
            HttpResponseMessage? response;
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitForLimitsAsync(route, bucket, cancellationToken).ConfigureAwait(false);
                using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
                request.Headers.UserAgent.ParseAdd($"DiscordBot ({options.UserAgentUrl}, {options.UserAgentVersion})");
                if (route.UsesBotToken)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", options.BotToken);
                }

                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex)
                {
                    BotMetrics.PlatformApiError("discord", "network");
                    if (!repeatable || serverErrors >= DiscordRestClient.MaxServerErrorRetries)
                    {
                        throw;
                    }

                    LogServerError(logger, route.RouteKey, ex.Message, ++serverErrors);
                    response = null;
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // HttpClient's own timeout, not a cancellation anyone asked for.
                    BotMetrics.PlatformApiError("discord", "timeout");
                    if (!repeatable || serverErrors >= DiscordRestClient.MaxServerErrorRetries)
                    {
                        throw new TimeoutException($"Discord did not answer {route.RouteKey} in time.", ex);
                    }

                    LogServerError(logger, route.RouteKey, "timeout", ++serverErrors);
                    response = null;
                }

                if (response is not null)
                {
                    limiter.Update(route, bucket, response.Headers);
                    limiter.RecordOutcome(requestKey, (int)response.StatusCode);
                    if (!response.IsSuccessStatusCode)
                    {
                        BotMetrics.PlatformApiError("discord", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
            finally
            {
                bucket.Gate.Release();
            }

            if (response is null)
            {
                await Task.Delay(ServerErrorBackoff(serverErrors), Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var retryAfter = await OnRateLimitedAsync(route, bucket, response, cancellationToken).ConfigureAwait(false);
                    if (attempt >= DiscordRestClient.MaxRateLimitRetries)
                    {
                        throw new DiscordHttpException(response.StatusCode, null, $"still rate limited after {attempt + 1} attempts (retry after {retryAfter.TotalSeconds:0.###} s)");
                    }

                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized && route.UsesBotToken)
                {
                    var count = limiter.RecordUnauthorized();
                    LogUnauthorized(logger, route.RouteKey, count);
                    throw new DiscordAuthenticationException($"Discord refused the bot token (401 on {route.RouteKey}).");
                }

                if (route.UsesBotToken)
                {
                    limiter.RecordAuthorized();
                }

                if ((int)response.StatusCode is 500 or 502 or 503 or 504 && repeatable && serverErrors < DiscordRestClient.MaxServerErrorRetries)
                {
                    LogServerError(logger, route.RouteKey, $"{(int)response.StatusCode} {response.ReasonPhrase}", ++serverErrors);
                    await Task.Delay(ServerErrorBackoff(serverErrors), Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
                }

                if (responseType is null || response.StatusCode == HttpStatusCode.NoContent)
                {
                    return default;
                }

                return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Requests that must not be sent at all: any bot request after repeated 401s, and one resting after repeated refusals.</summary>
    private void Guard(DiscordRoute route, string requestKey)
    {
        if (route.UsesBotToken && limiter.ConsecutiveUnauthorized >= DiscordRestClient.MaxConsecutiveUnauthorized)
        {
            throw new DiscordAuthenticationException("Discord refused the bot token repeatedly; no more requests are made. Set a valid Discord:BotToken and restart.");
        }

        if (limiter.RefusedStatus(requestKey) is { } refused)
        {
            // Discord bans an IP after 10,000 invalid requests in 10 minutes; a request that keeps failing rests.
            throw new DiscordHttpException((HttpStatusCode)refused, null,
                $"not sent: {requestKey} failed with {refused} {DiscordRateLimiter.MaxInvalidRepeats} times in a row; it rests for {DiscordRateLimiter.InvalidCooldown.TotalMinutes:0} minutes");
        }
    }

    /// <summary>0.5 s, then 1 s, each with up to a quarter more at random, so many clients do not retry in step.</summary>
    private static TimeSpan ServerErrorBackoff(int failures) =>
        TimeSpan.FromMilliseconds(500 * Math.Pow(2, failures - 1) * (1 + 0.25 * Random.Shared.NextDouble()));

    private async Task WaitForLimitsAsync(DiscordRoute route, DiscordRateLimiter.Bucket bucket, CancellationToken cancellationToken)
    {
        // Each wait lasts until the clock has passed its end: a timer may wake a little before the time it was set for, and
        // a request sent that early is a 429 (Discord counts those against the invalid-request limit).
        while (route.GlobalLimited && limiter.GlobalDelay() is { } global && global > TimeSpan.Zero)
        {
            LogWaiting(logger, "global", route.RouteKey, global.TotalMilliseconds);
            await Task.Delay(global, Time, cancellationToken).ConfigureAwait(false);
        }

        if (route.GlobalLimited)
        {
            await limiter.TakeGlobalSlotAsync(cancellationToken).ConfigureAwait(false);
        }

        while (bucket.DelayBeforeNext(Time.GetUtcNow()) is { } delay && delay > TimeSpan.Zero)
        {
            LogWaiting(logger, "bucket", route.RouteKey, delay.TotalMilliseconds);
            await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Scope <c>global</c> pauses every bot request; <c>user</c> and <c>shared</c> are per-route limits
    /// (rate-limits.mdx), so only this bucket waits and other buckets go on.
    /// </summary>
    private async Task<TimeSpan> OnRateLimitedAsync(DiscordRoute route, DiscordRateLimiter.Bucket bucket, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        RateLimitResponse? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync(DiscordJsonContext.Default.RateLimitResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // Cloudflare 429s come without a JSON body; the Retry-After header still applies.
        }

        var seconds = body?.RetryAfter
            ?? (double.TryParse(DiscordRateLimiter.Header(response.Headers, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var header) ? header : 1);
        var retryAfter = TimeSpan.FromSeconds(Math.Max(0, seconds));
        var scope = DiscordRateLimiter.Header(response.Headers, "X-RateLimit-Scope") ?? "user";
        var global = body?.Global == true
            || string.Equals(DiscordRateLimiter.Header(response.Headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase)
            || scope == "global";
        LogRateLimited(logger, route.RouteKey, global ? "global" : scope, retryAfter.TotalMilliseconds);
        if (global)
        {
            limiter.PauseAll(retryAfter);
        }
        else
        {
            bucket.Set(0, Time.GetUtcNow().Add(retryAfter));
        }

        return retryAfter;
    }

    private static async Task<DiscordHttpException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        DiscordErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, DiscordJsonContext.Default.DiscordErrorResponse);
        }
        catch (JsonException)
        {
            // Not every error page is Discord JSON (proxies, Cloudflare).
        }

        return new DiscordHttpException(response.StatusCode, error?.Code, error?.Message ?? response.ReasonPhrase ?? "error", text);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting {DelayMs} ms for the {Limit} rate limit before {Route}")]
    private static partial void LogWaiting(ILogger logger, string limit, string route, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited on {Route} (scope {Scope}); retrying after {RetryAfterMs} ms")]
    private static partial void LogRateLimited(ILogger logger, string route, string scope, double retryAfterMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord failed on {Route} ({Error}); retry {Attempt}")]
    private static partial void LogServerError(ILogger logger, string route, string error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord refused the bot token on {Route} ({Count} in a row)")]
    private static partial void LogUnauthorized(ILogger logger, string route, int count);
}
