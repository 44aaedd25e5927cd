using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Insight;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Every source (labelled, or with articles in the library), its stance label (editable, through <c>/source set</c>)
/// and its article counts.</summary>
public sealed class SourcesPage(ISourceStore sources, IArticleStore articles, ITopicStore topics, FairnessReport fairness, DashboardCommands commands)
{
    private const string Back = "/dashboard/sources";

    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/sources", (HttpContext http) => Render(new PageContext(http)));
        pages.MapPost("/sources/label", async (HttpContext http) =>
        {
            var page = new PageContext(http);
            var form = await http.Request.ReadFormAsync();
            var (source, label) = (DashboardCommands.Field(form, "source"), DashboardCommands.Field(form, "label"));
            return await commands.RunAndRedirectAsync(page, "source", new SourceSet(source, label), $"set {source} {label}", Back);
        });
    }

    private IResult Render(PageContext page)
    {
        var labelled = sources.List(page.Community).ToDictionary(s => s.Key, StringComparer.Ordinal);
        var topicIds = topics.List(page.Community).Select(t => t.Id).ToHashSet();
        var counts = new Dictionary<string, (string Name, int All, int InTopics)>(StringComparer.Ordinal);
        foreach (var article in articles.All())
        {
            var key = SourceKeys.Normalize(article.Source.Length > 0 ? article.Source : SourceKeys.FromUrl(article.Url));
            if (key.Length == 0)
            {
                continue;
            }
            var (name, all, inTopics) = counts.GetValueOrDefault(key, (article.Source, 0, 0));
            counts[key] = (name, all + 1, inTopics + (article.TopicIds.Any(topicIds.Contains) ? 1 : 0));
        }
        var keys = counts.Keys.Union(labelled.Keys).OrderByDescending(k => counts.GetValueOrDefault(k).InTopics).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var rows = Html.Join(keys, key =>
        {
            var source = labelled.GetValueOrDefault(key);
            var (articleName, all, inTopics) = counts.GetValueOrDefault(key, (key, 0, 0));
            var name = source?.DisplayName is { Length: > 0 } display ? display : articleName;
            var fields = Html.Of($"<input type=\"hidden\" name=\"source\" value=\"{key}\"><input type=\"text\" name=\"label\" value=\"{source?.StanceLabel}\" placeholder=\"stance label\">");
            return Html.Of($"""
                <tr data-source="{key}"><td><strong>{name}</strong>{Html.When(!string.Equals(name, key, StringComparison.OrdinalIgnoreCase), Html.Of($"<div class=\"muted\">{key}</div>"))}</td>
                <td class="label">{(source is null ? Html.Raw("<span class=\"muted\">no label</span>") : Html.Text(source.StanceLabel))}</td>
                <td class="num">{inTopics}</td><td class="num">{all}</td><td>{page.Form("/dashboard/sources/label", fields, "Save label")}</td></tr>
                """);
        });
        // The members' fairness ratings from under /viewpoints, beside the labels the moderators set (the numbers /stats shows).
        var ratings = fairness.Summarize(page.Community);
        static Html Counts(IReadOnlyList<FairnessCount> counts) => Html.Join(counts, c =>
            Html.Of($"<tr><td>{c.Name}</td><td class=\"num\">{c.Fair}</td><td class=\"num\">{c.Unfair}</td></tr>"));
        var flags = Html.Join(ratings.Flags, f =>
            Html.Of($"<li>story {f.StoryId}: <strong>{f.Source}</strong>{Html.When(f.StanceLabel.Length > 0, Html.Of($" ({f.StanceLabel})"))} — unfair to {f.Unfair} of {f.Raters} rater(s)</li>"));
        var fairnessSection = ratings.BySource.Count == 0
            ? Html.Raw("<p class=\"muted\">No member has rated a side yet: the Fair / Unfair buttons sit under /viewpoints.</p>")
            : Html.Of($"""
                <table id="fairness-sources"><tr><th>source</th><th class="num">fair</th><th class="num">unfair</th></tr>{Counts(ratings.BySource)}</table>
                <table id="fairness-labels"><tr><th>stance label</th><th class="num">fair</th><th class="num">unfair</th></tr>{Counts(ratings.ByLabel)}</table>
                {Html.When(ratings.Flags.Count > 0, Html.Of($"<h3>Flagged: sides most raters found shown unfairly</h3><ul id=\"fairness-flags\">{flags}</ul>"))}
                """);
        var body = Html.Of($"""
            <p class="muted">Stance labels are free text on your community's own axes; /viewpoints shows them beside each source's take.</p>
            <h2>Label a source</h2>{page.Form("/dashboard/sources/label", Html.Raw("<input type=\"text\" name=\"source\" id=\"new-source\" placeholder=\"domain or name\" required> <input type=\"text\" name=\"label\" id=\"new-source-label\" placeholder=\"stance label\" required>"), "Save label")}
            <h2>Sources ({keys.Count})</h2>
            <table id="sources"><tr><th>source</th><th>stance label</th><th class="num">articles in your topics</th><th class="num">articles in the library</th><th>edit</th></tr>{rows}</table>
            <h2>Fairness ratings</h2>{fairnessSection}
            """);
        return Layout.Page(page, "Sources", Back, body);
    }
}
