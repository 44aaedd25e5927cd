using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// The Discord REST endpoints the bot uses, over a typed <see cref="HttpClient"/>. Honours per-bucket and global
/// rate limits (shared through <see cref="DiscordRateLimiter"/>), retries 429s a bounded number of times, stops for
/// good after repeated 401s, and sends <c>allowed_mentions: {"parse": []}</c> with every message.
/// </summary>
public sealed partial class DiscordRestClient(
    HttpClient http,
    IOptions<DiscordOptions> options,
    DiscordRateLimiter limiter,
    ILogger<DiscordRestClient> logger)
{
    /// <summary>429s retried per request before giving up.</summary>
    public const int MaxRateLimitRetries = 3;

    /// <summary>Server errors (500, 502, 503, 504) or broken connections retried per request, where a retry cannot
    /// do a thing twice: reads, edits and deletions, and channel messages carrying an enforced nonce.</summary>
    public const int MaxServerErrorRetries = 2;

    /// <summary>Consecutive bot-token 401s after which no more requests are made.</summary>
    public const int MaxConsecutiveUnauthorized = 2;

    private readonly DiscordOptions _options = options.Value;

    private TimeProvider Time => limiter.Time;

    /// <summary>GET /gateway/bot: the gateway URL and today's session start limit.</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/gateway/bot", null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken)!;

    /// <summary>PUT /applications/{app}/commands: replaces every global command.</summary>
    public Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGlobalCommandsAsync(
        IReadOnlyList<ApplicationCommandDefinition> commands, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/applications/{ApplicationId}/commands",
            JsonContent(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommandDefinition),
            DiscordJsonContext.Default.IReadOnlyListRegisteredCommand, cancellationToken)!;

    /// <summary>PUT /applications/{app}/guilds/{guild}/commands: replaces the guild's commands (visible at once).</summary>
    public Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGuildCommandsAsync(
        string guildId, IReadOnlyList<ApplicationCommandDefinition> commands, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/applications/{ApplicationId}/guilds/{Id(guildId)}/commands",
            JsonContent(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommandDefinition),
            DiscordJsonContext.Default.IReadOnlyListRegisteredCommand, cancellationToken)!;

    /// <summary>POST /interactions/{id}/{token}/callback: the first answer, due within 3 seconds.</summary>
    public async Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken)
    {
        if (response.Data is { } data)
        {
            Validate(data);
        }

        await SendAsync<object>(HttpMethod.Post, $"/interactions/{Id(interactionId)}/{Token(interactionToken)}/callback",
            JsonContent(response, DiscordJsonContext.Default.InteractionResponse), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /interactions/{id}/{token}/callback with type 8: the suggestions for an autocomplete interaction.</summary>
    public async Task CreateAutocompleteResponseAsync(string interactionId, string interactionToken, IReadOnlyList<ApplicationCommandOptionChoice> choices, CancellationToken cancellationToken)
    {
        if (choices.Count > 25 || choices.Any(c => c.Name.Length is 0 or > 100 || c.Value.Length is 0 or > 100))
        {
            throw new ArgumentException("Autocomplete takes at most 25 choices with names and values of 1–100 characters.", nameof(choices));
        }

        await SendAsync<object>(HttpMethod.Post, $"/interactions/{Id(interactionId)}/{Token(interactionToken)}/callback",
            JsonContent(new AutocompleteResponse(choices), DiscordJsonContext.Default.AutocompleteResponse), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /interactions/{id}/{token}/callback with files (multipart) and, when <paramref name="withResponse"/>, the created
    /// message back (<c>with_response=true</c>), so the bot learns the id of a message it answered with at once.
    /// </summary>
    public async Task<DiscordMessage?> CreateInteractionResponseAsync(
        string interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<FileUpload>? files, bool withResponse, CancellationToken cancellationToken)
    {
        var body = response;
        if (files is { Count: > 0 } && response.Data is { } data)
        {
            body = response with { Data = data with { Attachments = AttachmentsOf(files) } };
        }

        if (body.Data is { } checkedData)
        {
            Validate(checkedData);
        }

        var json = JsonContent(body, DiscordJsonContext.Default.InteractionResponse);
        var content = files is { Count: > 0 } ? Multipart(json, files) : json;
        var query = withResponse ? "?with_response=true" : "";
        var result = await SendAsync(HttpMethod.Post, $"/interactions/{Id(interactionId)}/{Token(interactionToken)}/callback{query}",
            content, withResponse ? DiscordJsonContext.Default.InteractionCallbackResponse : null, cancellationToken).ConfigureAwait(false);
        return result?.Resource?.Message;
    }

    /// <summary>DELETE /webhooks/{app}/{token}/messages/@original: takes back a deferred "thinking" message, e.g. before an ephemeral followup.</summary>
    public Task DeleteOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"/webhooks/{ApplicationId}/{Token(interactionToken)}/messages/@original", null, null, cancellationToken);

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original: fills in a deferred answer or changes the first answer.</summary>
    public Task<DiscordMessage> EditOriginalResponseAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        SendAsync(HttpMethod.Patch, $"/webhooks/{ApplicationId}/{Token(interactionToken)}/messages/@original",
            MessageContent(message, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /webhooks/{app}/{token}: a further message after the first answer.</summary>
    public Task<DiscordMessage> CreateFollowupMessageAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        SendAsync(HttpMethod.Post, $"/webhooks/{ApplicationId}/{Token(interactionToken)}?wait=true",
            MessageContent(message, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /channels/{channel}/messages, with files as multipart when given (PNG charts, CSV exports).</summary>
    public Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        SendAsync(HttpMethod.Post, $"/channels/{Id(channelId)}/messages",
            MessageContent(message with { Nonce = NewNonce(), EnforceNonce = true }, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken,
            repeatable: true)!;

    /// <summary>A nonce of 20 hex digits (Discord allows 25 characters).</summary>
    private static string NewNonce() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    /// <summary>PATCH /channels/{channel}/messages/{message}.</summary>
    public Task<DiscordMessage> EditMessageAsync(string channelId, string messageId, MessagePayload message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"/channels/{Id(channelId)}/messages/{Id(messageId)}",
            MessageContent(message, null), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>DELETE /channels/{channel}/messages/{message}.</summary>
    public Task DeleteMessageAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"/channels/{Id(channelId)}/messages/{Id(messageId)}", null, null, cancellationToken);

    /// <summary>GET /channels/{channel}/messages/{message}: e.g. the final counts of an ended poll.</summary>
    public Task<DiscordMessage> GetMessageAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/channels/{Id(channelId)}/messages/{Id(messageId)}", null, DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /channels/{channel}/polls/{message}/expire: ends a native poll now.</summary>
    public Task<DiscordMessage> ExpirePollAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/channels/{Id(channelId)}/polls/{Id(messageId)}/expire", null, DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    private string ApplicationId => _options.ApplicationId is { Length: > 0 } id
        ? Id(id)
        : throw new InvalidOperationException("Discord:ApplicationId is not set.");

    private async Task<T?> SendAsync<T>(HttpMethod method, string pathAndQuery, Func<HttpContent>? content, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken,
        bool repeatable = false)
    {
        repeatable |= method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;
        var serverErrors = 0;
        var path = pathAndQuery.Split('?', 2)[0];
        var route = DiscordRoute.For(method, path);
        var url = new Uri(_options.ApiBaseUrl.TrimEnd('/') + pathAndQuery, UriKind.Absolute);
        var requestKey = $"{method.Method} {path}";
        for (var attempt = 0; ; attempt++)
            {
                if (route.UsesBotToken && limiter.ConsecutiveUnauthorized >= MaxConsecutiveUnauthorized)
                {
                    throw new DiscordAuthenticationException("Discord refused the bot token repeatedly; no more requests are made. Set a valid Discord:BotToken and restart.");
                }

                if (limiter.RefusedStatus(requestKey) is { } refused)
                {
                    // Discord bans an IP after 10,000 invalid requests in 10 minutes; a request that keeps failing rests.
                    throw new DiscordHttpException((HttpStatusCode)refused, null,
                        $"not sent: {requestKey} failed with {refused} {DiscordRateLimiter.MaxInvalidRepeats} times in a row; it rests for {DiscordRateLimiter.InvalidCooldown.TotalMinutes:0} minutes");
                }

                var bucket = limiter.BucketFor(route);
                HttpResponseMessage? response;
                await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await WaitForLimitsAsync(route, bucket, cancellationToken).ConfigureAwait(false);
                    using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
                    request.Headers.UserAgent.ParseAdd($"DiscordBot ({_options.UserAgentUrl}, {_options.UserAgentVersion})");
                    if (route.UsesBotToken)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _options.BotToken);
                    }

                    try
                    {
                        response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HttpRequestException ex)
                    {
                        BotMetrics.PlatformApiError("discord", "network");
                        if (!repeatable || serverErrors >= MaxServerErrorRetries)
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
                        if (!repeatable || serverErrors >= MaxServerErrorRetries)
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
                        if (attempt >= MaxRateLimitRetries)
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

                    if ((int)response.StatusCode is 500 or 502 or 503 or 504 && repeatable && serverErrors < MaxServerErrorRetries)
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

    /// <summary>0.5 s, then 1 s, each with up to a quarter more at random, so many clients do not retry in step.</summary>
    private static TimeSpan ServerErrorBackoff(int failures) =>
        TimeSpan.FromMilliseconds(500 * Math.Pow(2, failures - 1) * (1 + 0.25 * Random.Shared.NextDouble()));

    private async Task WaitForLimitsAsync(DiscordRoute route, DiscordRateLimiter.Bucket bucket, CancellationToken cancellationToken)
    {
        if (route.GlobalLimited && limiter.GlobalDelay() is { } global && global > TimeSpan.Zero)
        {
            LogWaiting(logger, "global", route.RouteKey, global.TotalMilliseconds);
            await Task.Delay(global, Time, cancellationToken).ConfigureAwait(false);
        }

        if (route.GlobalLimited)
        {
            await limiter.TakeGlobalSlotAsync(cancellationToken).ConfigureAwait(false);
        }

        if (bucket.DelayBeforeNext(Time.GetUtcNow()) is { } delay && delay > TimeSpan.Zero)
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

    /// <summary>JSON when there are no files; otherwise multipart with payload_json and files[n], as Discord requires.</summary>
    private static Func<HttpContent> MessageContent(MessagePayload message, IReadOnlyList<FileUpload>? files)
    {
        if (files is not { Count: > 0 })
        {
            Validate(message);
            return JsonContent(message, DiscordJsonContext.Default.MessagePayload);
        }

        var withAttachments = message with { Attachments = AttachmentsOf(files) };
        Validate(withAttachments);
        return Multipart(JsonContent(withAttachments, DiscordJsonContext.Default.MessagePayload), files);
    }

    private static IReadOnlyList<AttachmentReference> AttachmentsOf(IReadOnlyList<FileUpload> files) =>
        [.. files.Select((f, i) => new AttachmentReference(i.ToString(CultureInfo.InvariantCulture), f.FileName, f.Description))];

    /// <summary>payload_json plus files[n], as Discord's "Uploading Files" asks.</summary>
    private static Func<HttpContent> Multipart(Func<HttpContent> payloadJson, IReadOnlyList<FileUpload> files)
    {
        return () =>
        {
            var form = new MultipartFormDataContent { { payloadJson(), "payload_json" } };
            for (var i = 0; i < files.Count; i++)
            {
                var file = new ReadOnlyMemoryContent(files[i].Content);
                file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
                form.Add(file, $"files[{i}]", files[i].FileName);
            }

            return form;
        };
    }

    /// <summary>Serialises once; the factory makes fresh content for each attempt because a sent request disposes its content.</summary>
    private static Func<HttpContent> JsonContent<T>(T value, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        };
    }

    /// <summary>Discord's limits, checked before sending: breaking one is a bug in the caller, not a network error.</summary>
    internal static void Validate(MessagePayload message)
    {
        if (message.Content is { Length: > MessagePayload.MaxContentLength })
        {
            throw new ArgumentException($"Message content is {message.Content.Length} characters; Discord allows {MessagePayload.MaxContentLength}.", nameof(message));
        }

        foreach (var button in message.Components?.SelectMany(r => r.Components) ?? [])
        {
            if (button.CustomId is { Length: > MessagePayload.MaxCustomIdLength or 0 })
            {
                throw new ArgumentException($"Button custom_id '{button.CustomId}' must be 1–{MessagePayload.MaxCustomIdLength} characters.", nameof(message));
            }
        }

        if (message.Components is { } rows && (rows.Count > 5 || rows.Any(r => r.Components.Count is 0 or > 5)))
        {
            throw new ArgumentException("A message takes at most 5 action rows of 1–5 buttons.", nameof(message));
        }

        if (message.Poll is { } poll)
        {
            if (poll.Question.Text is not { Length: > 0 and <= PollCreate.MaxQuestionLength })
            {
                throw new ArgumentException($"A poll question must be 1–{PollCreate.MaxQuestionLength} characters.", nameof(message));
            }

            if (poll.Answers.Count is 0 or > PollCreate.MaxAnswers)
            {
                throw new ArgumentException($"A poll takes 1–{PollCreate.MaxAnswers} answers, not {poll.Answers.Count}.", nameof(message));
            }

            if (poll.Answers.FirstOrDefault(a => a.PollMedia.Text is not { Length: > 0 and <= PollCreate.MaxAnswerLength }) is { } bad)
            {
                throw new ArgumentException($"Poll answer '{bad.PollMedia.Text}' must be 1–{PollCreate.MaxAnswerLength} characters.", nameof(message));
            }

            if (poll.Duration is < 1 or > PollCreate.MaxDurationHours)
            {
                throw new ArgumentException($"A poll lasts 1–{PollCreate.MaxDurationHours} hours (32 days).", nameof(message));
            }
        }
    }

    // Ids and tokens go into the path; refusing anything else keeps a stray '/' or '?' from changing the route.
    private static string Id(string id) => id.Length > 0 && id.All(char.IsAsciiDigit)
        ? id
        : throw new ArgumentException($"'{id}' is not a Discord snowflake.", nameof(id));

    private static string Token(string token) => token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        ? token
        : throw new ArgumentException("The interaction token has unexpected characters.", nameof(token));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting {DelayMs} ms for the {Limit} rate limit before {Route}")]
    private static partial void LogWaiting(ILogger logger, string limit, string route, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limited on {Route} (scope {Scope}); retrying after {RetryAfterMs} ms")]
    private static partial void LogRateLimited(ILogger logger, string route, string scope, double retryAfterMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord failed on {Route} ({Error}); retry {Attempt}")]
    private static partial void LogServerError(ILogger logger, string route, string error, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord refused the bot token on {Route} ({Count} in a row)")]
    private static partial void LogUnauthorized(ILogger logger, string route, int count);
}
