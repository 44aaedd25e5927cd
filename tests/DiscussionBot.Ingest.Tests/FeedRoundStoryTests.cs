using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Ingest.Feeds;
using DiscussionBot.Ingest.Tests.Support;
using DiscussionBot.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Ingest.Tests;

/// <summary>A feed round ends with <see cref="StoryIndex.Refresh"/>: the articles it brought, which joined their stories
/// greedily one by one, are grouped as a batch would group them, and the stored stories follow.</summary>
public sealed class FeedRoundStoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Every item in one round, all of them taken (no keywords needed), each item's own text taken as the article.</summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Feeds:FilterByKeywords"] = "false",
        ["Feeds:MaxItemsPerPoll"] = "200",
        ["Feeds:FullTextMinChars"] = "150",
    };

    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_feed_round_that_added_articles_ends_with_the_story_refresh_so_its_last_arrivals_are_grouped_as_a_batch_would()
    {
        // 70 real AllSides stories' takes (186 of them, read from ../shared/corpora), arriving as in the Core story tests:
        // every first take, then every second, then every third. Since the clusterer's last periodic re-clustering (every
        // 32 arrivals) the round's last arrivals joined their stories greedily. One outlet per take position, as there.
        var takes = AllSidesStories.TakesInArrivalOrder(70);
        Assert.InRange(takes.Count, 2, 200); // one poll takes them all
        // A feed lists its newest item first: the last arrival heads it. Full text in content:encoded, a teaser in description.
        var feed = Pages.Rss(takes.AsEnumerable().Reverse().Select(t => Pages.RssItem(
            t.Title,
            $"https://outlet-{t.Take}.example/story-{t.Story}",
            $"allsides-{t.Story}-{t.Take}",
            null,
            t.Title,
            Pages.Html([t.Text]))));
        _server.Map("/feed", ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml; charset=utf-8";
            return ctx.Response.WriteAsync(feed);
        });
        using var bot = new IngestBot(_server.Port, Settings);
        Assert.NotNull(await bot.SendAsync("/topic add news Everything the feed brings").WaitAsync(Limit));
        var added = await bot.SendAsync($"/topic feed add news {_server.Url("/feed")}").WaitAsync(Limit);
        Assert.StartsWith("Added the feed to news", added!.Text.ToPlainText(), StringComparison.Ordinal);

        var report = Assert.Single(await bot.InScopeAsync(sp => sp.GetRequiredService<FeedIngestor>().PollDueAsync(CancellationToken.None)).WaitAsync(Limit));

        // Every take became an article, in arrival order, from its item's own text (no page was fetched).
        Assert.Null(report.Problem);
        Assert.Equal(takes.Count, report.Added);
        var stored = bot.Articles.All().OrderBy(a => a.Id).ToList();
        Assert.Equal(takes.Select(t => t.Title), stored.Select(a => a.Title));
        Assert.All(stored, a => Assert.Equal(FeedIngestor.AddedBy, a.AddedBy));
        Assert.All(_server.Requests, r => Assert.Equal("/feed", r.Path));

        // The stored stories are the clusterer's groups, and each story record lists exactly its articles.
        var index = bot.Get<StoryIndex>();
        var afterRound = Partition(stored);
        Assert.Equal(Partition(index.ClusterAssignments), afterRound);
        var stories = bot.Get<IStoryStore>();
        foreach (var story in stored.GroupBy(a => a.StoryId!))
        {
            Assert.Equal(story.Select(a => a.Id).Order(), stories.Get(story.Key)!.ArticleIds.Order());
        }

        // The round already ended with the refresh: another one moves nothing.
        index.Refresh();
        Assert.Equal(stored.Select(a => (a.Id, a.StoryId)), bot.Articles.All().OrderBy(a => a.Id).Select(a => (a.Id, a.StoryId)));

        // Without it the round would have left the greedy grouping: the same articles added one by one to a library of
        // their own are grouped otherwise, until a refresh groups them as the feed round did.
        using var alone = new IngestBot(_server.Port, Settings);
        var library = alone.Get<ArticleLibrary>();
        foreach (var article in stored)
        {
            Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft(article.Title, article.Text, article.Source, article.Url, article.Published, article.Author), "test"));
        }
        var greedy = Partition(alone.Articles.All().ToList());
        Assert.NotEqual(afterRound, greedy);
        alone.Get<StoryIndex>().Refresh();
        Assert.Equal(afterRound, Partition(alone.Articles.All().ToList()));
    }

    /// <summary>Articles grouped by stored story, as sorted lists of ids.</summary>
    private static List<string> Partition(IEnumerable<Article> articles) =>
        Partition(articles.ToDictionary(a => a.Id.ToString(CultureInfo.InvariantCulture), a => a.StoryId ?? "(none)"));

    private static List<string> Partition(IReadOnlyDictionary<string, string> assignments) =>
        assignments.GroupBy(kv => kv.Value).Select(g => string.Join(",", g.Select(kv => kv.Key).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
}
