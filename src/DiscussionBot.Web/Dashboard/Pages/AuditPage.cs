using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Every configuration change of the community, newest first: when, who, what, and where (chat or dashboard).</summary>
public sealed class AuditPage(IAuditLog audit)
{
    public const int Shown = 500;

    public void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/audit", (HttpContext http) =>
        {
            var page = new PageContext(http);
            var entries = audit.Recent(page.Community, Shown);
            var platform = page.Session.Platform;
            var rows = Html.Join(entries, e => Html.Of($"""
                <tr><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{e.ActorName}</td><td><strong>{e.Action}</strong></td><td>{e.Detail}</td>
                <td class="origin">{(e.Origin == ChatUser.ViaDashboard ? "dashboard" : $"chat ({platform})")}</td></tr>
                """));
            var body = Html.Of($"""
                <p class="muted">The latest {Shown} changes, newest first (times in UTC).</p>
                <table id="audit"><tr><th>when</th><th>who</th><th>what</th><th>detail</th><th>where</th></tr>{rows}</table>
                """);
            return Layout.Page(page, "Audit", "/dashboard/audit", body);
        });
}
