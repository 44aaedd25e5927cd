using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Testing;

namespace DiscussionBot.Core.Tests;

/// <summary>Issue 15: a library that grows for years keeps only its recent window of stories in memory and its
/// full-text index on disk, and answers as before.</summary>
public sealed class LibraryGrowthTests
{
    /// <summary>Real AllSides takes (from ../shared/corpora), one story's takes on one day, stories a day apart.</summary>
    private static List<ArticleDraft> Takes(int stories)
    {
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        return AllSidesStories.Takes(stories)
            .Select(t => new ArticleDraft(t.Title, t.Text, "outlet-" + t.Take, $"https://example.org/{t.Story}/{t.Take}", start.AddDays(t.Story).AddHours(t.Take)))
            .ToList();
    }

    [Fact]
    public void Only_the_recent_window_is_clustered_and_older_articles_still_get_their_stories_frozen_block_by_block()
    {
        using var bot = new TestBot(settings: new Dictionary<string, string?> { ["Library:StoryWindowDays"] = "4", ["Library:StoryWindowMinArticles"] = "10" });
        var library = bot.Get<ArticleLibrary>();
        var index = bot.Get<StoryIndex>();
        var drafts = Takes(30);
        using (index.BeginBulk())
        {
            foreach (var draft in drafts)
            {
                Assert.IsType<AddOutcome.Added>(library.Add(draft, "test"));
            }
        }

        var stored = bot.Get<IArticleStore>().All().ToList();
        Assert.All(stored, a => Assert.NotNull(a.StoryId));
        // The live clusterer holds the last four days only: the newest article is dated day 29.
        var newest = stored.Max(a => a.StoryTime);
        var inMemory = index.ClusterAssignments.Keys.Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal(stored.Where(a => a.StoryTime >= newest.AddDays(-4)).Select(a => a.Id).Order(), inMemory.Order());
        Assert.True(inMemory.Count < stored.Count / 3, $"{inMemory.Count} of {stored.Count} articles in memory");
        // Stories never mix days that are a week apart, and each story record lists exactly its articles.
        var stories = bot.Get<IStoryStore>();
        foreach (var group in stored.GroupBy(a => a.StoryId!))
        {
            Assert.True(group.Max(a => a.StoryTime) - group.Min(a => a.StoryTime) < TimeSpan.FromDays(7), group.Key);
            Assert.Equal(group.Select(a => a.Id).Order(), stories.Get(group.Key)!.ArticleIds.Order());
        }
        // Most real stories (three takes on one day) are found whole, as the clusterer finds them in one batch.
        var together = stored.GroupBy(a => a.Url!.Split('/')[3]).Count(g => g.Select(a => a.StoryId).Distinct().Count() == 1);
        Assert.True(together >= 18, $"{together} of 30 stories kept whole");
    }

    [Fact]
    public void A_story_frozen_outside_the_window_keeps_its_articles_when_a_later_import_arrives()
    {
        using var bot = new TestBot(settings: new Dictionary<string, string?> { ["Library:StoryWindowDays"] = "2", ["Library:StoryWindowMinArticles"] = "10" });
        var library = bot.Get<ArticleLibrary>();
        var index = bot.Get<StoryIndex>();
        var drafts = Takes(20);
        using (index.BeginBulk())
        {
            foreach (var draft in drafts.Take(drafts.Count / 2))
            {
                library.Add(draft, "test");
            }
        }
        var before = bot.Get<IArticleStore>().All().ToDictionary(a => a.Id, a => a.StoryId);
        using (index.BeginBulk())
        {
            foreach (var draft in drafts.Skip(drafts.Count / 2))
            {
                library.Add(draft, "test");
            }
        }
        var after = bot.Get<IArticleStore>().All().ToList();
        var cutoff = after.Max(a => a.StoryTime).AddDays(-2);
        // Everything the first import stored is now outside the window: not one article changed story.
        foreach (var article in after.Where(a => before.ContainsKey(a.Id) && a.StoryTime < cutoff))
        {
            Assert.Equal(before[article.Id], article.StoryId);
        }
        Assert.All(after, a => Assert.NotNull(a.StoryId));
    }

