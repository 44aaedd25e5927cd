using DiscussionBot.Core.Commands.Records;
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
            var (slug, description) = (DashboardCommands.Field(form, "slug").ToLowerInvariant(), DashboardCommands.Field(form, "description"));
            return await commands.RunAndRedirectAsync(page, "topic", new TopicAdd(slug, description), $"add {slug} {description}", Back);
        });
        pages.MapPost("/topics/{id:int}/{action}", async (HttpContext http, int id, string action) =>
        {
            var page = new PageContext(http);
            var topic = topics.Get(id);
            if (!page.Owns(topic, () => commands.Refuse(page, $"There is no topic {id} any more.", Back), out var refusal))
            {
                return refusal;
            }
            var form = await http.Request.ReadFormAsync();
            var (slug, text, url) = (topic.Slug, DashboardCommands.Field(form, "description"), DashboardCommands.Field(form, "url"));
            var keywords = DashboardCommands.Field(form, "keywords");
            (TopicCommand Record, string Line)? command = action switch
            {
                "describe" => (new TopicDescribe(slug, text), $"describe {slug} {text}"),
                // Comma separated; quotes around a phrase (as /topic keywords takes it) are not part of it.
                "keywords" => (new TopicKeywords(slug, TopicCommand.ParseKeywords(keywords.Split(',').Select(k => k.Trim().Trim('"', '“', '”')))), $"keywords {slug} {keywords}"),
                "remove" => (new TopicRemove(slug), $"remove {slug}"),
                "feed-add" => (new TopicFeed(slug, url, Remove: false), $"feed add {slug} {url}"),
                "feed-remove" => (new TopicFeed(slug, url, Remove: true), $"feed remove {slug} {url}"),
                _ => null,
            };
            return command is { } c ? await commands.RunAndRedirectAsync(page, "topic", c.Record, c.Line, Back) : Results.NotFound();
        });
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
            <tr data-topic="{t.Slug}"><td><strong>{t.Slug}</strong></td><td class="num">{articles.CountInTopics([t.Id])}</td>
            <td>{page.Form(prefix + "/describe", Html.Of($"<input type=\"text\" name=\"description\" class=\"wide\" value=\"{t.Description}\">"), "Save")}</td>
            <td>{page.Form(prefix + "/keywords", Html.Of($"<input type=\"text\" name=\"keywords\" class=\"wide\" value=\"{string.Join(", ", t.Keywords)}\">"), "Save")}</td>
            <td>{feeds}{page.Form(prefix + "/feed-add", Html.Raw("<input type=\"url\" name=\"url\" placeholder=\"https://…/feed.xml\" required>"), "Add feed")}</td>
            <td>{page.Form(prefix + "/remove", Html.Empty, "Remove topic", confirm: $"Remove the topic {t.Slug}? Its articles stay in the library.", buttonClass: "danger")}</td></tr>
            """);
    }
}
