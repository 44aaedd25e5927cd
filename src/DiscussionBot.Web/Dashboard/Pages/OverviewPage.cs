using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace DiscussionBot.Web.Dashboard;

/// <summary>The community at a glance: articles, stories, open polls, votes and reactions this week, with a chart per day.</summary>
public sealed class OverviewPage(ITopicStore topics, IArticleStore articles, ViewpointService views, IPollStore polls, IEventLog events, TimeProvider time)
{
    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", (HttpContext http) => Render(new PageContext(http)));
        pages.MapGet("/charts/overview.png", (HttpContext http) => Results.Bytes(Chart(new PageContext(http).Community), "image/png"));
    }

    private IResult Render(PageContext page)
    {
        var now = time.GetUtcNow();
        var weekAgo = now - TimeSpan.FromDays(7);
        var communityTopics = topics.List(page.Community);
        // Counted in the database: a library of 100,000 articles is never read whole for a page.
        var topicArticles = articles.CountInTopics(communityTopics.Select(t => t.Id).ToList());
        views.EnsureStories();
        var communityPolls = polls.ByCommunity(page.Community);
        var votes = events.VotesOfCommunity(page.Community).Count(v => v.At >= weekAgo);
        var reactions = events.ReactionsOfCommunity(page.Community).Count(r => r.At >= weekAgo && r.Added);
        var cards = new (string Label, int Value, string Id)[]
        {
            ("articles in the library", articles.Count(), "articles"),
            ("articles in your topics", topicArticles, "topic-articles"),
            ("stories", communityTopics.SelectMany(views.StoriesOfTopic).Select(s => s.Id).Distinct().Count(), "stories"),
            ("open polls", communityPolls.Count(p => !p.IsClosed(now)), "open-polls"),
            ("votes this week", votes, "votes-week"),
            ("reactions this week", reactions, "reactions-week"),
        };
        var body = Html.Of($"""
            <div class="cards">{Html.Join(cards, c => Html.Of($"<div class=\"card\" id=\"{c.Id}\"><div class=\"value\">{c.Value:N0}</div><div class=\"label\">{c.Label}</div></div>"))}</div>
            <h2>Votes and reactions, last 7 days</h2>
            <img class="chart" id="overview-chart" src="{page.Url("/dashboard/charts/overview.png")}" alt="Votes and reactions per day over the last 7 days">
            <p class="muted">{communityTopics.Count} topic(s), {communityPolls.Count} poll(s) in all.</p>
            <h2>Latest articles</h2>
            <table id="latest-articles"><tr><th>title</th><th>source</th><th>added</th></tr>{Html.Join(Latest(), a => Html.Of($"<tr><td>{a.Title}</td><td>{a.Source}</td><td>{a.AddedAt:yyyy-MM-dd HH:mm}</td></tr>"))}</table>
            """);
        return Layout.Page(page, "Overview", "/dashboard", body);
    }

    // The ten newest, read through the id index alone.
    private IEnumerable<Core.Domain.Article> Latest() => articles.Latest(10);

    private byte[] Chart(string community)
    {
        var today = time.GetUtcNow().UtcDateTime.Date;
        var days = Enumerable.Range(0, 7).Select(i => today.AddDays(i - 6)).ToList();
        var votes = events.VotesOfCommunity(community).GroupBy(v => v.At.UtcDateTime.Date).ToDictionary(g => g.Key, g => g.Count());
        var reactions = events.ReactionsOfCommunity(community).Where(r => r.Added).GroupBy(r => r.At.UtcDateTime.Date).ToDictionary(g => g.Key, g => g.Count());
        var times = days.Select(d => new DateTimeOffset(d, TimeSpan.Zero)).ToList();
        return DashboardCharts.Lines("Votes and reactions per day", times,
            [("votes", days.Select(d => (double)votes.GetValueOrDefault(d)).ToList()), ("reactions", days.Select(d => (double)reactions.GetValueOrDefault(d)).ToList())],
            "events", steps: false);
    }
}
