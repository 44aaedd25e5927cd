using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Topics and their feeds: add, describe, set keywords, add or remove a feed, remove — each through <c>/topic</c>.</summary>
public sealed class TopicsPage(ITopicStore topics, IArticleStore articles, DashboardCommands commands)
{
    private const string Back = "/dashboard/topics";

    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/topics", (HttpContext http) => Render(new PageContext(http)));
        pages.MapPost("/topics/add", async (HttpContext http) =>
        {
            var page = new PageContext(http);
            var form = await http.Request.ReadFormAsync();
            var slug = DashboardCommands.Argument(form["slug"]);
            var description = DashboardCommands.Argument(form["description"]);
            return slug is null || description is null
                ? commands.Refuse(page, "Double quotes cannot be used in a topic's name or description.", Back)
                : await commands.RunAndRedirectAsync(page, "topic", $"add {slug} {description}", Back);
        });
        pages.MapPost("/topics/{id:int}/{action}", async (HttpContext http, int id, string action) =>
        {
            var page = new PageContext(http);
            if (topics.Get(id) is not { } topic)
            {
                return commands.Refuse(page, $"There is no topic {id} any more.", Back);
            }
            if (topic.CommunityId != page.Community)
            {
                return PageContext.Forbidden();
            }
            var form = await http.Request.ReadFormAsync();
            string? arguments = action switch
            {
                "describe" => DashboardCommands.Argument(form["description"]) is { } d ? $"describe {topic.Slug} {d}" : null,
                "keywords" => Keywords(form["keywords"]) is { } k ? $"keywords {topic.Slug} {k}" : null,
                "remove" => $"remove {topic.Slug}",
                "feed-add" => DashboardCommands.Argument(form["url"]) is { } u ? $"feed add {topic.Slug} {u}" : null,
                "feed-remove" => DashboardCommands.Argument(form["url"]) is { } r ? $"feed remove {topic.Slug} {r}" : null,
                _ => "",
            };
            return arguments switch
            {
                null => commands.Refuse(page, "Double quotes cannot be used in that field.", Back),
                "" => Results.NotFound(),
                _ => await commands.RunAndRedirectAsync(page, "topic", arguments, Back),
            };
        });
    }

    /// <summary>Comma-separated keywords, each quoted, as <c>/topic keywords</c> reads them.</summary>
    private static string? Keywords(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DashboardCommands.Argument).ToList();
        return parts.Any(p => p is null) ? null : string.Join(", ", parts);
    }

    private IResult Render(PageContext page)
    {
        var list = topics.List(page.Community).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        var rows = Html.Join(list, t => Row(page, t));
        var add = page.Form("/dashboard/topics/add", Html.Raw("""
            <input type="text" name="slug" id="new-topic-slug" placeholder="name, e.g. city-budget" required pattern="[a-z0-9][a-z0-9-]{1,39}">
            <input type="text" name="description" id="new-topic-description" class="wide" placeholder="description (optional)">
            """), "Add topic");
        var body = Html.Of($"""
            <h2>Add a topic</h2>{add}
            <h2>Topics ({list.Count})</h2>
            {(list.Count == 0 ? Html.Raw("<p class=\"muted\">No topics yet.</p>") : Html.Of($"<table id=\"topics\"><tr><th>topic</th><th class=\"num\">articles</th><th>description</th><th>keywords</th><th>feeds</th><th></th></tr>{rows}</table>"))}
            """);
        return Layout.Page(page, "Topics & feeds", Back, body);
    }

    private Html Row(PageContext page, Topic t)
    {
        var prefix = $"/dashboard/topics/{t.Id}";
        var feeds = Html.Join(t.Feeds, f => Html.Of($"<div>{f} {page.Form(prefix + "/feed-remove", Html.Of($"<input type=\"hidden\" name=\"url\" value=\"{f}\">"), "remove", confirm: "Remove this feed?", buttonClass: "danger")}</div>"));
        return Html.Of($"""
            <tr data-topic="{t.Slug}"><td><strong>{t.Slug}</strong></td><td class="num">{articles.ByTopic(t.Id, int.MaxValue).Count}</td>
            <td>{page.Form(prefix + "/describe", Html.Of($"<input type=\"text\" name=\"description\" class=\"wide\" value=\"{t.Description}\">"), "Save")}</td>
            <td>{page.Form(prefix + "/keywords", Html.Of($"<input type=\"text\" name=\"keywords\" class=\"wide\" value=\"{string.Join(", ", t.Keywords)}\">"), "Save")}</td>
            <td>{feeds}{page.Form(prefix + "/feed-add", Html.Raw("<input type=\"url\" name=\"url\" placeholder=\"https://…/feed.xml\" required>"), "Add feed")}</td>
            <td>{page.Form(prefix + "/remove", Html.Empty, "Remove topic", confirm: $"Remove the topic {t.Slug}? Its articles stay in the library.", buttonClass: "danger")}</td></tr>
            """);
    }
}
