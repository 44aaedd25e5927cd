using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Host.Operations;

/// <summary>
/// The one HttpClient logger of the process (the default ones are removed from every client): method, the URL without
/// its query and with every secret cut out, status and time. The Telegram Bot API carries the bot token in the path
/// (<c>/bot123:ABC/getUpdates</c>), so the default logger would print it at Information; this one never does, at any
/// level. No headers are logged (Discord's token travels in Authorization).
/// </summary>
public sealed partial class RedactingHttpClientLogger(SecretRedactor redactor, ILoggerFactory loggers) : IHttpClientLogger
{
    // The category of .NET's own HttpClient logs, so "Logging:LogLevel:System.Net.Http.HttpClient" still sets the level.
    private readonly ILogger _logger = loggers.CreateLogger("System.Net.Http.HttpClient");

    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogDone(request.Method.Method, redactor.Url(request.RequestUri), (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        // The exception's type only: messages of lower layers may quote the URL.
        LogFailed(request.Method.Method, redactor.Url(request.RequestUri), exception.GetType().Name, elapsed.TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Url} answered {Status} in {ElapsedMs:0} ms")]
    private partial void LogDone(string method, string url, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Url} failed ({Error}) after {ElapsedMs:0} ms")]
    private partial void LogFailed(string method, string url, string error, double elapsedMs);
}

/// <summary>Cuts secrets out of text that may be logged: the configured tokens, secrets and keys (every configuration
/// value whose key ends in Token, Secret, Password or Key), and anything shaped like a Telegram bot token.</summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    private static readonly string[] SecretKeySuffixes = ["Token", "Secret", "Password", "Key"];

    private readonly string[] _secrets;

    public SecretRedactor(IConfiguration configuration) =>
        _secrets = [.. configuration.AsEnumerable()
            .Where(kv => kv.Value is { Length: >= 6 } && SecretKeySuffixes.Any(s => kv.Key.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            .Select(kv => kv.Value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];

    public string Text(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return TelegramToken().Replace(text, Mask);
    }

    /// <summary>Scheme, host, port and path (redacted); the query is dropped whole.</summary>
    public string Url(Uri? uri) =>
        uri is null ? "(no URL)" : Text(uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString.Split('?', 2)[0]);

    [GeneratedRegex(@"\d{5,}:[A-Za-z0-9_-]{20,}")]
    private static partial Regex TelegramToken();
}
