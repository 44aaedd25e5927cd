using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Ingest.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, serving whatever the test maps, and recording
/// every request that reaches it (so a test can prove that a refused fetch never got here).</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);

    private LoopbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Port { get; private set; }

    public string Url(string path = "/") => $"http://127.0.0.1:{Port}{path}";

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>Serves <paramref name="handler"/> at <paramref name="path"/> (path and query, e.g. <c>/a?x=1</c> or <c>/a</c>).</summary>
    public LoopbackServer Map(string path, RequestDelegate handler)
    {
        _routes[path] = handler;
        return this;
    }

    public LoopbackServer Map(string path, string contentType, string body) =>
        Map(path, ctx =>
        {
            ctx.Response.ContentType = contentType;
            return ctx.Response.WriteAsync(body);
        });

    public int Hits(string path) => Requests.Count(r => r.Path == path);

    private Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        Requests.Enqueue(new RecordedRequest(
            path,
            ctx.Request.Headers.UserAgent.ToString(),
            ctx.Request.Headers.IfNoneMatch.ToString(),
            ctx.Request.Headers.IfModifiedSince.ToString(),
            ctx.Request.Headers.Cookie.ToString()));
        if (_routes.TryGetValue(path + ctx.Request.QueryString.Value, out var exact) || _routes.TryGetValue(path, out exact))
        {
            return exact(ctx);
        }
        ctx.Response.StatusCode = 404;
        return ctx.Response.WriteAsync("not here");
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(string Path, string UserAgent, string IfNoneMatch, string IfModifiedSince, string Cookie);
