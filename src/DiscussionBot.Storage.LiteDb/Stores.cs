using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

public sealed class LiteCommunityStore(BotDatabase db) : ICommunityStore
{
    private readonly ILiteCollection<Community> _communities = db.Collection<Community>(Collections.Communities);

    public Community GetOrCreate(string id, string title, DateTimeOffset now)
    {
        if (_communities.FindById(id) is { } existing)
        {
            return existing;
        }
        var community = new Community { Id = id, Title = title, CreatedAt = now };
        try
        {
            _communities.Insert(community);
            return community;
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // Two first events of one community raced; the loser reads what the winner stored, never overwrites it.
            return _communities.FindById(id);
        }
    }

    public Community? Find(string id) => _communities.FindById(id);

    public void Save(Community community) => _communities.Upsert(community);

    public IReadOnlyList<Community> All() => _communities.FindAll().ToList();
}

public sealed class LiteTopicStore(BotDatabase db) : ITopicStore
{
    private readonly ILiteCollection<Topic> _topics = db.Collection<Topic>(Collections.Topics);

    public Topic? Find(string communityId, string slug) =>
        _topics.Find(t => t.CommunityId == communityId).FirstOrDefault(t => t.Slug == slug);

    public Topic? Get(int id) => _topics.FindById(id);

    public IReadOnlyList<Topic> List(string communityId) =>
        _topics.Find(t => t.CommunityId == communityId).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();

    public IReadOnlyList<Topic> All() => _topics.FindAll().ToList();

    public Topic Insert(Topic topic)
    {
        var id = _topics.Insert(topic);
        return topic with { Id = id.AsInt32 };
    }

    public void Update(Topic topic) => _topics.Update(topic);

    public bool Delete(int id) => _topics.Delete(id);
}

public sealed class LiteSourceStore(BotDatabase db) : ISourceStore
{
    private readonly ILiteCollection<Source> _sources = db.Collection<Source>(Collections.Sources);

    public Source? Find(string communityId, string key) =>
        _sources.Find(s => s.CommunityId == communityId).FirstOrDefault(s => s.Key == key);

    public IReadOnlyList<Source> List(string communityId) => _sources.Find(s => s.CommunityId == communityId).ToList();

    public Source Upsert(Source source)
    {
        if (source.Id == 0)
        {
            var id = _sources.Insert(source);
            return source with { Id = id.AsInt32 };
        }
        _sources.Update(source);
        return source;
    }
}

public sealed class LiteArticleStore(BotDatabase db) : IArticleStore
{
    private readonly ILiteCollection<Article> _articles = db.Collection<Article>(Collections.Articles);

    public Article? Get(int id) => _articles.FindById(id);

    // A constant expression with a parameter: LiteDB compiles each distinct expression text once (Query.EQ would embed
    // the value and compile anew every call; a lambda is translated anew every call), and an import asks twice an article.
    public Article? FindByUrl(string url) => _articles.FindOne("$.Url = @0", url);

    public Article? FindByHash(string contentHash) => _articles.FindOne("$.ContentHash = @0", contentHash);

    public Article Insert(Article article)
    {
        var id = _articles.Insert(article);
        return article with { Id = id.AsInt32 };
    }

    public void Update(Article article) => _articles.Update(article);

    public IReadOnlyList<Article> ByTopic(int topicId, int limit) =>
        _articles.Query().Where("$.TopicIds[*] ANY = @0", topicId).OrderByDescending(a => a.Id).Limit(limit).ToList();

    public IReadOnlyList<Article> ByStory(string storyId) => _articles.Find(a => a.StoryId == storyId).ToList();

    // Materialized: a LiteDB query holds a read lock on the enumerating thread until it ends (LiteDB #2790).
    public IEnumerable<Article> All() => _articles.Query().OrderBy(a => a.Id).ToList();

    public IReadOnlyList<int> Ids() => _articles.Query().OrderBy(a => a.Id).Select(a => a.Id).ToList();

    public IEnumerable<IReadOnlyList<Article>> Pages(int size)
    {
        var after = 0;
        while (true)
        {
            // Each page materialized before it is handed out: a LiteDB query holds a read lock while it enumerates.
            var page = _articles.Query().Where(a => a.Id > after).OrderBy(a => a.Id).Limit(size).ToList();
            if (page.Count == 0)
            {
                yield break;
            }
            yield return page;
            after = page[^1].Id;
        }
    }

    public IReadOnlyList<Article> Between(DateTime from, DateTime until) =>
        _articles.Query().Where(a => a.StoryTime >= from && a.StoryTime < until).ToList().OrderBy(a => a.StoryTime).ThenBy(a => a.Id).ToList();

    // Newest first through the StoryTime index (a dated article's StoryTime is its publication date); undated ones are skipped.
    // Walked lazily in index order, a page at a time: a query with both a filter and an order would sort every match.
    public DateTime? NewestPublished(DateTime notAfter)
    {
        for (var skip = 0; ; skip += 64)
        {
            var page = _articles.Find(LiteDB.Query.All(nameof(Article.StoryTime), LiteDB.Query.Descending), skip, 64).ToList();
            if (page.FirstOrDefault(a => a.Published is not null && a.StoryTime <= notAfter) is { } newest)
            {
                return newest.StoryTime;
            }
            if (page.Count < 64)
            {
                return null;
            }
        }
    }

    // Filter and order on the same index: LiteDB walks it backwards and stops at the limit.
    public IReadOnlyList<Article> LatestBefore(DateTime before, int count) => count <= 0 ? []
        : _articles.Query().Where(a => a.StoryTime < before).OrderByDescending(a => a.StoryTime).Limit(count).ToList();

