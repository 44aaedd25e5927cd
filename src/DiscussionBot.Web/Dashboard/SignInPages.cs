using DiscussionBot.Core.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Sign-in from a <c>/dashboard</c> link and sign-out. Opening the link shows whom it signs in and a button:
/// only the button's POST uses the link up, so a chat app's link preview cannot spend it, and the session cookie is
/// set on a same-site request (SameSite=Strict cookies are not sent on a navigation that came from another site).</summary>
public sealed class SignInPages(DashboardAccess access, DashboardLinks links, IAntiforgery antiforgery)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/signin", (HttpContext http, string? token) =>
        {
            if (access.Check(token) is not SignInOutcome.Pending { Link: var grant })
            {
                return Layout.Message(StatusCodes.Status400BadRequest, "Sign-in link not valid", ((SignInOutcome.Refused)access.Check(token)).Reason);
            }
            var tokens = antiforgery.GetAndStoreTokens(http);
            var form = Html.Of($"""
                <form method="post" action="{Layout.Url(http, "/dashboard/signin")}"><input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
                <input type="hidden" name="token" value="{token}"><button type="submit" id="signin">Sign in</button></form>
                """);
            return Layout.Message(StatusCodes.Status200OK, "Sign in to the dashboard",
                $"Sign in as {grant.ModeratorName}, moderator of {grant.Community()}. The session lasts {access.SessionLifetime.TotalHours:0.#} hours.", form);
        }).RequireRateLimiting(DashboardModule.SignInPolicy);

        app.MapPost("/dashboard/signin", async (HttpContext http) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Layout.Message(StatusCodes.Status400BadRequest, "Form refused", "Open the sign-in link again and press the button.");
            }
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            switch (access.Redeem(form["token"]))
            {
                case SignInOutcome.SignedIn signedIn:
                    http.Response.Cookies.Append(DashboardModule.CookieName, signedIn.Secret, new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Strict,
                        Secure = http.Request.IsHttps || links.PublicHttps,
                        Path = DashboardModule.CookiePath(http),
                        Expires = signedIn.Session.ExpiresAt,
                        IsEssential = true,
                    });
                    return Results.Redirect(Layout.Url(http, "/dashboard"));
                case SignInOutcome.Refused refused:
                    return Layout.Message(StatusCodes.Status400BadRequest, "Sign-in link not valid", refused.Reason);
                default:
                    throw new InvalidOperationException("unknown sign-in outcome");
            }
        }).RequireRateLimiting(DashboardModule.SignInPolicy);

        app.MapPost("/dashboard/signout", async (HttpContext http) =>
        {
            if (await antiforgery.IsRequestValidAsync(http) && access.Session(http.Request.Cookies[DashboardModule.CookieName]) is { } session)
            {
                access.End(session);
            }
            http.Response.Cookies.Delete(DashboardModule.CookieName, new CookieOptions { Path = DashboardModule.CookiePath(http) });
            return Layout.Message(StatusCodes.Status200OK, "Signed out", "You are signed out. Send /dashboard in your community to sign in again.");
        });
    }
}
