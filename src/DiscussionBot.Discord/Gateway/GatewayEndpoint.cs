using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// Where a connection goes: for an IDENTIFY, the URL from GET /gateway/bot (or <c>Discord:GatewayUrl</c>) once the day's
/// session start limit allows another identify (the identify-storm guard); for a RESUME, the session's resume URL.
/// Both with the version and encoding the client speaks.
/// </summary>
internal sealed class GatewayEndpoint(DiscordRestClient rest, DiscordOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Waits for the session start limit's reset when no identifies are left today.</summary>
    public async Task<Uri> ForIdentifyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            GatewayBotInfo? info = null;
            try
            {
                info = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (options.GatewayUrl is { Length: > 0 } && ex is not (OperationCanceledException or DiscordAuthenticationException))
            {
                GatewayClient.LogNoSessionLimit(logger, ex);
            }

            if (info?.SessionStartLimit is { Remaining: <= 0 } limit)
            {
                var wait = TimeSpan.FromMilliseconds(Math.Max(limit.ResetAfter, 1000));
                GatewayClient.LogIdentifyLimitReached(logger, limit.Total, wait.TotalMinutes);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return WithQuery(options.GatewayUrl is { Length: > 0 } configured ? configured : info!.Url);
        }
    }

    public static Uri ForResume(string resumeUrl) => WithQuery(resumeUrl);

    private static Uri WithQuery(string url) => new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;
}
