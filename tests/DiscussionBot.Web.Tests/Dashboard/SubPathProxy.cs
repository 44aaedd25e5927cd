using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>
/// A real reverse proxy (YARP) serving the endpoint on a sub-path, as nginx's <c>location /bot/ { proxy_pass
/// http://127.0.0.1:5080/; }</c> with the X-Forwarded-* headers does: the prefix is stripped from the path passed on and
/// sent as <c>X-Forwarded-Prefix</c> (YARP's default: the request's PathBase), the client's host as <c>X-Forwarded-Host</c>.
/// It listens on 127.0.0.1 and connects to the endpoint from there.
/// </summary>
public sealed class SubPathProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SubPathProxy(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The proxy's address with its prefix and a trailing slash, e.g. http://127.0.0.1:41234/bot/.</summary>
    public Uri BaseUrl { get; }

    public static async Task<SubPathProxy> StartAsync(Uri upstream, string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "bot", ClusterId = "bot", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "bot",
                Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal) { ["endpoint"] = new() { Address = upstream.ToString() } },
            }]);
        var app = builder.Build();
        // Only requests under the prefix reach the bot, with the prefix moved from Path to PathBase.
        app.UsePathBase(prefix);
        app.Use((context, next) =>
        {
            if (!context.Request.PathBase.HasValue)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.MapReverseProxy();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SubPathProxy(app, new Uri(new Uri(address), prefix.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
