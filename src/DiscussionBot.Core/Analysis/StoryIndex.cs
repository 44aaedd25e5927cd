using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Groups the library's articles into stories as they arrive (TextAnalysis' incremental clusterer)
/// and keeps the stored story ids stable: the clusterer's own ids live only in memory, so each cluster is
/// mapped to the story id its articles already carry, or to <c>st&lt;first article id&gt;</c> when new.</summary>
public sealed class StoryIndex(IArticleStore articles, IStoryStore stories, TimeProvider time) : IArticleObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _clusterToStory = new(StringComparer.Ordinal);
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
    }

    private Article Assign(Article article)
    {
        // Count the newcomer's terms before placing it, so its own rare words weigh as they will later.
        var input = Input(article);
        _clusterer!.Prime([input]);
        return Place(article, _clusterer.Add(input));
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

    private static string Key(Article a) => a.Id.ToString(CultureInfo.InvariantCulture);

    // Only a known publication date counts: the time an article was added says nothing of when its event happened.
    private static StoryInput Input(Article a) => new(Key(a), a.Title, a.Text, a.Source, a.Published);

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
