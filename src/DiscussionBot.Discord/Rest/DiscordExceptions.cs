using System.Net;

namespace DiscussionBot.Discord.Rest;

/// <summary>Discord answered with an error status; <see cref="Code"/> is Discord's JSON error code when it sent one.</summary>
public sealed class DiscordHttpException(HttpStatusCode status, int? code, string message, string? responseBody = null)
    : Exception($"Discord answered {(int)status} {status}{(code is null ? "" : $" (code {code})")}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public int? Code { get; } = code;

    public string? ResponseBody { get; } = responseBody;
}

/// <summary>
/// The bot token was refused (401). After repeated refusals the client stops sending requests altogether,
/// because Discord bans IPs that keep making unauthorised requests; the host should stop and ask for a new token.
/// </summary>
public sealed class DiscordAuthenticationException(string message) : Exception(message);
