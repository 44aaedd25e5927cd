using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Storage;

// The ports Core needs from storage, one per concept. DiscussionBot.Storage.LiteDb implements them
// over one LiteDatabase; tests may use the same implementation on a temporary file or :memory:.

public interface ICommunityStore
{
    /// <summary>The community, created with default settings on first sight.</summary>
    Community GetOrCreate(string id, string title, DateTimeOffset now);

    Community? Find(string id);

    void Save(Community community);

    IReadOnlyList<Community> All();
}

public interface ITopicStore
{
    Topic? Find(string communityId, string slug);

    Topic? Get(int id);

    IReadOnlyList<Topic> List(string communityId);

    IReadOnlyList<Topic> All();

    Topic Insert(Topic topic);

    void Update(Topic topic);

    bool Delete(int id);
}

public interface ISourceStore
{
    Source? Find(string communityId, string key);

    IReadOnlyList<Source> List(string communityId);

    Source Upsert(Source source);
}

public interface IArticleStore
{
    Article? Get(int id);

    Article? FindByUrl(string url);

    Article? FindByHash(string contentHash);

    Article Insert(Article article);

    void Update(Article article);

    IReadOnlyList<Article> ByTopic(int topicId, int limit);

    IReadOnlyList<Article> ByStory(string storyId);

    /// <summary>Every article, oldest first (used to build in-memory indexes at start).</summary>
    IEnumerable<Article> All();

    /// <summary>Every article id, oldest first, without reading texts into memory for long.</summary>
    IReadOnlyList<int> Ids();

    /// <summary>Every article, oldest first, read <paramref name="size"/> at a time so only one page is held.</summary>
    IEnumerable<IReadOnlyList<Article>> Pages(int size);

    /// <summary>Articles whose <see cref="Article.StoryTime"/> is at or after <paramref name="from"/> and before <paramref name="until"/>, oldest first.</summary>
    IReadOnlyList<Article> Between(DateTime from, DateTime until);

    /// <summary>The latest publication date (UTC) not after <paramref name="notAfter"/>, or null when no article has one.</summary>
    DateTime? NewestPublished(DateTime notAfter);

    /// <summary>The <paramref name="count"/> latest articles whose <see cref="Article.StoryTime"/> is before <paramref name="before"/>, newest first.</summary>
    IReadOnlyList<Article> LatestBefore(DateTime before, int count);

    /// <summary>Articles no story holds yet (a bulk import, or an import cut short).</summary>
    IReadOnlyList<Article> WithoutStory();

    /// <summary>Articles that arrived before <paramref name="before"/> and still carry their text.</summary>
    IReadOnlyList<int> WithTextAddedBefore(DateTimeOffset before);

    int Count();

    /// <summary>The <paramref name="count"/> articles added last, newest first (through the id index: reads no others).</summary>
    IReadOnlyList<Article> Latest(int count);

    /// <summary>How many articles belong to at least one of the topics (through the topic index; no text is held).</summary>
    int CountInTopics(IReadOnlyCollection<int> topicIds);

    /// <summary>Id and story of every article of a topic, oldest first (through the topic index; no text is read):
    /// what a filter by topic needs, however large the topic has grown.</summary>
    IReadOnlyList<ArticleKey> KeysInTopic(int topicId);

    /// <summary>Per stored <see cref="Article.Source"/> name (names differing only in case count as one): its articles,
    /// and those in at least one of the topics. Counted in the database: never the whole library in memory.</summary>
    IReadOnlyList<SourceArticleCount> CountBySource(IReadOnlyCollection<int> topicIds);
}

/// <summary>An article's id and story, without its text.</summary>
public sealed record ArticleKey(int Id, string? StoryId);

/// <summary>Articles of one stored source name (<see cref="Article.Source"/>), in all and in some topics.</summary>
public sealed record SourceArticleCount(string Source, int All, int InTopics);

public interface IStoryStore
{
    Story? Get(string id);

    void Upsert(Story story);

    IReadOnlyList<Story> All();
}

public interface IClaimStore
{
    Claim? Get(int id);

    Claim? FindByKey(string communityId, string key);

    IReadOnlyList<Claim> ByStory(string communityId, string storyId);

    IReadOnlyList<Claim> ByTopic(string communityId, int topicId);

    Claim Insert(Claim claim);

    void Update(Claim claim);
}

public interface IAuditLog
{
    void Append(AuditEntry entry);

    IReadOnlyList<AuditEntry> Recent(string communityId, int count);
}

public interface IPostLog
{
    void Record(BotPost post);

    BotPost? Find(string messageKey);
}

/// <summary>Small durable state of the adapters: Telegram's update offset, Discord's gateway session.</summary>
public interface IStateStore
{
    string? Get(string key);

    void Set(string key, string value);
}
