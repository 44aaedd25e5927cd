using DiscussionBot.Core.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Web.Dashboard;

/// <summary>The base of sign-in links: <c>Web:PublicUrl</c> when set (a reverse proxy), else the first address the endpoint
/// bound (with its real port), a wildcard host shown as <c>localhost</c>.</summary>
public sealed class DashboardLinks(IOptions<WebOptions> options, IServiceProvider services) : IDashboardLinks
{
    public string? BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
            {
                return options.Value.PublicUrl.TrimEnd('/');
            }
            var bound = services.GetService<WebEndpointService>()?.Addresses.FirstOrDefault();
            if (bound is null || !Uri.TryCreate(bound, UriKind.Absolute, out var uri))
            {
                return null;
            }
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
            return new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>Whether links go out over https, so the session cookie must be Secure even when TLS ends at a proxy.</summary>
    public bool PublicHttps => options.Value.PublicUrl?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