    public IReadOnlyList<Article> WithoutStory() => _articles.Find(a => a.StoryId == null).OrderBy(a => a.Id).ToList();

    public IReadOnlyList<int> WithTextAddedBefore(DateTimeOffset before) =>
        _articles.Query().Where(a => a.AddedAt < before && a.TextDroppedAt == null).Select(a => a.Id).ToList();

    public int Count() => _articles.Count();

    // Ordered by the primary key with a limit: LiteDB walks the _id index backwards and stops after `count`.
    public IReadOnlyList<Article> Latest(int count) => count <= 0 ? []
        : _articles.Query().OrderByDescending(a => a.Id).Limit(count).ToList();

    public int CountInTopics(IReadOnlyCollection<int> topicIds)
    {
        if (topicIds.Count == 0)
        {
            return 0;
        }
        // Ids only, through the TopicIds index: an article in two topics counts once.
        var ids = new HashSet<int>();
        foreach (var topic in topicIds.Distinct())
        {
            foreach (var doc in Raw.Query().Where("$.TopicIds[*] ANY = @0", topic).Select("{ _id: $._id }").ToEnumerable())
            {
                ids.Add(doc["_id"].AsInt32);
            }
        }
        return ids.Count;
    }

    public IReadOnlyList<ArticleKey> KeysInTopic(int topicId) =>
        [.. Raw.Query().Where("$.TopicIds[*] ANY = @0", topicId).Select("{ _id: $._id, story: $.StoryId }").ToEnumerable()
            .Select(d => new ArticleKey(d["_id"].AsInt32, d["story"].IsString ? d["story"].AsString : null))
            .OrderBy(k => k.Id)];

    public IReadOnlyList<SourceArticleCount> CountBySource(IReadOnlyCollection<int> topicIds)
    {
        // Grouped in the database (LiteDB groups along the Source index, one group at a time): only the counts come back.
        // LiteDB compares strings ignoring case, so names differing only in case come back as one group.
        var all = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in Raw.Query().GroupBy("$.Source").Select("{ source: @key, n: COUNT(*) }").ToEnumerable())
        {
            var name = d["source"].AsString ?? "";
            all[name] = all.GetValueOrDefault(name) + d["n"].AsInt32;
        }
        var inTopics = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (topicIds.Count > 0)
        {
            var topics = new BsonArray(topicIds.Distinct().Select(t => new BsonValue(t)));
            foreach (var d in Raw.Query().Where("$.TopicIds[*] ANY IN @0", topics).GroupBy("$.Source").Select("{ source: @key, n: COUNT(*) }").ToEnumerable())
            {
                var name = d["source"].AsString ?? "";
                inTopics[name] = inTopics.GetValueOrDefault(name) + d["n"].AsInt32;
            }
        }
        return all.Select(kv => new SourceArticleCount(kv.Key, kv.Value, inTopics.GetValueOrDefault(kv.Key))).ToList();
    }

    private ILiteCollection<BsonDocument> Raw => db.Collection<BsonDocument>(Collections.Articles);
}

public sealed class LiteStoryStore(BotDatabase db) : IStoryStore
{
    private readonly ILiteCollection<Story> _stories = db.Collection<Story>(Collections.Stories);

    public Story? Get(string id) => _stories.FindById(id);

    public void Upsert(Story story) => _stories.Upsert(story);

    public IReadOnlyList<Story> All() => _stories.FindAll().ToList();
}

public sealed class LiteClaimStore(BotDatabase db) : IClaimStore
{
    private readonly ILiteCollection<Claim> _claims = db.Collection<Claim>(Collections.Claims);

    public Claim? Get(int id) => _claims.FindById(id);

    public Claim? FindByKey(string communityId, string key) =>
        _claims.Find(c => c.Key == key).FirstOrDefault(c => c.CommunityId == communityId);

    public IReadOnlyList<Claim> ByStory(string communityId, string storyId) =>
        _claims.Find(c => c.StoryId == storyId).Where(c => c.CommunityId == communityId).ToList();

    public IReadOnlyList<Claim> ByTopic(string communityId, int topicId) =>
        _claims.Find(c => c.TopicId == topicId).Where(c => c.CommunityId == communityId).ToList();

    public Claim Insert(Claim claim)
    {
        var id = _claims.Insert(claim);
        return claim with { Id = id.AsInt32 };
    }

    public void Update(Claim claim) => _claims.Update(claim);
}

public sealed class LiteAuditLog(BotDatabase db) : IAuditLog
{
    private readonly ILiteCollection<AuditEntry> _audit = db.Collection<AuditEntry>(Collections.Audit);

    public void Append(AuditEntry entry) => _audit.Insert(entry);

    public IReadOnlyList<AuditEntry> Recent(string communityId, int count) =>
        _audit.Query().Where(a => a.CommunityId == communityId).OrderByDescending(a => a.Id).Limit(count).ToList();
}

public sealed class LitePostLog(BotDatabase db) : IPostLog
{
    private readonly ILiteCollection<BotPost> _posts = db.Collection<BotPost>(Collections.Posts);

    public void Record(BotPost post) => _posts.Upsert(post);

    public BotPost? Find(string messageKey) => _posts.FindById(messageKey);
}

public sealed class LiteStateStore(BotDatabase db) : IStateStore
{
    private readonly ILiteCollection<BsonDocument> _state = db.Collection<BsonDocument>(Collections.State);

    public string? Get(string key) => _state.FindById(key)?["value"].AsString;

    public void Set(string key, string value) => _state.Upsert(new BsonDocument { ["_id"] = key, ["value"] = value });
}
