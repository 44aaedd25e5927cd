using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Web;

/// <summary>Runs the web endpoint for the lifetime of the host: a Kestrel application built from the registered
/// <see cref="IWebModule"/>s. Started before the platforms connect, so <c>/healthz</c> answers during start-up.</summary>
public sealed partial class WebEndpointService(
    IServiceProvider bot,
    IEnumerable<IWebModule> modules,
    IOptions<WebOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<WebEndpointService> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The addresses Kestrel bound (with the real port when the configuration asked for port 0).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Value.Urls);
        builder.Logging.ClearProviders();
        // The web application logs through the bot's own logging setup.
        builder.Services.AddSingleton(loggerFactory);
        // Form tokens (and anything else Data Protection signs) must outlive a restart: keys beside the bot's data, not in
        // ASP.NET's per-user default folder (absent or not writable in a container). Only this process reads them, so
        // the folder is the owner's alone, as the database is.
        var protection = builder.Services.AddDataProtection().SetApplicationName("DiscussionBot");
        if (options.Value.KeysDirectory is { Length: > 0 } keys)
        {
            protection.PersistKeysToFileSystem(OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(keys)
                : Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        }
        else
        {
            // An in-memory database: nothing of this run outlives it, the keys neither.
            protection.UseEphemeralDataProtectionProvider();
        }
        var proxies = TrustedProxies.Parse(options.Value.KnownProxies, out _);
        // Always set: with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true ASP.NET Core runs the forwarded-headers middleware on
        // its own, with options that believe every sender; these say whose headers count (nobody's without a list).
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            if (proxies.IsEmpty)
            {
                o.ForwardedHeaders = ForwardedHeaders.None;
            }
            else
            {
                proxies.ApplyTo(o);
            }
        });
        foreach (var module in modules)
        {
            module.ConfigureServices(builder.Services, bot);
        }
        _app = builder.Build();
        if (!proxies.IsEmpty)
        {
            // First in the pipeline, before any module's middleware: the sign-in rate limiter partitions by the client
            // address and antiforgery and the session cookie choose Secure by the scheme, so both must see what the proxy
            // forwarded. Only with proxies listed: with both of its lists empty the middleware believes every sender.
            _app.UseForwardedHeaders();
        }
        foreach (var module in modules)
        {
            module.Configure(_app);
        }
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // A taken port must not take the chat down with it: the bot runs on without the endpoint (README, "Web:Urls").
            LogCannotListen(options.Value.Urls, ex.Message);
            await _app.DisposeAsync();
            _app = null;
            return;
        }
        Addresses = [.. _app.Urls];
        LogListening(string.Join(", ", Addresses));
        if (!proxies.IsEmpty)
        {
            LogTrustingProxies(proxies.ToString());
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Web endpoint cannot listen on {Urls} ({Reason}); the bot runs on without /healthz, /readyz and /metrics. Set Web:Urls to a free address, or to empty to turn the endpoint off")]
    private partial void LogCannotListen(string urls, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web endpoint trusts X-Forwarded-For, -Proto, -Host and -Prefix from {Proxies} (Web:KnownProxies)")]
    private partial void LogTrustingProxies(string proxies);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web endpoint listening on {Addresses}")]
    private partial void LogListening(string addresses);
}