    [Fact]
    public async Task Search_on_disk_finds_what_the_in_memory_index_found_and_survives_a_corrupt_index()
    {
        var directory = Directory.CreateTempSubdirectory("library-growth-");
        try
        {
            var db = Path.Combine(directory.FullName, "bot.db");
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = db, ["Library:SearchIndexPath"] = db + ".search" };
            var drafts = Takes(60);
            var queries = drafts.Select(d => string.Join(' ', d.Title.Split(' ').Where(w => w.Length > 3).Take(3))).Where(q => q.Length > 0).ToList();
            List<List<int>> expected;
            using (var bot = new TestBot(settings: settings))
            {
                var library = bot.Get<ArticleLibrary>();
                foreach (var draft in drafts)
                {
                    library.Add(draft, "test");
                }
                var reference = new ReferenceBm25(bot.Get<IArticleStore>().All());
                var search = bot.Get<SearchIndex>();
                expected = queries.Select(q => reference.Search(q, 5)).ToList();
                var actual = queries.Select(q => search.Search(q, 5).Select(h => h.ArticleId).ToList()).ToList();
                var sameBest = expected.Zip(actual).Count(p => p.First.FirstOrDefault() == p.Second.FirstOrDefault());
                var sameTop5 = expected.Zip(actual).Sum(p => p.First.Intersect(p.Second).Count()) / (double)expected.Sum(e => e.Count);
                // Lucene stores each field length in one byte, so near-equal scores may swap (measured: the best hit agrees for 149 of 157).
                Assert.True(sameBest >= queries.Count * 0.9, $"best hit the same for {sameBest} of {queries.Count} queries");
                Assert.True(sameTop5 >= 0.85, $"top five overlap {sameTop5:P0}");
            }
            // Every file of the index overwritten with garbage: the next start rebuilds it from the database.
            foreach (var file in Directory.EnumerateFiles(db + ".search"))
            {
                await File.WriteAllBytesAsync(file, new byte[64]);
            }
            using (var bot = new TestBot(settings: settings))
            {
                var search = bot.Get<SearchIndex>();
                Assert.Equal(expected[0].First(), search.Search(queries[0], 5)[0].ArticleId);
                var text = await bot.TextAsync("/search " + queries[1], TestBot.Member);
                Assert.Contains(drafts[1].Title[..20], text, StringComparison.Ordinal);
            }
            // A missing index too.
            Directory.Delete(db + ".search", recursive: true);
            using (var bot = new TestBot(settings: settings))
            {
                Assert.Equal(expected[0].First(), bot.Get<SearchIndex>().Search(queries[0], 5)[0].ArticleId);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The in-memory BM25 index the library used before the on-disk one (same terms, k1 1.2, b 0.75,
    /// title counted twice, equal scores newest first), kept here as the reference the new index is held to.</summary>
    private sealed class ReferenceBm25
    {
        private readonly Dictionary<string, Dictionary<int, int>> _postings = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _lengths = [];

        public ReferenceBm25(IEnumerable<Domain.Article> articles)
        {
            foreach (var article in articles)
            {
                var length = 0;
                foreach (var term in TextTerms.Terms(article.Title).Concat(TextTerms.Terms(article.Title)).Concat(TextTerms.Terms(article.Text)))
                {
                    length++;
                    if (!_postings.TryGetValue(term, out var posting))
                    {
                        _postings[term] = posting = [];
                    }
                    posting[article.Id] = posting.GetValueOrDefault(article.Id) + 1;
                }
                _lengths[article.Id] = length;
            }
        }

        public List<int> Search(string words, int limit)
        {
            var n = _lengths.Count;
            var average = _lengths.Values.Sum() / (double)n;
            var scores = new Dictionary<int, double>();
            foreach (var term in TextTerms.Terms(words).Distinct(StringComparer.Ordinal))
            {
                if (!_postings.TryGetValue(term, out var posting))
                {
                    continue;
                }
                var idf = Math.Log(1 + ((n - posting.Count + 0.5) / (posting.Count + 0.5)));
                foreach (var (id, tf) in posting)
                {
                    scores[id] = scores.GetValueOrDefault(id) + (idf * (tf * 2.2) / (tf + (1.2 * (0.25 + (0.75 * _lengths[id] / average)))));
                }
            }
            return scores.OrderByDescending(s => s.Value).ThenByDescending(s => s.Key).Take(limit).Select(s => s.Key).ToList();
        }
    }
}

public sealed class TextRetentionTests
{
    [Fact]
    public async Task Texts_older_than_the_retention_are_dropped_while_title_link_story_and_summary_stay_and_search_still_finds_them()
    {
        using var bot = new TestBot(settings: new Dictionary<string, string?> { ["Library:TextRetentionDays"] = "30" });
        var library = bot.Get<ArticleLibrary>();
        var old = Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft("Harbour council approves the new ferry pier",
            "The harbour council approved the new ferry pier on Tuesday after a long debate. Residents had asked for a quieter design. The vote was seven to two.",
            "harbour-news.example", "https://harbour-news.example/pier"), "test")).Article;
        bot.Time.Advance(TimeSpan.FromDays(31));
        var recent = Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft("Ferry timetable changes next month",
            "The ferry company will change its timetable next month. Morning boats leave earlier. Evening boats run later on Fridays.", "ferry.example"), "test")).Article;

