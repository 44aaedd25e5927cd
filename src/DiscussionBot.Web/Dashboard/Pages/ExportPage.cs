using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>The files of <c>/export</c> (the same exporter): polls, votes or reactions, CSV or JSON, per topic.</summary>
public sealed class ExportPage(Exporter exporter, ITopicStore topics)
{
    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/export", (HttpContext http) => Render(new PageContext(http)));
        pages.MapGet("/export/{kind}", (HttpContext http, string kind, string? topic, string? format) =>
        {
            var page = new PageContext(http);
            if (!Exporter.Kinds.Contains(kind))
            {
                return Layout.Message(StatusCodes.Status404NotFound, "No such export", "Exports are polls, votes or reactions.");
            }
            Topic? chosen = null;
            if (topic is { Length: > 0 } && (chosen = topics.Find(page.Community, topic)) is null)
            {
                return Layout.Message(StatusCodes.Status404NotFound, "No such topic", $"There is no topic {topic} in this community.");
            }
            var file = exporter.Export(page.Community, kind, chosen, format == "json");
            return Results.File(file.Content, file.ContentType + "; charset=utf-8", file.FileName);
        });
    }

    private IResult Render(PageContext page)
    {
        var list = topics.List(page.Community).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        var rows = Html.Join(Exporter.Kinds, kind => Html.Of($"""
            <tr><td><strong>{kind}</strong></td><td>
            <form method="get" action="{page.Url($"/dashboard/export/{kind}")}" class="inline">
            <select name="topic"><option value="">all topics</option>{Html.Join(list, t => Html.Of($"<option value=\"{t.Slug}\">{t.Slug}</option>"))}</select>
            <button type="submit" name="format" value="csv" id="export-{kind}-csv">CSV</button>
            <button type="submit" name="format" value="json" class="secondary" id="export-{kind}-json">JSON</button></form></td></tr>
            """));
        var body = Html.Of($"""
            <p class="muted">The same files as /export in the chat. Voters appear only as pseudonyms (keyed hashes).</p>
            <table id="exports"><tr><th>what</th><th>download</th></tr>{rows}</table>
            """);
        return Layout.Page(page, "Export", "/dashboard/export", body);
    }
}
