using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Telegram;

/// <summary>How updates reach the bot.</summary>
public enum TelegramMode
{
    /// <summary>The bot asks for updates with long polling (getUpdates); works behind NAT, the default.</summary>
    Polling,

    /// <summary>Telegram posts updates to <see cref="TelegramOptions.WebhookUrl"/>; needs a public HTTPS address.</summary>
    Webhook,
}

/// <summary>The Telegram adapter. Section <c>Telegram</c>; the platform is on when <see cref="BotToken"/> is set.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The token from @BotFather. Empty turns Telegram off.</summary>
    public string BotToken { get; init; } = "";

    /// <summary>A self-hosted Bot API server (or the tests' fake), e.g. <c>http://localhost:8081</c>; empty for api.telegram.org.</summary>
    public string? ApiBaseUrl { get; init; }

    public TelegramMode Mode { get; init; } = TelegramMode.Polling;

    /// <summary>The public HTTPS address Telegram posts updates to (webhook mode).</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>Telegram sends it back in <c>X-Telegram-Bot-Api-Secret-Token</c>; requests without it are refused (webhook mode).
    /// 1–256 characters of A-Z, a-z, 0-9, _ and -.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Where the webhook endpoint listens locally, behind the reverse proxy that terminates HTTPS.</summary>
    public string WebhookListenUrl { get; init; } = "http://0.0.0.0:8443";

    /// <summary>How long one getUpdates call waits for updates (seconds).</summary>
    [Range(0, 50)]
    public int PollingTimeoutSeconds { get; init; } = 30;

    /// <summary>Attempts at one update before it is set aside as a dead letter.</summary>
    [Range(1, 10)]
    public int MaxAttemptsPerUpdate { get; init; } = 3;

    /// <summary>Updates of different chats handled at the same time; one chat's updates are always handled in order.</summary>
    [Range(1, 64)]
    public int MaxConcurrentChats { get; init; } = 8;

    /// <summary>Messages the bot sends to one group per minute (Telegram allows about 20); private chats have no such cap.</summary>
    [Range(1, 10_000)]
    public int MessagesPerMinutePerGroup { get; init; } = 20;

    /// <summary>The least time between two messages to the same chat, group or private (Telegram: about one a second).</summary>
    [Range(0.0, 60.0)]
    public double SecondsBetweenMessagesPerChat { get; init; } = 1.0;

    /// <summary>Messages the bot sends per second over all chats (Telegram allows about 30).</summary>
    [Range(1, 100_000)]
    public int MessagesPerSecond { get; init; } = 30;

    /// <summary>How long a chat's administrator list is trusted before it is asked for again (minutes).</summary>
    [Range(1, 1440)]
    public int AdminCacheMinutes { get; init; } = 10;

    /// <summary>How often the bot looks for polls past their close time to stop (seconds).</summary>
    [Range(1, 3600)]
    public int PollCloseCheckSeconds { get; init; } = 30;

    /// <summary>The longest wait between two tries while Telegram is unreachable (the waits grow from 1 s, with jitter).</summary>
    [Range(1, 3600)]
    public int RetryMaxDelaySeconds { get; init; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

/// <summary>The rules that span several keys; each failure names the key as written in configuration.</summary>
public sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        // Telegram's tokens look like 123456789:AAH…; a pasted username or a quote character is a common mistake.
        var colon = options.BotToken.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(options.BotToken[..colon], out _) || options.BotToken.Any(char.IsWhiteSpace))
        {
            failures.Add("Telegram:BotToken: not a bot token (expected digits, a colon and the secret, as @BotFather gives it).");
        }
        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && !IsHttpUrl(options.ApiBaseUrl, requireHttps: false))
        {
            failures.Add("Telegram:ApiBaseUrl: must be an absolute http(s) URL, e.g. http://localhost:8081.");
        }
        if (options.Mode == TelegramMode.Webhook)
        {
            if (string.IsNullOrWhiteSpace(options.WebhookUrl) || !IsHttpUrl(options.WebhookUrl, requireHttps: true))
            {
                failures.Add("Telegram:WebhookUrl: webhook mode needs the public https:// address Telegram posts to.");
            }
            if (string.IsNullOrEmpty(options.WebhookSecret) || options.WebhookSecret.Length > 256
                || !options.WebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                failures.Add("Telegram:WebhookSecret: webhook mode needs a secret of 1–256 characters A-Z, a-z, 0-9, _ or -.");
            }
            if (!IsHttpUrl(options.WebhookListenUrl, requireHttps: false))
            {
                failures.Add("Telegram:WebhookListenUrl: must be an absolute http(s) URL such as http://0.0.0.0:8443.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value, bool requireHttps) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp));
}
