using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Testing;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DiscussionBot.Core.Tests;

/// <summary>Issue 15: the story clusterer's features are computed once, when an article is added, stored with it, and
/// read back at every start; a damaged row is recomputed from the text with a log line.</summary>
public sealed class StoredFeaturesTests
{
    private static List<ArticleDraft> Takes(int stories)
    {
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        return AllSidesStories.Takes(stories)
            .Select(t => new ArticleDraft(t.Title, t.Text, "outlet-" + t.Take, $"https://example.org/{t.Story}/{t.Take}", start.AddHours(t.Story * 6 + t.Take)))
            .ToList();
    }

    [Fact]
    public void Every_added_article_has_its_features_stored_as_computed_from_its_text()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        var outcomes = library.AddMany(Takes(6).Select(library.Prepare).ToList(), "test");
        var store = bot.Get<IArticleTermsStore>();
        foreach (var article in outcomes.OfType<AddOutcome.Added>().Select(a => a.Article))
        {
            var read = store.Get(article.Id, article.ContentHash, StoryFeatures.Fingerprint);
            Assert.Null(read.Problem);
            var expected = StoryFeatures.Of(article.Title, article.Text);
            Assert.Equal(expected.All, read.Terms!.All);
            Assert.Equal(expected.Title.Order(StringComparer.Ordinal), read.Terms.Title.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Body.Order(StringComparer.Ordinal), read.Terms.Body.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Names.Order(StringComparer.Ordinal), read.Terms.Names.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Days, read.Terms.Days);
            // Under other weights, or for another text, the row does not count.
            Assert.Null(store.Get(article.Id, article.ContentHash, StoryFeatures.Fingerprint + "x").Terms);
            Assert.Null(store.Get(article.Id, "other", StoryFeatures.Fingerprint).Terms);
        }
        Assert.Equal(outcomes.Count, outcomes.OfType<AddOutcome.Added>().Count());
    }

    [Fact]
    public void At_restart_day_names_come_back_from_the_stored_rows_and_rows_stored_before_them_read_without_days_and_without_a_warning()
    {
        var directory = Directory.CreateTempSubdirectory("stored-days-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "bot.db") };
            List<Article> stored;
            var drafts = Takes(4).Append(new ArticleDraft("Council approves the harbour ferry on Tuesday",
                "The council approved the harbour ferry on Tuesday. It starts on Sept. 16.", "outlet-x", "https://example.org/ferry", null)).ToList();
            using (var bot = new TestBot(settings: settings))
            {
                var library = bot.Get<ArticleLibrary>();
                library.AddMany(drafts.Select(library.Prepare).ToList(), "test");
                stored = bot.Get<IArticleStore>().All().ToList();
            }
            var ferry = stored.Single(a => a.Url == "https://example.org/ferry");
            // Every row but the ferry's is rewritten as the codec before day names wrote it (with no days).
            using (var db = new BotDatabase(settings["Storage:DatabasePath"]!))
            {
                var store = new LiteArticleTermsStore(db);
                var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
                foreach (var a in stored.Where(a => a.Id != ferry.Id))
                {
                    store.Save(a.Id, a.ContentHash, StoryFeatures.Fingerprint, StoryFeatures.Of(a.Title, a.Text) with { Days = null });
                    var row = rows.FindById(a.Id);
                    row["Data"] = StoredTermsFormats.AsFormatOne(row["Data"].AsBinary);
                    rows.Update(row);
                }
            }

            var logs = new FakeLogCollector();
            using (var bot = new TestBot(services => services.AddSingleton(logs).AddSingleton(typeof(ILogger<>), typeof(FakeLogger<>)), settings))
            {
                bot.Get<StoryIndex>().EnsureLoaded();
                var articles = bot.Get<IArticleStore>();
                var terms = bot.Get<IArticleTermsStore>();
                Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
                Assert.Equal(["w2@0", "w2@1", "m9-16@2"], terms.Get(ferry.Id, ferry.ContentHash, StoryFeatures.Fingerprint).Terms!.Days);
                foreach (var a in stored.Where(a => a.Id != ferry.Id))
                {
                    // Read as they are (not recomputed, not lost): the same words, no days, a story as before.
                    var read = terms.Get(a.Id, a.ContentHash, StoryFeatures.Fingerprint);
                    Assert.Null(read.Problem);
                    Assert.Null(read.Terms!.Days);
                    Assert.Equal(StoryFeatures.Of(a.Title, a.Text).All, read.Terms.All);
                    Assert.NotNull(articles.Get(a.Id)!.StoryId);
                }
                Assert.Equal(stored.Count, articles.All().Count());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void At_restart_stories_come_from_the_stored_features_and_a_damaged_row_is_recomputed_with_a_warning()
    {
        var directory = Directory.CreateTempSubdirectory("stored-features-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "bot.db") };
            List<Article> stored;
            using (var bot = new TestBot(settings: settings))
            {
                var library = bot.Get<ArticleLibrary>();
                using (bot.Get<StoryIndex>().BeginBulk())
                {
                    library.AddMany(Takes(12).Select(library.Prepare).ToList(), "test");
                }
                stored = bot.Get<IArticleStore>().All().ToList();
            }
            // Two stories of different sources: b is given a's features in its stored row (valid, of the right text hash
            // and weights), and c's row is overwritten with garbage.
            var groups = stored.GroupBy(a => a.StoryId!).Where(g => g.Count() >= 2).ToList();
            var a = groups[0].First();
            var b = groups[1].First(x => x.Source != a.Source);
            var c = groups[2].First();
            using (var db = new BotDatabase(settings["Storage:DatabasePath"]!))
            {
                new LiteArticleTermsStore(db).Save(b.Id, b.ContentHash, StoryFeatures.Fingerprint, StoryFeatures.Of(a.Title, a.Text));
                var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
                var row = rows.FindById(c.Id);
                var data = row["Data"].AsBinary;
                Array.Fill(data, (byte)0x5A, 11, data.Length - 11);
                row["Data"] = data;
                rows.Update(row);
            }

            var logs = new FakeLogCollector();
            using (var bot = new TestBot(services => services.AddSingleton(logs).AddSingleton(typeof(ILogger<>), typeof(FakeLogger<>)), settings))
            {
                bot.Get<StoryIndex>().EnsureLoaded();
                var articles = bot.Get<IArticleStore>();
                // The clusterer read b's stored features (a's words), not its text: b now sits in a's story.
                Assert.Equal(articles.Get(a.Id)!.StoryId, articles.Get(b.Id)!.StoryId);
                // c's damaged row was recomputed from its text (and stored again), and the log says so.
                Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains($"article {c.Id}", StringComparison.Ordinal)
                    && r.Message.Contains("recomputed", StringComparison.Ordinal));
                var again = bot.Get<IArticleTermsStore>().Get(c.Id, c.ContentHash, StoryFeatures.Fingerprint);
                Assert.Null(again.Problem);
                Assert.Equal(StoryFeatures.Of(c.Title, c.Text).All, again.Terms!.All);
                Assert.Equal(articles.Get(c.Id)!.StoryId, c.StoryId);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
