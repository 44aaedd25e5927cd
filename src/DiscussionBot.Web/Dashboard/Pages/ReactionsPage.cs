using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>How the community reacted: a heat map of claim × source (or stance label) × reaction, filterable by topic.</summary>
public sealed class ReactionsPage(IEventLog events, IPollStore polls, IClaimStore claims, IArticleStore articles, ISourceStore sources, ITopicStore topics)
{
    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/reactions", (HttpContext http, string? topic, string? by, string? emoji) => Render(new PageContext(http), topic, by, emoji));
    }

    private (ReactionMatrix Matrix, Topic? Topic, bool ByLabel, string? Emoji) Build(PageContext page, string? topicSlug, string? by, string? emoji)
    {
        var topic = topicSlug is { Length: > 0 } ? topics.Find(page.Community, topicSlug) : null;
        var byLabel = by == "label";
        var matrix = ReactionMatrix.Build(page.Community, topic, byLabel, events, polls, claims, articles, sources);
        var chosen = emoji is { Length: > 0 } && matrix.Emojis.Contains(emoji) ? emoji : null;
        return (matrix, topic, byLabel, chosen);
    }

    private static string RowLabel(int? claim) => claim is { } id ? $"claim {id}" : "no claim";

    /// <summary>The heat map as a PNG data URI: drawn from the matrix the table shows, so one request reads the log once.</summary>
    private static string Chart(ReactionMatrix matrix, bool byLabel, string? chosen)
    {
        var values = new double[matrix.Rows.Count, matrix.Columns.Count];
        for (var i = 0; i < matrix.Rows.Count; i++)
        {
            for (var j = 0; j < matrix.Columns.Count; j++)
            {
                values[i, j] = matrix.Count(i, j, chosen);
            }
        }
        var title = $"Reactions{(chosen is null ? "" : " " + chosen)} per claim and {(byLabel ? "stance label" : "source")}";
        return "data:image/png;base64," + Convert.ToBase64String(DashboardCharts.Heatmap(title, matrix.Rows.Select(RowLabel).ToList(), matrix.Columns, values));
    }

    private IResult Render(PageContext page, string? topicSlug, string? by, string? emoji)
    {
        var (matrix, topic, byLabel, chosen) = Build(page, topicSlug, by, emoji);
        var communityTopics = topics.List(page.Community).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        var claimTexts = matrix.Rows.OfType<int>().Select(claims.Get).OfType<Claim>().ToDictionary(c => c.Id, c => c.Text);
        var max = 1;
        for (var i = 0; i < matrix.Rows.Count; i++)
        {
            for (var j = 0; j < matrix.Columns.Count; j++)
            {
                max = Math.Max(max, matrix.Count(i, j, chosen));
            }
        }
        Html Option(string value, string label, bool selected) => Html.Of($"<option value=\"{value}\"{(selected ? Html.Raw(" selected") : Html.Empty)}>{label}</option>");
        var filter = Html.Of($"""
            <form method="get" action="{page.Url("/dashboard/reactions")}" class="filters">
            topic <select name="topic" class="autosubmit" id="topic-filter">{Option("", "all topics", topic is null)}{Html.Join(communityTopics, t => Option(t.Slug, t.Slug, t.Id == topic?.Id))}</select>
            columns <select name="by" class="autosubmit" id="by-filter">{Option("source", "source", !byLabel)}{Option("label", "stance label", byLabel)}</select>
            reaction <select name="emoji" class="autosubmit" id="emoji-filter">{Option("", "all", chosen is null)}{Html.Join(matrix.Emojis, e => Option(e, e, e == chosen))}</select>
            <button type="submit" class="secondary">Show</button></form>
            """);
        Html Cell(int i, int j)
        {
            var count = matrix.Count(i, j, chosen);
            var heat = count == 0 ? 0 : 1 + (int)Math.Round(8.0 * count / max);
            var detail = chosen is null && count > 0 ? Html.Of($"<div class=\"emojis\">{string.Join(" ", matrix.Cells[i, j].OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}{kv.Value}"))}</div>") : Html.Empty;
            return Html.Of($"<td class=\"num h{heat}\" data-column=\"{matrix.Columns[j]}\" data-count=\"{count}\">{(count == 0 ? "" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}{detail}</td>");
        }
        var table = matrix.Total == 0
            ? Html.Raw("<p class=\"muted\" id=\"no-reactions\">No reactions yet. Members' reactions on the bot's posts (summaries, viewpoints, claims, polls) appear here.</p>")
            : Html.Of($"""
                <table id="heatmap"><tr><th>claim</th>{Html.Join(matrix.Columns, c => Html.Of($"<th>{c}</th>"))}</tr>
                {Html.Join(Enumerable.Range(0, matrix.Rows.Count), i => Html.Of($"<tr data-row=\"{RowLabel(matrix.Rows[i])}\"><th>{(matrix.Rows[i] is { } id ? Html.Of($"{id}: {Shortening.Shorten(claimTexts.GetValueOrDefault(id, "(deleted claim)"), 80)}") : Html.Raw("<span class=\"muted\">no claim (summaries, articles)</span>"))}</th>{Html.Join(Enumerable.Range(0, matrix.Columns.Count), j => Cell(i, j))}</tr>"))}
                </table>
                <img class="chart" id="heatmap-chart" src="{Chart(matrix, byLabel, chosen)}" alt="Heat map of reactions per claim and {(byLabel ? "stance label" : "source")}">
                """);
        var body = Html.Of($"""
            {filter}<p class="muted">{matrix.Total} standing reaction(s). A reaction counts under its post's claim (or its poll's claim) and its post's source.</p>{table}
            """);
        return Layout.Page(page, "Reactions", "/dashboard/reactions", body);
    }

}
