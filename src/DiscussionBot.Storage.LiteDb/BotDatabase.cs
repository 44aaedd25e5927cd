using DiscussionBot.Core.Domain;
using LiteDB;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>The one <see cref="LiteDatabase"/> of the process: opened once, indexes ensured, schema checked.</summary>
public sealed class BotDatabase : IDisposable
{
    /// <summary>Bump when stored documents change shape, and add the migration to <see cref="Migrate"/>.</summary>
    public const int SchemaVersion = 1;

    private const string MetaCollection = "meta";

    public BotDatabase(IOptions<StorageOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    public BotDatabase(string path)
    {
        Path = path;
        if (path != ":memory:")
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        Database = Open(path);
        try
        {
            EnsureSchema();
            EnsureIndexes();
        }
        catch
        {
            Database.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public LiteDatabase Database { get; }

    public ILiteCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    /// <summary>Folds the log into the data file, so the data file alone is a consistent database.</summary>
    public void Checkpoint() => Database.Checkpoint();

    /// <summary>Writes a consistent copy of the database to <paramref name="target"/> that opens on its own.</summary>
    public void Backup(string target)
    {
        if (Path == ":memory:")
        {
            throw new InvalidOperationException("An in-memory database has no file to back up.");
        }
        var full = System.IO.Path.GetFullPath(target);
        if (string.Equals(full, System.IO.Path.GetFullPath(Path), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The backup must not overwrite the database itself.");
        }
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        Database.Checkpoint();
        var temporary = full + ".partial";
        using (var source = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var destination = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            source.CopyTo(destination);
            destination.Flush(flushToDisk: true);
        }
        // Prove the copy opens and carries our schema before it replaces an older backup.
        using (var check = Open(temporary))
        {
            var meta = check.GetCollection(MetaCollection).FindById("schema");
            if (meta is null)
            {
                throw new InvalidOperationException("The copy did not open as a DiscussionBot database.");
            }
        }
        File.Delete(LogFileOf(temporary));
        File.Move(temporary, full, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Database.Checkpoint();
        }
        catch (LiteException)
        {
            // A failed checkpoint leaves the log in place; LiteDB replays it at the next open.
        }
        Database.Dispose();
    }

    /// <summary>LiteDB keeps its write-ahead log beside the data file: <c>name-log.ext</c>.</summary>
    public static string LogFileOf(string path) =>
        System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(path) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));

    internal static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper { EnumAsInteger = false, SerializeNullValues = false, TrimWhitespace = false, EmptyStringToNull = false };
        // LiteDB stores DateTime; keep the instant exactly (UTC ticks) and read it back as UTC.
        mapper.RegisterType(
            value => new BsonValue(value.UtcTicks),
            bson => new DateTimeOffset(bson.AsInt64, TimeSpan.Zero));
        return mapper;
    }

    private static LiteDatabase Open(string path) =>
        path == ":memory:"
            ? new LiteDatabase(new MemoryStream(), CreateMapper())
            : new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, CreateMapper());

    private void EnsureSchema()
    {
        var meta = Database.GetCollection(MetaCollection);
        var doc = meta.FindById("schema");
        if (doc is null)
        {
            meta.Insert(new BsonDocument { ["_id"] = "schema", ["version"] = SchemaVersion });
            return;
        }
        var version = doc["version"].AsInt32;
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"The database {Path} has schema version {version}, newer than this build understands ({SchemaVersion}). Run a newer DiscussionBot or restore a backup.");
        }
        if (version < SchemaVersion)
        {
            Migrate(version);
            doc["version"] = SchemaVersion;
            meta.Update(doc);
        }
    }

    private static void Migrate(int fromVersion)
    {
        // No migrations yet: version 1 is the first schema.
        _ = fromVersion;
    }

    private void EnsureIndexes()
    {
        // Create every collection now, on one thread: LiteDB 5 can corrupt its header when two threads
        // create collections at the same moment (two adapters' first events on a new database).
        foreach (var name in Collections.All.Where(n => !Database.CollectionExists(n)))
        {
            // LiteDB creates a collection on its first write: write one placeholder and take it back.
            var collection = Database.GetCollection(name);
            collection.Insert(new BsonDocument { ["_id"] = "__create" });
            collection.Delete("__create");
        }
        var topics = Collection<Topic>(Collections.Topics);
        topics.EnsureIndex(t => t.CommunityId);
        var sources = Collection<Source>(Collections.Sources);
        sources.EnsureIndex(s => s.CommunityId);
        var articles = Collection<Article>(Collections.Articles);
        articles.EnsureIndex(a => a.Url);
        articles.EnsureIndex(a => a.ContentHash);
        articles.EnsureIndex(a => a.StoryId);
        articles.EnsureIndex("TopicIds", "$.TopicIds[*]");
        var claims = Collection<Claim>(Collections.Claims);
        claims.EnsureIndex(c => c.CommunityId);
        claims.EnsureIndex(c => c.StoryId);
        claims.EnsureIndex(c => c.TopicId);
        claims.EnsureIndex(c => c.Key);
        Collection<AuditEntry>(Collections.Audit).EnsureIndex(a => a.CommunityId);
        var polls = Collection<Poll>(Collections.Polls);
        polls.EnsureIndex(p => p.CommunityId);
        polls.EnsureIndex(p => p.ClosesAt);
        var votes = Collection<VoteRecord>(Collections.Votes);
        // The event logs take the write load: every index is rewritten by every group commit, so they carry
        // only what a frequent query needs (a poll's votes). Stats, exports and /forgetme scan.
        votes.EnsureIndex(v => v.PollId);
        Collection<ReactionRecord>(Collections.Reactions);
        Collection<FairnessRating>(Collections.FairnessRatings).EnsureIndex(r => r.CommunityId);
        Collection<StoryOpen>(Collections.StoryOpens).EnsureIndex(o => o.CommunityId);
        Collection<ShiftAnswer>(Collections.ShiftAnswers).EnsureIndex(a => a.PollId);
        Collection<PollMirror>(Collections.PollMirrors).EnsureIndex(m => m.PollId);
    }
}

public static class Collections
{
    public const string Communities = "communities";
    public const string Topics = "topics";
    public const string Sources = "sources";
    public const string Articles = "articles";
    public const string Stories = "stories";
    public const string Claims = "claims";
    public const string Audit = "audit";
    public const string Posts = "posts";
    public const string State = "state";
    public const string Polls = "polls";
    public const string Votes = "votes";
    public const string Reactions = "reactions";
    public const string PlatformPolls = "platform_polls";
    public const string PlatformTallies = "platform_tallies";
    public const string ArticleVectors = "article_vectors";

    // Community insight (fairness ratings, story opens, belief-shift polls).
    public const string FairnessRatings = "fairness_ratings";
    public const string StoryOpens = "story_opens";
    public const string ShiftPolls = "shift_polls";
    public const string ShiftAnswers = "shift_answers";

    // Communities linked across platforms, and the polls posted in both.
    public const string LinkCodes = "link_codes";
    public const string CommunityLinks = "community_links";
    public const string PollMirrors = "poll_mirrors";

    /// <summary>Every collection, created when the database opens.</summary>
    public static readonly IReadOnlyList<string> All =
        [Communities, Topics, Sources, Articles, Stories, Claims, Audit, Posts, State, Polls, Votes, Reactions, PlatformPolls, PlatformTallies, ArticleVectors,
            FairnessRatings, StoryOpens, ShiftPolls, ShiftAnswers, LinkCodes, CommunityLinks, PollMirrors];
}
