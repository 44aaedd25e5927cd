using DiscussionBot.Core.Storage;
using DiscussionBot.Core.Domain;
using DiscussionBot.TextAnalysis;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb.Tests;

/// <summary>Issue 15: what the library stores so that nothing needs the whole library in memory.</summary>
public sealed class LibraryStorageTests
{
    private static readonly StoryTerms Sample = new(
        [new("@harbour council", 3.0), new("council", 5.25), new("council_vote", 0.75), new("vote", 2.0)],
        ["t|council", "t|vote", "t|council"],
        ["b|council", "b|vote", "b|council", "b|ferry"],
        ["n|Harbour Council"]);

    [Fact]
    public void Stored_story_features_read_back_exactly_and_a_damaged_row_says_why_it_cannot_be_used()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        var store = new LiteArticleTermsStore(db);
        store.Save(7, "hash", "v1", Sample);
        // Other weights than the defaults' quarters are kept as they are.
        store.Save(8, "hash", "v1", Sample with { All = [new("council", 0.1), new("vote", 1.0 / 3)] });

        var read = store.Get(7, "hash", "v1");
        Assert.Null(read.Problem);
        Assert.Equal(Sample.All, read.Terms!.All);
        Assert.Equal(Sample.Body.Order(StringComparer.Ordinal), read.Terms.Body.Order(StringComparer.Ordinal));
        // Distinct names keep the order they first appeared in (the clusterer interns them in that order).
        Assert.Equal(["t|council", "t|vote"], read.Terms.Title.Distinct());
        Assert.Equal([0.1, 1.0 / 3], store.Get(8, "hash", "v1").Terms!.All.Select(kv => kv.Value));

        Assert.Equal(StoredTermsReadMissing(), store.Get(9, "hash", "v1"));
        Assert.Contains("another text", store.Get(7, "other", "v1").Problem, StringComparison.Ordinal);
        Assert.Contains("other weights", store.Get(7, "hash", "v2").Problem, StringComparison.Ordinal);

        var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
        var row = rows.FindById(7);
        var data = row["Data"].AsBinary;
        data[^3] ^= 0xFF; // one damaged byte in the compressed stream
        row["Data"] = data;
        rows.Update(row);
        var damaged = store.Get(7, "hash", "v1");
        Assert.Null(damaged.Terms);
        Assert.NotNull(damaged.Problem);

