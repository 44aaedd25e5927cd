using System.Security.Cryptography;
using System.Text;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Library;

/// <summary>An article as it arrives, before it is stored.</summary>
public sealed record ArticleDraft(string Title, string Text, string? Source = null, string? Url = null, DateTimeOffset? Published = null, string? Author = null);

/// <summary>What happened to a draft: added, recognized as already stored, or refused with a reason.</summary>
public abstract record AddOutcome
{
    public sealed record Added(Article Article) : AddOutcome;

    public sealed record Duplicate(Article Existing, string Why) : AddOutcome;

    public sealed record Refused(string Reason) : AddOutcome;
}

/// <summary>Called after an article is stored (story clustering, search index).</summary>
public interface IArticleObserver
{
    /// <summary>May return an updated article (e.g. with its story set), which is then saved.</summary>
    Article OnAdded(Article article);
}

/// <summary>A draft with everything computed from its words that needs no database: normalized text and title, hash,
/// language and story features (<see cref="ArticleLibrary.Prepare"/>), or why it is refused.</summary>
public sealed record PreparedArticle(ArticleDraft Draft, string Title, string Text, string? Url, string Hash, string Language, byte[]? PackedStoryTerms, string? Refused)
{
    internal static PreparedArticle Refusal(ArticleDraft draft, string reason) => new(draft, "", "", null, "", "", null, reason);
}

