using System.Diagnostics.CodeAnalysis;
using DiscussionBot.Core.Dashboard;
using DiscussionBot.Core.Domain;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Dashboard;

/// <summary>One request of a signed-in moderator: the session (community, moderator) and the form token.</summary>
public sealed class PageContext(HttpContext http)
{
    private AntiforgeryTokenSet? _tokens;

    public HttpContext Http { get; } = http;

    public DashboardGrant Session { get; } = (DashboardGrant)http.Items[typeof(DashboardGrant)]!;

    /// <summary>The stored community key of the session.</summary>
    public string Community => Session.Community();

    /// <summary><paramref name="path"/> (an absolute path of this endpoint, such as <c>/dashboard/topics</c>) as the
    /// browser must ask for it: behind a reverse proxy on a sub-path the prefix it forwarded (<c>X-Forwarded-Prefix</c>,
    /// applied as PathBase) comes first.</summary>
    public string Url(string path) => Layout.Url(Http, path);

    public AntiforgeryTokenSet Tokens => _tokens ??= Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);

    /// <summary>A hidden field with the antiforgery token; every form carries it.</summary>
    public Html TokenField => Html.Of($"<input type=\"hidden\" name=\"{Tokens.FormFieldName}\" value=\"{Tokens.RequestToken}\">");

    /// <summary>A form posting to <paramref name="action"/> with the token and the given fields.</summary>
    public Html Form(string action, Html fields, string submit, string? confirm = null, string buttonClass = "") =>
        Html.Of($"<form method=\"post\" action=\"{Url(action)}\" class=\"inline\"{(confirm is null ? Html.Empty : Html.Of($" data-confirm=\"{confirm}\""))}>{TokenField}{fields}<button type=\"submit\" class=\"{buttonClass}\">{submit}</button></form>");

    /// <summary>The one permission check of every page that acts on a stored object: true when <paramref name="item"/>
    /// belongs to this session's community; else <paramref name="refusal"/> is the answer instead, <paramref name="missing"/>
    /// when there is no such object and 403 when it is another community's (a session is for its one community).</summary>
    public bool Owns<T>([NotNullWhen(true)] T? item, Func<IResult> missing, [NotNullWhen(false)] out IResult? refusal)
        where T : class, ICommunityOwned
    {
        refusal = item is null ? missing()
            : item.CommunityId != Community ? Layout.Message(StatusCodes.Status403Forbidden, "Not your community",
                "That belongs to another community. A dashboard session is for the one community where you sent /dashboard.")
            : null;
        return refusal is null;
    }
}

/// <summary>The page frame: navigation, the outcome of the last change, the content.</summary>
public static class Layout
{
    private static readonly (string Path, string Label)[] Nav =
    [
        ("/dashboard", "Overview"),
        ("/dashboard/topics", "Topics & feeds"),
        ("/dashboard/sources", "Sources"),
        ("/dashboard/claims", "Claims"),
        ("/dashboard/polls", "Polls"),
        ("/dashboard/reactions", "Reactions"),
        ("/dashboard/export", "Export"),
        ("/dashboard/audit", "Audit"),
    ];

    public static IResult Page(PageContext page, string title, string current, Html body)
    {
        var flash = page.Http.RequestServices.GetRequiredService<FlashMessages>().Take(page.Session.Id);
        var session = page.Session;
        var nav = Html.Join(Nav, n => Html.Of($"<a href=\"{page.Url(n.Path)}\"{(n.Path == current ? Html.Raw(" class=\"current\"") : Html.Empty)}>{n.Label}</a>"));
        var flashHtml = flash is null ? Html.Empty : Html.Of($"<div class=\"flash {(flash.Value.Ok ? "ok" : "problem")}\" id=\"flash\">{flash.Value.Text}</div>");
        var html = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · DiscussionBot dashboard</title>
            <link rel="stylesheet" href="{page.Url("/dashboard/static/dashboard.css")}"><script src="{page.Url("/dashboard/static/dashboard.js")}" defer></script></head>
            <body><header><strong>DiscussionBot</strong><nav>{nav}</nav>
            <span class="who">{session.ModeratorName} · {session.Community()}</span>
            {page.Form("/dashboard/signout", Html.Empty, "Sign out", buttonClass: "secondary")}</header>
            <main><h1>{title}</h1>{flashHtml}{body}</main></body></html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>A page of its own for sign-in and refusals (no session, no navigation). Rendered when it is sent, so its
    /// stylesheet link carries the request's path prefix (<see cref="Url(HttpContext, string)"/>).</summary>
    public static IResult Message(int status, string title, string text, Html? extra = null) => new MessagePage(status, title, text, extra ?? Html.Empty);

    /// <summary><paramref name="path"/> under the request's PathBase: empty unless a trusted proxy forwarded a prefix.</summary>
    public static string Url(HttpContext http, string path) => http.Request.PathBase.ToUriComponent() + path;

    private sealed record MessagePage(int Status, string Title, string Text, Html Extra) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Results.Content(Html.Of($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Title} · DiscussionBot dashboard</title>
            <link rel="stylesheet" href="{Url(httpContext, "/dashboard/static/dashboard.css")}"></head>
            <body><div class="signin"><h1>{Title}</h1><p id="message">{Text}</p>{Extra}</div></body></html>
            """).ToString(), "text/html; charset=utf-8", statusCode: Status).ExecuteAsync(httpContext);
    }
}

/// <summary>The outcome of a moderator's last change, shown once on the next page (post, redirect, get).</summary>
public sealed class FlashMessages
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (bool Ok, string Text)> _messages = new(StringComparer.Ordinal);

    public void Set(string sessionId, bool ok, string text) => _messages[sessionId] = (ok, text);

    public (bool Ok, string Text)? Take(string sessionId) => _messages.TryRemove(sessionId, out var m) ? m : null;
}
