using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Testing;
using DiscussionBot.TextAnalysis;
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
    public void At_restart_rows_stored_before_day_names_get_the_days_of_title_and_lead_and_keep_the_rest_while_a_damaged_one_is_still_recomputed_with_a_warning()
    {
        var directory = Directory.CreateTempSubdirectory("stored-days-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "bot.db") };
            List<Article> stored;
            var drafts = Takes(4).Append(new ArticleDraft("Council approves the harbour ferry on Tuesday",
                "The council approved the harbour ferry on Tuesday. It starts on Sept. 16.", "outlet-x", "https://example.org/ferry", null))
                .Append(new ArticleDraft("Ferry crews walk out on Friday",
                    "Ferry crews walked out on Friday, March 20, over the new timetable. The harbour said crossings would resume soon.", "outlet-y", "https://example.org/crews", null))
                .ToList();
            using (var bot = new TestBot(settings: settings))
            {
                var library = bot.Get<ArticleLibrary>();
                library.AddMany(drafts.Select(library.Prepare).ToList(), "test");
                stored = bot.Get<IArticleStore>().All().ToList();
            }
            var ferry = stored.Single(a => a.Url == "https://example.org/ferry");
            var crews = stored.Single(a => a.Url == "https://example.org/crews");
            var damaged = stored.First(a => a.Id != ferry.Id && a.Id != crews.Id);
            // Every row but the ferry's is rewritten as the codec before day names wrote it (with no days), the crews'
            // text is dropped as Library:TextRetentionDays drops it (its title still names a day, its lead is gone), and
            // one old row is damaged.
            using (var db = new BotDatabase(settings["Storage:DatabasePath"]!))
            {
                RewriteAsFormatOne(db, stored.Where(a => a.Id != ferry.Id));
                var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
                var row = rows.FindById(damaged.Id);
                var data = row["Data"].AsBinary;
                Array.Fill(data, (byte)0x5A, 11, data.Length - 11);
                row["Data"] = data;
                rows.Update(row);
                var store = new LiteArticleStore(db);
                store.Update(store.Get(crews.Id)! with { Text = "", TextDroppedAt = DateTimeOffset.UnixEpoch });
            }

            var logs = new FakeLogCollector();
            using (var bot = new TestBot(services => services.AddSingleton(logs).AddSingleton(typeof(ILogger<>), typeof(FakeLogger<>)), settings))
            {
                bot.Get<StoryIndex>().EnsureLoaded();
                var articles = bot.Get<IArticleStore>();
                var terms = bot.Get<IArticleTermsStore>();
                // The damaged row is recomputed whole with a warning, as any damaged row; the others complete without one.
                var warning = Assert.Single(logs.GetSnapshot(), r => r.Level >= LogLevel.Warning);
                Assert.Contains($"article {damaged.Id}", warning.Message, StringComparison.Ordinal);
                Assert.Contains("recomputed", warning.Message, StringComparison.Ordinal);
                Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Information
                    && r.Message.Contains($"{stored.Count - 2} articles' stored features predated day names", StringComparison.Ordinal));
                Assert.Equal(["w2@0", "w2@1", "m9-16@2"], terms.Get(ferry.Id, ferry.ContentHash, StoryFeatures.Fingerprint).Terms!.Days);
                foreach (var a in stored.Where(a => a.Id != ferry.Id))
                {
                    // The same words as stored (the damaged one's recomputed), and now the days an import computes from the
                    // article's title and text.
                    var read = terms.Get(a.Id, a.ContentHash, StoryFeatures.Fingerprint);
                    Assert.Null(read.Problem);
                    var expected = StoryFeatures.Of(a.Title, a.Text);
                    Assert.Equal(expected.All, read.Terms!.All);
                    Assert.Equal(expected.Title.Order(StringComparer.Ordinal), read.Terms.Title.Order(StringComparer.Ordinal));
                    Assert.Equal(expected.Names.Order(StringComparer.Ordinal), read.Terms.Names.Order(StringComparer.Ordinal));
                    // An article whose text is gone has no lead to read: no days (not its title's alone), and no failure.
                    Assert.Equal(a.Id == crews.Id ? [] : expected.Days, read.Terms.Days);
                    Assert.NotNull(articles.Get(a.Id)!.StoryId);
                }
                Assert.NotEmpty(StoryFeatures.Of(crews.Title, crews.Text).Days!);
                Assert.Equal(stored.Count, articles.All().Count());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_library_stored_before_day_names_is_restored_into_the_stories_a_fresh_import_finds_and_its_rows_are_upgraded_once()
    {
        var directory = Directory.CreateTempSubdirectory("stored-days-upgrade-");
        try
        {
            var drafts = DayNamingTakes().Concat(Takes(6)).ToList();
            var fresh = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "fresh.db") };
            var upgraded = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "upgraded.db") };
            foreach (var settings in new[] { fresh, upgraded })
            {
                using var bot = new TestBot(settings: settings);
                var library = bot.Get<ArticleLibrary>();
                using (bot.Get<StoryIndex>().BeginBulk())
                {
                    library.AddMany(drafts.Select(library.Prepare).ToList(), "test");
                }
            }
            List<Article> freshArticles;
            using (var bot = new TestBot(settings: fresh))
            {
                freshArticles = bot.Get<IArticleStore>().All().ToList();
            }
            var expected = Partition(freshArticles);

            // The upgraded library is as the version before day names left it: every row in the format it wrote (no days),
            // and the stories it clustered from those rows. The fixture's stories depend on the days: without them the
            // same articles fall into other stories.
            using (var db = new BotDatabase(upgraded["Storage:DatabasePath"]!))
            {
                var articles = new LiteArticleStore(db);
                var all = articles.All().OrderBy(a => a.StoryTime).ThenBy(a => a.Id).ToList();
                RewriteAsFormatOne(db, all);
                Assert.All(db.Collection<BsonDocument>(Collections.ArticleTerms).FindAll(), row => Assert.Equal(1, row["Data"].AsBinary[2]));
                var withoutDays = StoryClusterer.FromBatch(all.Select(a => new StoryInput(a.Id.ToString(CultureInfo.InvariantCulture), a.Title, a.Text,
                    a.Source, a.Published, Terms: StoryFeatures.Of(a.Title, a.Text) with { Days = null }))).Assignments;
                var stories = new LiteStoryStore(db);
                foreach (var story in stories.All())
                {
                    stories.Upsert(story with { ArticleIds = [] });
                }
                foreach (var group in all.GroupBy(a => withoutDays[a.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    var id = "st" + group.Min(a => a.Id).ToString(CultureInfo.InvariantCulture);
                    stories.Upsert(new Story { Id = id, Title = group.First().Title, ArticleIds = [.. group.Select(a => a.Id)] });
                    foreach (var a in group)
                    {
                        articles.Update(a with { StoryId = id });
                    }
                }
                Assert.NotEqual(expected, Partition(articles.All()));
            }

            for (var restart = 1; restart <= 2; restart++)
            {
                var writes = new List<int>();
                using (var bot = new TestBot(services => services.AddSingleton<IArticleTermsStore>(sp =>
                    new RecordingTermsStore(new LiteArticleTermsStore(sp.GetRequiredService<BotDatabase>()), writes)), upgraded))
                {
                    bot.Get<StoryIndex>().EnsureLoaded();
                    var restored = bot.Get<IArticleStore>().All().ToList();
                    Assert.Equal(expected, Partition(restored));
                    // The first start writes every row once, with its days; the second reads them and writes none.
                    Assert.Equal(restart == 1 ? restored.Select(a => a.Id).Order() : [], writes.Order());
                }
                using var db = new BotDatabase(upgraded["Storage:DatabasePath"]!);
                Assert.All(db.Collection<BsonDocument>(Collections.ArticleTerms).FindAll(), row => Assert.Equal(2, row["Data"].AsBinary[2]));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Rewrites the articles' stored features as the codec before day names wrote them: same words, no days, format 1.</summary>
    private static void RewriteAsFormatOne(BotDatabase db, IEnumerable<Article> articles)
    {
        var store = new LiteArticleTermsStore(db);
        var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
        foreach (var a in articles)
        {
            store.Save(a.Id, a.ContentHash, StoryFeatures.Fingerprint, StoryFeatures.Of(a.Title, a.Text) with { Days = null });
            var row = rows.FindById(a.Id);
            row["Data"] = StoredTermsFormats.AsFormatOne(row["Data"].AsBinary);
            rows.Update(row);
        }
    }

    /// <summary>The stories as sets of article links (story ids aside), in a fixed order.</summary>
    private static List<string> Partition(IEnumerable<Article> articles) =>
        [.. articles.GroupBy(a => a.StoryId ?? "").Select(g => string.Join(" ", g.Select(a => a.Url).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal)];

    /// <summary>The real store, recording the article of every row it writes.</summary>
    private sealed class RecordingTermsStore(LiteArticleTermsStore inner, List<int> writes) : IArticleTermsStore
    {
        public StoredTermsRead Get(int articleId, string contentHash, string fingerprint) => inner.Get(articleId, contentHash, fingerprint);

        public void Save(int articleId, string contentHash, string fingerprint, StoryTerms terms)
        {
            lock (writes)
            {
                writes.Add(articleId);
            }
            inner.Save(articleId, contentHash, fingerprint, terms);
        }

        public byte[] Pack(StoryTerms terms) => inner.Pack(terms);

        public void SavePacked(int articleId, string contentHash, string fingerprint, byte[] packed)
        {
            lock (writes)
            {
                writes.Add(articleId);
            }
            inner.SavePacked(articleId, contentHash, fingerprint, packed);
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
    /// <summary>Own fixture articles (no corpus text): for each of three running topics, three outlets' takes on each of
    /// three consecutive days' events, each naming its day in title and lead, published across the days as a feed
    /// brings them (so the words alone tell little of which day's event a take is about).</summary>
    private static List<ArticleDraft> DayNamingTakes()
    {
        string[] weekdays = ["Monday", "Tuesday", "Wednesday"];
        (string Subject, string Act, string Detail)[] topics =
        [
            ("Harbour dock workers", "strike over pay and night shifts", "The union said the ferry terminal and the container berths stayed closed"),
            ("The city council", "debates the tram extension budget", "Councillors argued over the cost of the eastern line and the depot"),
            ("Riverside hospital nurses", "protest against ward closures", "Staff gathered outside the maternity wing with banners about staffing"),
        ];
        string[] outlets = ["Civic Ledger", "Harbour Post", "Evening Wire"];
        var start = new DateTimeOffset(2026, 3, 16, 7, 0, 0, TimeSpan.Zero); // a Monday
        var drafts = new List<ArticleDraft>();
        for (var t = 0; t < topics.Length; t++)
        {
            var (subject, act, detail) = topics[t];
            for (var d = 0; d < weekdays.Length; d++)
            {
                var day = weekdays[d];
                var date = $"March {16 + d}";
                for (var o = 0; o < outlets.Length; o++)
                {
                    var title = o switch
                    {
                        0 => $"{subject} {act} on {day}",
                        1 => $"{day}: {subject} {act}",
                        _ => $"{subject} {act} again on {date}",
                    };
                    var text = $"{subject} {act} on {day}, {date}, the {outlets[o]} reports. {detail} for most of {day}. "
                        + $"Officials said talks would continue and that a decision could come later in the week. "
                        + $"Residents told reporters they hoped the dispute would end soon, and business owners near the site described a quiet street. "
                        + $"The {outlets[o]} will follow the story as it develops.";
                    drafts.Add(new ArticleDraft(title, text, outlets[o], $"https://example.org/days/{t}/{d}/{o}", start.AddDays(d).AddHours(o * 3 + t)));
                }
            }
        }
        return drafts;
    }
}
