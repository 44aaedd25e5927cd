using System.Threading.RateLimiting;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Dashboard;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Web.Dashboard;

/// <summary>The moderators' dashboard under <c>/dashboard</c>: server-rendered pages over the bot's own stores and services;
/// every change is dispatched as the same chat command, handed over as its record (so the same rules and audit apply), with
/// "via dashboard" as its origin.</summary>
public sealed class DashboardModule : IWebModule
{
    public const string CookieName = "dbot_session";
    public const string SignInPolicy = "dashboard-signin";

    /// <summary>The session cookie's path: <c>/dashboard</c> under the prefix a trusted proxy forwarded, so the browser sends
    /// it to the dashboard's pages as it addresses them (<c>/bot/dashboard/…</c>) and nowhere else.</summary>
    public static string CookiePath(HttpContext http) => Layout.Url(http, "/dashboard");

    public void ConfigureServices(IServiceCollection web, IServiceProvider bot)
    {
        // The bot's instances, shared with the chat (one database, one poll service, one audit trail).
        Copy<DashboardAccess>(web, bot);
        Copy<ICommunityStore>(web, bot);
        Copy<ITopicStore>(web, bot);
        Copy<ISourceStore>(web, bot);
        Copy<Core.Insight.FairnessReport>(web, bot);
        Copy<IArticleStore>(web, bot);
        Copy<IStoryStore>(web, bot);
        Copy<IClaimStore>(web, bot);
        Copy<IAuditLog>(web, bot);
        Copy<IPollStore>(web, bot);
        Copy<IEventLog>(web, bot);
        Copy<PollService>(web, bot);
        Copy<Exporter>(web, bot);
        Copy<ViewpointService>(web, bot);
        Copy<ClaimService>(web, bot);
        Copy<TimeProvider>(web, bot);
        Copy<IOptions<DashboardOptions>>(web, bot);
        web.AddSingleton(new BotServices(bot.GetRequiredService<IServiceScopeFactory>(), bot.GetServices<IMessenger>().ToList()));
        web.AddSingleton((DashboardLinks)bot.GetServices<IDashboardLinks>().OfType<DashboardLinks>().First());

        web.AddSingleton<DashboardCommands>();
        web.AddSingleton<FlashMessages>();
        web.AddSingleton<SignInPages>();
        web.AddSingleton<OverviewPage>();
        web.AddSingleton<TopicsPage>();
        web.AddSingleton<SourcesPage>();
        web.AddSingleton<ClaimsPage>();
        web.AddSingleton<PollsPage>();
        web.AddSingleton<ReactionsPage>();
        web.AddSingleton<ExportPage>();
        web.AddSingleton<AuditPage>();

        web.AddAntiforgery(o =>
        {
            o.Cookie.Name = "dbot_af";
            // No fixed path: antiforgery then scopes its cookie to the request's PathBase ("/" directly, "/bot" behind a
            // proxy on /bot/), which a fixed "/dashboard" would miss behind a prefix. It only carries the form token's pair.
            o.Cookie.Path = null;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
            // The dashboard sends X-Frame-Options: DENY itself.
            o.SuppressXFrameOptionsHeader = true;
        });
        var perMinute = bot.GetRequiredService<IOptions<DashboardOptions>>().Value.SignInPerMinute;
        web.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", ct);
            };
        });
    }

    public void Configure(WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/dashboard"), branch => branch.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Sign-in links carry their secret in the query: never pass the page address on.
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next(context);
        }));
        app.UseRateLimiter();

        app.MapGet("/dashboard/static/{name}", (string name) => Assets.Serve(name));
        app.Services.GetRequiredService<SignInPages>().Map(app);

        var pages = app.MapGroup("/dashboard").AddEndpointFilter(RequireSession);
        app.Services.GetRequiredService<OverviewPage>().Map(pages);
        app.Services.GetRequiredService<TopicsPage>().Map(pages);
        app.Services.GetRequiredService<SourcesPage>().Map(pages);
        app.Services.GetRequiredService<ClaimsPage>().Map(pages);
        app.Services.GetRequiredService<PollsPage>().Map(pages);
        app.Services.GetRequiredService<ReactionsPage>().Map(pages);
        app.Services.GetRequiredService<ExportPage>().Map(pages);
        app.Services.GetRequiredService<AuditPage>().Map(pages);
    }

    /// <summary>Every page needs a live session (its community and moderator come from it), and every form post a valid
    /// antiforgery token.</summary>
    private static async ValueTask<object?> RequireSession(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var access = http.RequestServices.GetRequiredService<DashboardAccess>();
        var session = access.Session(http.Request.Cookies[CookieName]);
        if (session is null)
        {
            return Layout.Message(StatusCodes.Status401Unauthorized, "Signed out",
                "You are not signed in, or your session ended. Send /dashboard in your community (as a moderator) for a private sign-in link.");
        }
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Layout.Message(StatusCodes.Status400BadRequest, "Form refused",
                    "That form did not come from this dashboard, or it is too old. Reload the page and try again.");
            }
        }
        http.Items[typeof(DashboardGrant)] = session;
        return await next(invocation);
    }

    private static void Copy<T>(IServiceCollection web, IServiceProvider bot)
        where T : class => web.AddSingleton(bot.GetRequiredService<T>());
}

/// <summary>What the dashboard needs from the bot's container beyond singletons: a scope per command (the router is
/// scoped, as for every chat event) and the platforms' messengers (a poll started on the dashboard is posted in its chat).</summary>
public sealed record BotServices(IServiceScopeFactory Scopes, IReadOnlyList<IMessenger> Messengers);