        row["Data"] = new byte[] { 1, 2, 3 };
        rows.Update(row);
        Assert.Contains("format", store.Get(7, "hash", "v1").Problem, StringComparison.Ordinal);
    }

    private static Core.Storage.StoredTermsRead StoredTermsReadMissing() => Core.Storage.StoredTermsRead.Missing;

    [Fact]
    public void Stored_day_names_read_back_and_a_row_stored_before_they_were_kept_reads_with_no_days()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        var store = new LiteArticleTermsStore(db);
        store.Save(1, "hash", "v1", Sample with { Days = ["w2@0", "m9-16@1"] });
        store.Save(2, "hash", "v1", Sample with { Days = [] });
        store.Save(3, "hash", "v1", Sample);

        Assert.Equal(["w2@0", "m9-16@1"], store.Get(1, "hash", "v1").Terms!.Days);
        Assert.Equal([], store.Get(2, "hash", "v1").Terms!.Days!);
        Assert.Null(store.Get(3, "hash", "v1").Terms!.Days);

        // A row as the format before day names wrote it (format byte 1, no day section) still reads, with no days.
        var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
        var row = rows.FindById(3);
        row["Data"] = DiscussionBot.Testing.StoredTermsFormats.AsFormatOne(row["Data"].AsBinary);
        rows.Update(row);
        var old = store.Get(3, "hash", "v1");
        Assert.Null(old.Problem);
        Assert.Null(old.Terms!.Days);
        Assert.Equal(Sample.All, old.Terms.All);
        Assert.Equal(Sample.Names, old.Terms.Names);
    }

    [Fact]
    public void A_row_stored_before_day_names_saved_again_with_its_days_is_in_the_current_format_with_every_other_field_as_read()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bot.db");
        using (var db = new BotDatabase(path))
        {
            new LiteArticleTermsStore(db).Save(4, "hash", "v1", Sample);
            var rows = db.Collection<BsonDocument>(Collections.ArticleTerms);
            var row = rows.FindById(4);
            row["Data"] = DiscussionBot.Testing.StoredTermsFormats.AsFormatOne(row["Data"].AsBinary);
            rows.Update(row);
        }
        using (var db = new BotDatabase(path))
        {
            var store = new LiteArticleTermsStore(db);
            var old = store.Get(4, "hash", "v1").Terms!;
            store.Save(4, "hash", "v1", old with { Days = ["w5@0"] });
        }
        using (var db = new BotDatabase(path))
        {
            Assert.Equal(2, db.Collection<BsonDocument>(Collections.ArticleTerms).FindById(4)["Data"].AsBinary[2]);
            var again = new LiteArticleTermsStore(db).Get(4, "hash", "v1");
            Assert.Null(again.Problem);
            Assert.Equal(["w5@0"], again.Terms!.Days);
            Assert.Equal(Sample.All, again.Terms.All);
            // Counted names come back grouped by first appearance (as the clusterer interns them), with their counts.
            Assert.Equal(["t|council", "t|council", "t|vote"], again.Terms.Title);
            Assert.Equal(["b|council", "b|council", "b|vote", "b|ferry"], again.Terms.Body);
            Assert.Equal(Sample.Names, again.Terms.Names);
        }
    }

    [Fact]
    public void Source_and_topic_counts_and_the_latest_articles_come_from_the_database_as_a_scan_would_count_them()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        var store = new LiteArticleStore(db);
        var sources = new[] { "Civic Ledger", "civic ledger", "harbour-news.example", "BBC" };
        for (var i = 0; i < 200; i++)
        {
            store.Insert(new Article
            {
                Title = $"Article {i}", Text = "text", ContentHash = $"h{i}", Source = sources[i % 4], AddedAt = DateTimeOffset.UnixEpoch.AddMinutes(i),
                TopicIds = (i % 3) switch { 0 => [1], 1 => [1, 2], _ => [] },
            });
        }
        var all = store.All().ToList();

        Assert.Equal(all.Count(a => a.TopicIds.Contains(1) || a.TopicIds.Contains(2)), store.CountInTopics([1, 2]));
        Assert.Equal(all.Count(a => a.TopicIds.Contains(2)), store.CountInTopics([2]));
        Assert.Equal(0, store.CountInTopics([]));

        var counts = store.CountBySource([2]);
        // Names differing only in case are one source (as the dashboard's keys fold case too).
        Assert.Equal(3, counts.Count);
        foreach (var source in sources)
        {
            var row = Assert.Single(counts, c => string.Equals(c.Source, source, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(all.Count(a => string.Equals(a.Source, source, StringComparison.OrdinalIgnoreCase)), row.All);
            Assert.Equal(all.Count(a => string.Equals(a.Source, source, StringComparison.OrdinalIgnoreCase) && a.TopicIds.Contains(2)), row.InTopics);
        }
        Assert.Equal(all.Count, counts.Sum(c => c.All));

        Assert.Equal(all.OrderByDescending(a => a.Id).Take(10).Select(a => a.Id), store.Latest(10).Select(a => a.Id));
    }

    [Fact]
    public void A_topics_article_ids_and_stories_come_from_the_topic_index_as_the_full_articles_would_give_them()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        var store = new LiteArticleStore(db);
        for (var i = 0; i < 120; i++)
        {
            store.Insert(new Article
            {
                Title = $"Article {i}", Text = new string('x', 2000), ContentHash = $"h{i}", AddedAt = DateTimeOffset.UnixEpoch.AddMinutes(i),
                StoryId = i % 5 == 0 ? null : $"story-{i % 7}",
                TopicIds = (i % 3) switch { 0 => [1], 1 => [1, 2], _ => [] },
            });
        }

        foreach (var topic in new[] { 1, 2, 3 })
        {
            var full = store.ByTopic(topic, int.MaxValue).OrderBy(a => a.Id).Select(a => new ArticleKey(a.Id, a.StoryId)).ToList();
            Assert.Equal(full, store.KeysInTopic(topic));
        }
        Assert.Empty(store.KeysInTopic(3));
        Assert.Contains(store.KeysInTopic(2), k => k.StoryId is null);
    }

    [Fact]
    public void A_write_batch_stores_all_of_its_writes_at_its_commit_and_none_when_it_is_abandoned()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bot.db");
        using (var db = new BotDatabase(path))
        {
            var batches = new LiteWriteBatches(db);
            var store = new LiteArticleStore(db);
            using (var batch = batches.Begin())
            {
                store.Insert(new Article { Title = "kept 1", Text = "x", ContentHash = "k1" });
                // A batch begun inside another joins it: only the outer one commits.
                using (var inner = batches.Begin())
                {
                    store.Insert(new Article { Title = "kept 2", Text = "x", ContentHash = "k2" });
                    inner.Commit();
                }
                batch.Commit();
            }
            using (batches.Begin())
            {
                store.Insert(new Article { Title = "dropped", Text = "x", ContentHash = "d" });
            }
            Assert.Equal(2, store.Count());
        }
        using (var db = new BotDatabase(path))
        {
            Assert.Equal(["kept 1", "kept 2"], new LiteArticleStore(db).All().Select(a => a.Title));
        }
        Assert.False(File.Exists(BotDatabase.LogFileOf(path)), "the emptied log is removed when the database closes");
    }
}
