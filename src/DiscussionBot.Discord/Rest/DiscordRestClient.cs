using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// The Discord REST endpoints the bot uses, over a typed <see cref="HttpClient"/>. Each call checks its payload against
/// Discord's limits (<see cref="PayloadValidator"/>), builds its body (<see cref="RequestContent"/>) and hands it to
/// <see cref="DiscordRequestPipeline"/>, which honours per-bucket and global rate limits (shared through
/// <see cref="DiscordRateLimiter"/>), retries 429s a bounded number of times and stops for good after repeated 401s.
/// Every message carries <c>allowed_mentions: {"parse": []}</c>.
/// </summary>
public sealed class DiscordRestClient(
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
    private readonly DiscordRequestPipeline _pipeline = new(http, options.Value, limiter, logger);

    /// <summary>GET /gateway/bot: the gateway URL and today's session start limit.</summary>
    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Get, "/gateway/bot", null, DiscordJsonContext.Default.GatewayBotInfo, cancellationToken)!;

    /// <summary>PUT /applications/{app}/commands: replaces every global command.</summary>
    public Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGlobalCommandsAsync(
        IReadOnlyList<ApplicationCommandDefinition> commands, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Put, $"/applications/{ApplicationId}/commands",
            RequestContent.Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommandDefinition),
            DiscordJsonContext.Default.IReadOnlyListRegisteredCommand, cancellationToken)!;

    /// <summary>PUT /applications/{app}/guilds/{guild}/commands: replaces the guild's commands (visible at once).</summary>
    public Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteGuildCommandsAsync(
        string guildId, IReadOnlyList<ApplicationCommandDefinition> commands, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Put, $"/applications/{ApplicationId}/guilds/{RestPath.Id(guildId)}/commands",
            RequestContent.Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommandDefinition),
            DiscordJsonContext.Default.IReadOnlyListRegisteredCommand, cancellationToken)!;

    /// <summary>POST /interactions/{id}/{token}/callback: the first answer, due within 3 seconds.</summary>
    public Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken) =>
        _pipeline.SendAsync<object>(HttpMethod.Post, Callback(interactionId, interactionToken),
            RequestContent.InteractionResponse(response, null), null, cancellationToken);

    /// <summary>POST /interactions/{id}/{token}/callback with type 8: the suggestions for an autocomplete interaction.</summary>
    public Task CreateAutocompleteResponseAsync(string interactionId, string interactionToken, IReadOnlyList<ApplicationCommandOptionChoice> choices, CancellationToken cancellationToken)
    {
        PayloadValidator.Validate(choices);
        return _pipeline.SendAsync<object>(HttpMethod.Post, Callback(interactionId, interactionToken),
            RequestContent.Json(new AutocompleteResponse(choices), DiscordJsonContext.Default.AutocompleteResponse), null, cancellationToken);
    }

    /// <summary>
    /// POST /interactions/{id}/{token}/callback with files (multipart) and, when <paramref name="withResponse"/>, the created
    /// message back (<c>with_response=true</c>), so the bot learns the id of a message it answered with at once.
    /// </summary>
    public async Task<DiscordMessage?> CreateInteractionResponseAsync(
        string interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<FileUpload>? files, bool withResponse, CancellationToken cancellationToken)
    {
        var content = RequestContent.InteractionResponse(response, files);
        var query = withResponse ? "?with_response=true" : "";
        var result = await _pipeline.SendAsync(HttpMethod.Post, Callback(interactionId, interactionToken) + query,
            content, withResponse ? DiscordJsonContext.Default.InteractionCallbackResponse : null, cancellationToken).ConfigureAwait(false);
        return result?.Resource?.Message;
    }

    /// <summary>DELETE /webhooks/{app}/{token}/messages/@original: takes back a deferred "thinking" message, e.g. before an ephemeral followup.</summary>
    public Task DeleteOriginalResponseAsync(string interactionToken, CancellationToken cancellationToken) =>
        _pipeline.SendAsync<object>(HttpMethod.Delete, $"/webhooks/{ApplicationId}/{RestPath.Token(interactionToken)}/messages/@original", null, null, cancellationToken);

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original: fills in a deferred answer or changes the first answer.</summary>
    public Task<DiscordMessage> EditOriginalResponseAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        _pipeline.SendAsync(HttpMethod.Patch, $"/webhooks/{ApplicationId}/{RestPath.Token(interactionToken)}/messages/@original",
            RequestContent.Message(message, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /webhooks/{app}/{token}: a further message after the first answer.</summary>
    public Task<DiscordMessage> CreateFollowupMessageAsync(string interactionToken, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        _pipeline.SendAsync(HttpMethod.Post, $"/webhooks/{ApplicationId}/{RestPath.Token(interactionToken)}?wait=true",
            RequestContent.Message(message, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /channels/{channel}/messages, with files as multipart when given (PNG charts, CSV exports). Carries an
    /// enforced nonce, so a retry after a server error never posts twice.</summary>
    public Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken, IReadOnlyList<FileUpload>? files = null) =>
        _pipeline.SendAsync(HttpMethod.Post, $"/channels/{RestPath.Id(channelId)}/messages",
            RequestContent.Message(message with { Nonce = NewNonce(), EnforceNonce = true }, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken,
            repeatable: true)!;

    /// <summary>POST /channels/{channel}/typing: "DiscussionBot is typing…" for up to 10 seconds or until the bot posts.</summary>
    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken) =>
        _pipeline.SendAsync<object>(HttpMethod.Post, $"/channels/{RestPath.Id(channelId)}/typing", null, null, cancellationToken);

    /// <summary>PATCH /channels/{channel}/messages/{message}.</summary>
    public Task<DiscordMessage> EditMessageAsync(string channelId, string messageId, MessagePayload message, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Patch, $"/channels/{RestPath.Id(channelId)}/messages/{RestPath.Id(messageId)}",
            RequestContent.Message(message, null), DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>DELETE /channels/{channel}/messages/{message}.</summary>
    public Task DeleteMessageAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        _pipeline.SendAsync<object>(HttpMethod.Delete, $"/channels/{RestPath.Id(channelId)}/messages/{RestPath.Id(messageId)}", null, null, cancellationToken);

    /// <summary>GET /channels/{channel}/messages/{message}: e.g. the final counts of an ended poll.</summary>
    public Task<DiscordMessage> GetMessageAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Get, $"/channels/{RestPath.Id(channelId)}/messages/{RestPath.Id(messageId)}", null, DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>POST /channels/{channel}/polls/{message}/expire: ends a native poll now.</summary>
    public Task<DiscordMessage> ExpirePollAsync(string channelId, string messageId, CancellationToken cancellationToken) =>
        _pipeline.SendAsync(HttpMethod.Post, $"/channels/{RestPath.Id(channelId)}/polls/{RestPath.Id(messageId)}/expire", null, DiscordJsonContext.Default.DiscordMessage, cancellationToken)!;

    /// <summary>A nonce of 20 hex digits (Discord allows 25 characters).</summary>
    private static string NewNonce() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    private static string Callback(string interactionId, string interactionToken) =>
        $"/interactions/{RestPath.Id(interactionId)}/{RestPath.Token(interactionToken)}/callback";

    private string ApplicationId => _options.ApplicationId is { Length: > 0 } id
        ? RestPath.Id(id)
        : throw new InvalidOperationException("Discord:ApplicationId is not set.");
}
