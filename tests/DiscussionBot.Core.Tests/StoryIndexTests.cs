using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Testing;

namespace DiscussionBot.Core.Tests;

public sealed class StoryIndexTests
{
    [Fact]
    public async Task Stored_stories_follow_the_clusterer_when_its_window_reclustering_moves_earlier_articles()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        // The takes (over 200 characters: 210) of 80 real AllSides stories (read from ../shared/corpora): the clusterer re-clusters its
        // window every 32 arrivals, and some earlier articles change story when later ones arrive.
        // Each story's first takes come first, its second takes some 80 articles later, its third later still.
        var takes = AddTakesInArrivalOrder(library, 80);

        var index = bot.Get<StoryIndex>();
        var clusters = index.ClusterAssignments;
        var stored = bot.Get<IArticleStore>().All().ToList();
        Assert.Equal(takes.Count, stored.Count);
        // Two articles share a stored story exactly when the clusterer puts them together.
        var byCluster = stored.GroupBy(a => clusters[a.Id.ToString(CultureInfo.InvariantCulture)]).Select(g => g.Select(a => a.Id).Order().ToList()).OrderBy(g => g[0]).ToList();
        var byStory = stored.GroupBy(a => a.StoryId).Select(g => g.Select(a => a.Id).Order().ToList()).OrderBy(g => g[0]).ToList();
        Assert.Equal(byCluster, byStory);
        // And each story record lists exactly its articles.
        var stories = bot.Get<IStoryStore>();
        foreach (var group in stored.GroupBy(a => a.StoryId!))
        {
            Assert.Equal(group.Select(a => a.Id).Order(), stories.Get(group.Key)!.ArticleIds.Order());
        }
        // A story all of whose articles moved away says so instead of showing nothing.
        var emptied = stories.All().Where(s => s.ArticleIds.Count == 0).ToList();
        Assert.NotEmpty(emptied);
        var text = await bot.TextAsync($"/viewpoints {emptied[0].Id}", TestBot.Member);
        Assert.Contains("has no articles now", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refresh_that_ends_a_feed_round_regroups_its_last_arrivals_and_the_stored_stories_follow()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        // 70 real AllSides stories' takes in arrival order: the last arrivals since the clusterer's periodic refresh
        // (every 32) joined their stories greedily, one by one.
        AddTakesInArrivalOrder(library, 70);
        var index = bot.Get<StoryIndex>();
        var before = Partition(index.ClusterAssignments);

        index.Refresh();

        var clusters = index.ClusterAssignments;
        Assert.NotEqual(before, Partition(clusters));
        var stored = bot.Get<IArticleStore>().All().ToList();
        var byStory = stored.GroupBy(a => a.StoryId).Select(g => g.Select(a => a.Id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal).Select(g => string.Join(",", g)).ToList();
        Assert.Equal(Partition(clusters), byStory);
    }

    /// <summary>Adds the takes of the first <paramref name="stories"/> real AllSides val stories in arrival order
    /// (<see cref="AllSidesStories.TakesInArrivalOrder"/>), each take position its own outlet.</summary>
    static List<ArticleDraft> AddTakesInArrivalOrder(ArticleLibrary library, int stories)
    {
        var takes = AllSidesStories.TakesInArrivalOrder(stories).Select(t => new ArticleDraft(t.Title, t.Text, "outlet-" + t.Take)).ToList();
        foreach (var draft in takes)
        {
            Assert.IsType<AddOutcome.Added>(library.Add(draft, "test"));
        }
        return takes;
    }

    static List<string> Partition(IReadOnlyDictionary<string, string> assignments) =>
        assignments.GroupBy(kv => kv.Value).Select(g => g.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal).Select(g => string.Join(",", g)).ToList();
}
