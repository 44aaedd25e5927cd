using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Groups the library's articles into stories as they arrive (TextAnalysis' incremental clusterer)
/// and keeps the stored story ids stable: the clusterer's own ids live only in memory, so each cluster is
/// mapped to the story id its articles already carry, or to <c>st&lt;first article id&gt;</c> when new.</summary>
public sealed class StoryIndex(IArticleStore articles, IStoryStore stories, TimeProvider time, IArticleVectorStore vectors, DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder encoder) : IArticleObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _clusterToStory = new(StringComparer.Ordinal);
    private Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private int _seenGeneration;
    private StoryClusterer? _clusterer;
    private int _bulk;

    public Article OnAdded(Article article)
    {
        lock (_gate)
        {
            if (_bulk > 0)
            {
                return article; // clustered together when the bulk ends
            }
            EnsureLoaded(except: article.Id);
            return Assign(article);
        }
    }

    /// <summary>For imports: articles added until the returned scope ends are clustered together in one batch at its end,
    /// which is far quicker than one by one.</summary>
    public IDisposable BeginBulk()
    {
        lock (_gate)
        {
            _bulk++;
        }
        return new BulkScope(this);
    }

    private void EndBulk()
    {
        lock (_gate)
        {
            if (--_bulk == 0)
            {
                _clusterer = null;
                _clusterToStory.Clear();
                _seen.Clear();
                EnsureLoaded(except: null);
            }
        }
    }

    /// <summary>Makes sure every stored article has its story (run lazily, before the first story question).</summary>
    public void EnsureLoaded()
    {
        lock (_gate)
        {
            EnsureLoaded(except: null);
        }
    }

    private void EnsureLoaded(int? except)
    {
        if (_clusterer is not null)
        {
            return;
        }
        // The stored library is clustered in one batch, then each article keeps (or gets) its stored story id.
        var all = articles.All().Where(a => a.Id != except).ToList();
        _clusterer = StoryClusterer.FromBatch(all.Select(Input));
        var clusters = _clusterer.Assignments;
        foreach (var article in all)
        {
            var assigned = Place(article, clusters[Key(article)]);
            if (assigned.StoryId != article.StoryId)
            {
                articles.Update(assigned);
            }
        }
        _seen = new Dictionary<string, string>(clusters, StringComparer.Ordinal);
        _seenGeneration = _clusterer.Generation;
    }

    private Article Assign(Article article)
    {
        // Count the newcomer's terms before placing it, so its own rare words weigh as they will later.
        var input = Input(article);
        _clusterer!.Prime([input]);
        var cluster = _clusterer.Add(input);
        if (_clusterer.Generation != _seenGeneration)
        {
            Resync(except: Key(article));
        }
        _seen[Key(article)] = cluster;
        return Place(article, cluster);
    }

    /// <summary>
    /// After the clusterer re-clustered its recent window, earlier articles whose cluster changed follow it in the
    /// store: into the story their new cluster maps to, or, for a cluster new to this process, into a story id of
    /// its own (one its articles already carry if no other cluster holds it, else <c>st&lt;id&gt;</c> of one of
    /// them that names no story yet). Ids already shown to members stay where most of their articles stay.
    /// </summary>
    private void Resync(string except)
    {
        var now = _clusterer!.Assignments;
        _seenGeneration = _clusterer.Generation;
        var moved = now.Where(kv => kv.Key != except && _seen.TryGetValue(kv.Key, out var was) && was != kv.Value)
            .GroupBy(kv => kv.Value, kv => kv.Key)
            .ToList();
        if (moved.Count > 0)
        {
            var members = now.Where(kv => kv.Key != except).GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.Select(kv => kv.Key).ToList());
            foreach (var group in moved)
            {
                if (!_clusterToStory.ContainsKey(group.Key) && NewStoryId(members[group.Key]) is { } storyId)
                {
                    _clusterToStory[group.Key] = storyId;
                }
                if (!_clusterToStory.ContainsKey(group.Key))
                {
                    continue; // no free id: the articles stay where they are
                }
                foreach (var key in group)
                {
                    if (articles.Get(int.Parse(key, CultureInfo.InvariantCulture)) is { } stored)
                    {
                        var placed = Place(stored, group.Key);
                        if (placed.StoryId != stored.StoryId)
                        {
                            articles.Update(placed);
                        }
                    }
                }
            }
        }
        foreach (var (key, cluster) in now)
        {
            _seen[key] = cluster;
        }
    }

    private string? NewStoryId(List<string> members)
    {
        var held = _clusterToStory.Values.ToHashSet(StringComparer.Ordinal);
        var loaded = members.Select(k => articles.Get(int.Parse(k, CultureInfo.InvariantCulture))).OfType<Article>().ToList();
        var carried = loaded.Where(a => a.StoryId is not null && !held.Contains(a.StoryId))
            .GroupBy(a => a.StoryId!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        if (carried is not null)
        {
            return carried;
        }
        // An article's own st<id> is free when no story was ever founded under it; ids only grow, so no later
        // article can found a story under it either. A founder leaving its own story takes another free one.
        bool Free(string id) => !held.Contains(id) && stories.Get(id) is not { ArticleIds.Count: > 0 };
        return loaded.OrderBy(a => a.Id).Select(a => "st" + Key(a)).FirstOrDefault(Free)
            ?? _seen.Keys.Select(k => "st" + k).FirstOrDefault(Free);
    }

    private Article Place(Article article, string cluster)
    {
        if (!_clusterToStory.TryGetValue(cluster, out var storyId))
        {
            storyId = article.StoryId ?? "st" + article.Id.ToString(CultureInfo.InvariantCulture);
            _clusterToStory[cluster] = storyId;
        }
        var story = stories.Get(storyId) ?? new Story { Id = storyId, Title = article.Title };
        if (!story.ArticleIds.Contains(article.Id))
        {
            stories.Upsert(story with { ArticleIds = [.. story.ArticleIds, article.Id], UpdatedAt = time.GetUtcNow() });
        }
        if (article.StoryId is { } old && old != storyId && stories.Get(old) is { } previous)
        {
            stories.Upsert(previous with { ArticleIds = previous.ArticleIds.Where(id => id != article.Id).ToList() });
        }
        return article with { StoryId = storyId };
    }

    /// <summary>The clusterer's current article → cluster view (tests compare the stored stories with it).</summary>
    internal IReadOnlyDictionary<string, string> ClusterAssignments
    {
        get
        {
            lock (_gate)
            {
                return _clusterer?.Assignments ?? new Dictionary<string, string>();
            }
        }
    }

    private static string Key(Article a) => a.Id.ToString(CultureInfo.InvariantCulture);

    // Only a known publication date counts: the time an article was added says nothing of when its event happened.
    /// <summary>The clusterer's view of an article: with its title + lead meaning vector once its vectors are stored
    /// (stories are re-clustered with it at the next start or bulk import).</summary>
    private StoryInput Input(Article a) => new(Key(a), a.Title, a.Text, a.Source, a.Published,
        vectors.Get(a.Id, encoder.Model) is { } stored
            ? DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryMeaning(stored.Sentences.Select(s => DiscussionBot.TextAnalysis.Semantics.VectorMath.Dequantize((sbyte[])(Array)s.Values, s.Scale)))
            : null);

    private sealed class BulkScope(StoryIndex index) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                index.EndBulk();
            }
        }
    }
}
