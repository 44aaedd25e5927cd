using DiscussionBot.Core.Domain;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb.Tests;

public sealed class BotDatabaseTests
{
    [Fact]
    public void Documents_survive_closing_and_reopening_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("nested/folder/bot.db");
        var published = new DateTimeOffset(2026, 3, 11, 18, 0, 0, TimeSpan.FromHours(2));
        int articleId;
        using (var db = new BotDatabase(path))
        {
            var communities = new LiteCommunityStore(db);
            var c = communities.GetOrCreate("telegram:-100", "Group", published);
            communities.Save(c with { Settings = new() { ["poll.duration"] = "2d" } });
            var topic = new LiteTopicStore(db).Insert(new Topic { CommunityId = c.Id, Slug = "housing", Keywords = ["rent", "harbor point"] });
            articleId = new LiteArticleStore(db).Insert(new Article { Title = "T", Text = "x", Published = published, TopicIds = [topic.Id], ContentHash = "h" }).Id;
        }

        using (var db = new BotDatabase(path))
        {
            var community = new LiteCommunityStore(db).Find("telegram:-100")!;
            Assert.Equal("2d", community.Settings["poll.duration"]);
            Assert.Equal(published, community.CreatedAt);
            var topic = new LiteTopicStore(db).Find("telegram:-100", "housing")!;
            Assert.Equal(["rent", "harbor point"], topic.Keywords);
            var article = new LiteArticleStore(db).Get(articleId)!;
            Assert.Equal(published, article.Published);
            Assert.Equal(published.UtcTicks, article.Published!.Value.UtcTicks);
            Assert.Single(new LiteArticleStore(db).ByTopic(topic.Id, 5));
            Assert.NotNull(new LiteArticleStore(db).FindByHash("h"));
        }
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused_with_a_clear_message()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bot.db");
        using (var raw = new LiteDatabase(path))
        {
            raw.GetCollection("meta").Insert(new BsonDocument { ["_id"] = "schema", ["version"] = BotDatabase.SchemaVersion + 1 });
        }
        var ex = Assert.Throws<InvalidOperationException>(() => new BotDatabase(path));
        Assert.Contains($"schema version {BotDatabase.SchemaVersion + 1}", ex.Message, StringComparison.Ordinal);
        // The refusal released the file: it can be opened again.
        using var raw2 = new LiteDatabase(path);
        Assert.Equal(BotDatabase.SchemaVersion + 1, raw2.GetCollection("meta").FindById("schema")["version"].AsInt32);
    }

    [Fact]
    public void A_new_database_records_its_schema_version()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bot.db");
        new BotDatabase(path).Dispose();
        using var raw = new LiteDatabase(path);
        Assert.Equal(BotDatabase.SchemaVersion, raw.GetCollection("meta").FindById("schema")["version"].AsInt32);
        var indexes = raw.GetCollection("$indexes").Query().Where("collection = 'articles'").ToList();
        Assert.Contains(indexes, d => d["name"].AsString == "ContentHash");
        Assert.Contains(indexes, d => d["name"].AsString == "Url");
        // Every collection exists from the start, so no two threads ever race to create one.
        Assert.Equal(Collections.All.Order(StringComparer.Ordinal), raw.GetCollectionNames().Where(n => n != "meta").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_backup_is_a_consistent_copy_that_opens_on_its_own()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        var articles = new LiteArticleStore(db);
        for (var i = 0; i < 500; i++)
        {
            articles.Insert(new Article { Title = $"Article {i}", Text = new string('x', 200), ContentHash = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        // Most of these writes are still in the log file (LiteDB checkpoints at 1000 pages): the copy must hold them too.
        db.Backup(dir.File("backups/copy.db"));

        Assert.False(File.Exists(dir.File("backups/copy.db.partial")));
        using var copy = new BotDatabase(dir.File("backups/copy.db"));
        Assert.Equal(500, new LiteArticleStore(copy).Count());
        Assert.Equal("Article 499", new LiteArticleStore(copy).Get(500)!.Title);
        // The original goes on working.
        articles.Insert(new Article { Title = "after", Text = "y", ContentHash = "after" });
        Assert.Equal(501, articles.Count());
    }

    [Fact]
    public void A_backup_onto_the_database_itself_is_refused()
    {
        using var dir = new TempDirectory();
        using var db = new BotDatabase(dir.File("bot.db"));
        Assert.Throws<InvalidOperationException>(() => db.Backup(dir.File("bot.db")));
    }

    [Fact]
    public void State_and_posts_round_trip()
    {
        using var db = new BotDatabase(":memory:");
        var state = new LiteStateStore(db);
        Assert.Null(state.Get("telegram.offset"));
        state.Set("telegram.offset", "42");
        state.Set("telegram.offset", "43");
        Assert.Equal("43", state.Get("telegram.offset"));

        var posts = new LitePostLog(db);
        posts.Record(new BotPost { Id = "telegram:-1:7", Kind = Core.Chat.PostKind.Claim, ClaimId = 3 });
        Assert.Equal(3, posts.Find("telegram:-1:7")!.ClaimId);
        Assert.Null(posts.Find("telegram:-1:8"));
    }

    [Fact]
    public void Audit_entries_come_back_newest_first_per_community()
    {
        using var db = new BotDatabase(":memory:");
        var audit = new LiteAuditLog(db);
        audit.Append(new AuditEntry { CommunityId = "a", Action = "one" });
        audit.Append(new AuditEntry { CommunityId = "b", Action = "other" });
        audit.Append(new AuditEntry { CommunityId = "a", Action = "two" });
        Assert.Equal(["two", "one"], audit.Recent("a", 10).Select(e => e.Action));
        Assert.Equal(["two"], audit.Recent("a", 1).Select(e => e.Action));
    }
}