/// <summary>Adds articles to the library: validates, recognizes duplicates by URL or by text,
/// assigns topics by keywords, stores the story features, and tells the indexes.</summary>
public sealed class ArticleLibrary(
    IArticleStore articles,
    ITopicStore topics,
    SearchIndex search,
    IEnumerable<IArticleObserver> observers,
    IArticleTermsStore terms,
    IWriteBatches batches,
    TimeProvider time)
{
    public const int MinTextChars = 20;
    public const int MaxTitleChars = 300;
    public const int MaxTextChars = 2_000_000;

    private readonly Lock _gate = new();

    public AddOutcome Add(ArticleDraft draft, string addedBy) => AddMany([Prepare(draft)], addedBy)[0];

    /// <summary>The work of adding <paramref name="draft"/> that reads no database (story features computed and packed):
    /// thread-safe, so an import
    /// prepares the next articles on other cores while <see cref="AddMany"/> stores the last ones.</summary>
    public PreparedArticle Prepare(ArticleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var text = NormalizeText(draft.Text ?? "");
        if (text.Length < MinTextChars)
        {
            return PreparedArticle.Refusal(draft, text.Length == 0 ? "the text is empty" : $"the text is too short ({text.Length} characters; at least {MinTextChars})");
        }
        if (text.Length > MaxTextChars)
        {
            return PreparedArticle.Refusal(draft, $"the text is too long ({text.Length:N0} characters; at most {MaxTextChars:N0})");
        }
        if (LooksBinary(text))
        {
            return PreparedArticle.Refusal(draft, "the text looks like binary data, not an article");
        }
        var title = NormalizeTitle(draft.Title, text);
        var url = string.IsNullOrWhiteSpace(draft.Url) ? null : draft.Url.Trim();
        return new PreparedArticle(draft, title, text, url, Hash(text), DiscussionBot.TextAnalysis.LanguageDetector.Detect(text).Code,
            terms.Pack(Analysis.StoryFeatures.Of(title, text)), null);
    }

    /// <summary>Adds prepared articles in order as one batch of writes: one commit for all of them, so every outcome
    /// returned is durable (an import killed before the commit has stored none of the batch, and reported none).</summary>
    public IReadOnlyList<AddOutcome> AddMany(IReadOnlyList<PreparedArticle> batch, string addedBy)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }
        var outcomes = new List<AddOutcome>(batch.Count);
        lock (_gate)
        {
            // One article (a member's /add, a feed item) is written as before, write by write: the encoding worker,
            // told of it on its own thread, must find it stored at once. A batch is for imports.
            using var writes = batch.Count > 1 ? batches.Begin() : null;
            var allTopics = topics.All();
            foreach (var prepared in batch)
            {
                outcomes.Add(AddOne(prepared, addedBy, allTopics));
            }
            writes?.Commit();
        }
        return outcomes;
    }

    /// <summary>Articles stored per commit by <see cref="AddAll{T}"/>.</summary>
    public const int BatchSize = 128;

    /// <summary>Adds a stream of drafts as an import does: <see cref="BatchSize"/> at a time, each batch prepared on every
    /// core (<see cref="Prepare"/>) while the one before it is stored (<see cref="AddMany"/>, one commit), and each outcome
    /// handed to <paramref name="report"/> in order once its batch has committed. Items without a draft are handed on as
    /// they come (in order). At most three batches are held at once, however long the stream.</summary>
    public void AddAll<T>(IEnumerable<(T Tag, ArticleDraft? Draft)> drafts, string addedBy, Action<T, AddOutcome?> report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(report);
        (T Tag, PreparedArticle? Prepared)[] PrepareAll((T Tag, ArticleDraft? Draft)[] chunk) =>
            chunk.AsParallel().AsOrdered().WithCancellation(cancellationToken)
                .Select(d => (d.Tag, d.Draft is null ? null : Prepare(d.Draft))).ToArray();
        void Store((T Tag, PreparedArticle? Prepared)[] batch)
        {
            var outcomes = AddMany([.. batch.Where(b => b.Prepared is not null).Select(b => b.Prepared!)], addedBy);
            var next = 0;
            foreach (var (tag, prepared) in batch)
            {
                report(tag, prepared is null ? null : outcomes[next++]);
            }
        }
        (T Tag, PreparedArticle? Prepared)[]? ready = null;
        foreach (var chunk in drafts.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var preparing = Task.Run(() => PrepareAll(chunk), cancellationToken);
            if (ready is not null)
            {
                Store(ready);
            }
            ready = preparing.GetAwaiter().GetResult();
        }
        if (ready is not null)
        {
            Store(ready);
        }
    }

    private AddOutcome AddOne(PreparedArticle prepared, string addedBy, IReadOnlyList<Topic> allTopics)
    {
        if (prepared.Refused is { } reason)
        {
            return new AddOutcome.Refused(reason);
        }
        var (draft, title, text, url, hash) = (prepared.Draft, prepared.Title, prepared.Text, prepared.Url, prepared.Hash);
        if (url is not null && articles.FindByUrl(url) is { } sameUrl)
        {
            return new AddOutcome.Duplicate(sameUrl, "same URL");
        }
        if (articles.FindByHash(hash) is { } sameText)
        {
            return new AddOutcome.Duplicate(sameText, "same text");
        }
        var source = !string.IsNullOrWhiteSpace(draft.Source) ? draft.Source.Trim() : SourceKeys.FromUrl(url);
        var article = articles.Insert(new Article
        {
            Url = url,
            Title = title,
            Source = source.Length == 0 ? "unknown" : source,
            Author = draft.Author,
            Published = draft.Published,
            AddedAt = time.GetUtcNow(),
            Text = text,
            ContentHash = hash,
            TopicIds = allTopics.Where(t => TopicMatcher.Matches(t, title, text)).Select(t => t.Id).ToList(),
            AddedBy = addedBy,
            Language = prepared.Language,
        });
        // Computed once, here: the story clusterer reads them back at every start instead of stemming the text again.
        terms.SavePacked(article.Id, hash, Analysis.StoryFeatures.Fingerprint, prepared.PackedStoryTerms ?? terms.Pack(Analysis.StoryFeatures.Of(title, text)));
        var updated = article;
        foreach (var observer in observers)
        {
            updated = observer.OnAdded(updated);
        }
        if (!ReferenceEquals(updated, article))
        {
            articles.Update(updated);
        }
        search.Add(updated);
        return new AddOutcome.Added(updated);
    }

    /// <summary>Re-assigns every article to topics after a topic's keywords changed; returns how many now belong to it.</summary>
    public int Reassign(Topic topic)
    {
        var count = 0;
        lock (_gate)
        {
            // A page at a time: the whole library is never held in memory.
            foreach (var article in articles.Pages(500).SelectMany(page => page))
            {
                var matches = article.PinnedTopicIds.Contains(topic.Id) || TopicMatcher.Matches(topic, article.Title, article.Text);
                var has = article.TopicIds.Contains(topic.Id);
                if (matches && !has)
                {
                    articles.Update(article with { TopicIds = [.. article.TopicIds, topic.Id] });
                }
                else if (!matches && has)
                {
                    articles.Update(article with { TopicIds = article.TopicIds.Where(id => id != topic.Id).ToList() });
                }
                count += matches ? 1 : 0;
            }
        }
        return count;
    }

    /// <summary>Removes a deleted topic from every article.</summary>
    public void Unassign(int topicId)
    {
        lock (_gate)
        {
            foreach (var article in articles.Pages(500).SelectMany(page => page).Where(a => a.TopicIds.Contains(topicId) || a.PinnedTopicIds.Contains(topicId)).ToList())
            {
                articles.Update(article with
                {
                    TopicIds = article.TopicIds.Where(id => id != topicId).ToList(),
                    PinnedTopicIds = article.PinnedTopicIds.Where(id => id != topicId).ToList(),
                });
            }
        }
    }

    internal static string NormalizeText(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        // Strip control characters other than line breaks and tabs: they only confuse the chat clients.
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static string NormalizeTitle(string title, string text)
    {
        var t = string.Join(' ', (title ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (t.Length == 0)
        {
            var firstLine = text.Split('\n', 2)[0].Trim();
            t = firstLine.Length > 0 ? firstLine : "Untitled";
        }
        return t.Length <= MaxTitleChars ? t : t[..(MaxTitleChars - 1)] + "…";
    }

    /// <summary>Hash of the text with white space and case folded, so re-flowed copies are recognized.</summary>
    internal static string Hash(string text)
    {
        var folded = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folded)));
    }

    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 4096));
        var odd = 0;
        foreach (var c in sample)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c != '\n' && c != '\t'))
            {
                odd++;
            }
        }
        return odd > sample.Length / 20;
    }
}