        Assert.Equal(1, bot.Get<TextRetention>().Sweep());

        var store = bot.Get<IArticleStore>();
        var kept = store.Get(old.Id)!;
        Assert.Equal("", kept.Text);
        Assert.NotNull(kept.TextDroppedAt);
        Assert.Equal((old.Title, old.Url, old.StoryId, old.Source), (kept.Title, kept.Url, kept.StoryId, kept.Source));
        Assert.NotEmpty(kept.Summary!);
        Assert.Equal(recent.Text, store.Get(recent.Id)!.Text);
        // The summary still answers, and the search still finds the article by its words.
        var summary = await bot.TextAsync($"/summary {old.Id} long", TestBot.Member);
        Assert.Contains("ferry pier", summary, StringComparison.Ordinal);
        Assert.Equal(old.Id, bot.Get<SearchIndex>().Search("residents quieter design", 1)[0].ArticleId);
        // A second sweep has nothing left to do.
        Assert.Equal(0, bot.Get<TextRetention>().Sweep());
    }
}

public sealed class ReportCacheTests
{
    [Fact]
    public void Viewpoint_reports_held_in_memory_never_exceed_the_configured_number_of_stories()
    {
        using var bot = new TestBot(settings: new Dictionary<string, string?> { ["Library:ReportCacheSize"] = "2" });
        var library = bot.Get<ArticleLibrary>();
        string[] subjects = ["harbour ferry pier", "school lunch menu", "railway bridge repair", "museum roof leak", "river flood barrier"];
        foreach (var subject in subjects)
        {
            library.Add(new ArticleDraft($"Council debates the {subject}", $"The council debated the {subject} on Monday. Residents asked questions about the {subject} and its cost.", "a.example"), "test");
        }
        var views = bot.Get<ViewpointService>();
        var stories = bot.Get<IStoryStore>().All().Where(s => s.ArticleIds.Count > 0).ToList();
        Assert.True(stories.Count >= 3, $"{stories.Count} stories");
        foreach (var story in stories)
        {
            views.View("test:c1", views.Find(story.Id)!);
            Assert.InRange(views.CachedReports, 1, 2);
        }
    }
}
