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
        (Database, _data, _log) = Open(path);
        try
        {
            EnsureSchema();
            EnsureIndexes();
        }
        catch
        {
            Database.Dispose();
            _data?.Dispose();
            _log?.Dispose();
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
        var (check, checkData, checkLog) = Open(temporary);
        using (checkData)
        using (checkLog)
        using (check)
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
        _data?.Dispose();
        _log?.Dispose();
        // LiteDB leaves the emptied log of a stream it did not open itself; its own direct mode deletes it.
        if (_log is not null && new FileInfo(LogFileOf(Path)) is { Exists: true, Length: 0 })
        {
            File.Delete(LogFileOf(Path));
        }
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

    /// <summary>The write-ahead log file (null in memory), whose flushes a write batch defers to its commit.</summary>
    private readonly LiteFile? _log;

    private readonly LiteFile? _data;

    /// <summary>
    /// Until the returned scope ends, LiteDB's flushes of its log go to the operating system only (which is what a
    /// killed process needs: the data survives it), and the log is flushed to disk once when the scope ends. LiteDB
    /// flushes its log to disk each time its writer catches up with the pages of a commit, which for pages written one
    /// by one is once a page: a commit of an import batch would wait for a hundred disk flushes instead of one.
    /// Writes of other threads meanwhile reach the disk with the batch. The data file is always flushed as LiteDB asks.
    /// </summary>
    internal IDisposable DeferLogFlushes() => _log is null ? NoScope.Instance : _log.Defer();

    private static (LiteDatabase, LiteFile?, LiteFile?) Open(string path)
    {
        if (path == ":memory:")
        {
            return (new LiteDatabase(new MemoryStream(), CreateMapper()), null, null);
        }
        // The files are opened here rather than by LiteDB so that the log's flushes can be batched (DeferLogFlushes);
        // sharing as LiteDB's own direct mode opens them (read shared, so a backup can copy the data file).
        var data = new LiteFile(path, deferrable: false);
        LiteFile? log = null;
        try
        {
            log = new LiteFile(LogFileOf(path), deferrable: true);
            return (new LiteDatabase(data, CreateMapper(), log), data, log);
        }
        catch
        {
            data.Dispose();
            log?.Dispose();
            throw;
        }
    }

    /// <summary>A database file as LiteDB writes it: its flushes go to disk (LiteDB flushes streams it did not open
    /// itself without asking for the disk), except a deferrable file's while <see cref="Defer"/> is in effect.
    /// Unbuffered: LiteDB shares one stream between its writer and its readers (each read and write under a lock on
    /// it, a flush not), so no buffer of ours may sit between them.</summary>
    private sealed class LiteFile(string path, bool deferrable)
        : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
    {
        private int _deferred;

        public IDisposable Defer()
        {
            Interlocked.Increment(ref _deferred);
            return new Scope(this);
        }

        public override void Flush() => Flush(flushToDisk: true);

        public override void Flush(bool flushToDisk) =>
            base.Flush(flushToDisk && !(deferrable && Volatile.Read(ref _deferred) > 0));

        private void EndDefer()
        {
            if (Interlocked.Decrement(ref _deferred) == 0)
            {
                if (!SafeFileHandle.IsClosed)
                {
                    base.Flush(flushToDisk: true);
                }
            }
        }

        private sealed class Scope(LiteFile file) : IDisposable
        {
            private int _ended;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    file.EndDefer();
                }
            }
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }

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
        // Start-up reads only the recent window of stories (issue 15): StoryTime is derived, so rows written
        // before it existed get it by being written once more.
        articles.EnsureIndex(a => a.StoryTime);
        // The dashboard's per-source counts are grouped along it.
        articles.EnsureIndex(a => a.Source);
        // The retention sweep looks up old arrivals (Library:TextRetentionDays).
        articles.EnsureIndex(a => a.AddedAt);
        foreach (var old in articles.Find("$.StoryTime = null").ToList())
        {
            articles.Update(old);
        }
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
    public const string ArticleTerms = "article_terms";

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
        [Communities, Topics, Sources, Articles, Stories, Claims, Audit, Posts, State, Polls, Votes, Reactions, PlatformPolls, PlatformTallies, ArticleVectors, ArticleTerms,
            FairnessRatings, StoryOpens, ShiftPolls, ShiftAnswers, LinkCodes, CommunityLinks, PollMirrors];
}
