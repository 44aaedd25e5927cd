using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Groups the library's articles into stories as they arrive (TextAnalysis' incremental clusterer)
/// and keeps the stored story ids stable: the clusterer's own ids live only in memory, so each cluster is
/// mapped to the story id its articles already carry, or to <c>st&lt;first article id&gt;</c> when new.
/// <para>Only a recent window (<see cref="LibraryOptions.StoryWindowDays"/> by <see cref="Article.StoryTime"/>) is
/// clustered and held in memory: older stories are frozen as stored. Articles no story holds yet outside the window
/// (a bulk import of a year) are clustered block by block in date order, each block beside the window before it: during
/// a bulk import as soon as the import has moved a window past a block, so the work per article stays bounded and no
/// pass over the whole library waits at the end. The clusterer's term features are read from
/// <see cref="IArticleTermsStore"/> (computed once, when the article was added), never recomputed from the text unless
/// the stored row is missing or unreadable; a row stored before day names were kept only gets its days added.</para></summary>
public sealed partial class StoryIndex(
    IArticleStore articles,
    IStoryStore stories,
    TimeProvider time,
    IArticleVectorStore vectors,
    IArticleTermsStore terms,
    IWriteBatches batches,
    DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder encoder,
    Microsoft.Extensions.Options.IOptions<LibraryOptions> options,
    Microsoft.Extensions.Logging.ILogger<StoryIndex> logger) : IArticleObserver
{
    private TimeSpan Window => TimeSpan.FromDays(options.Value.StoryWindowDays);

    /// <summary>Starts of the window the live clusterer was loaded with (dated articles by publication, undated ones by
    /// arrival): once newer articles move it on by a whole window, it is loaded afresh, so memory holds about one
    /// window however long the bot runs.</summary>
    private (DateTime Dated, DateTime Undated) _windowStart;

    /// <summary>Whether the article falls in the window that starts at <paramref name="start"/>.</summary>
    private static bool InWindow(Article a, (DateTime Dated, DateTime Undated) start) =>
        a.StoryTime >= (a.Published is null ? start.Undated : start.Dated);

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
                return Arrived(article); // clustered block by block as the import moves on
            }
            if (_clusterer is not null && article.StoryTime - Window - Window > (article.Published is null ? _windowStart.Undated : _windowStart.Dated))
            {
                _clusterer = null;
                _clusterToStory.Clear();
                _seen.Clear();
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

    /// <summary>Articles of the bulk import not clustered yet (in arrival order).</summary>
    private readonly List<Article> _arrived = [];

    /// <summary>How many arrivals pass between looks for a block the import has left behind.</summary>
    private const int CutEvery = 64;

    /// <summary>A bulk import's article: kept until the import has moved a whole window past the block it falls in,
    /// then that block is clustered beside the stored articles before it, as at the end of an import.</summary>
    private Article Arrived(Article article)
    {
        _arrived.Add(article);
        if (_arrived.Count % CutEvery != 0 || _arrived.Count < 2 * options.Value.StoryWindowMinArticles)
        {
            return article;
        }
        _arrived.Sort((a, b) => a.StoryTime != b.StoryTime ? a.StoryTime.CompareTo(b.StoryTime) : a.Id.CompareTo(b.Id));
        var least = options.Value.StoryWindowMinArticles;
        var placed = article;
        var cut = 0;
        while (true)
        {
            var block = NextBlock(_arrived, cut, least);
            // Cut only a block the import has left a window behind (its later articles are at least a window newer):
            // an import in date order brings nothing more that falls into it. Articles that still do (an import out of
            // order) are clustered when the import ends, as articles without a story.
            if (cut + block.Count >= _arrived.Count || _arrived[^1].StoryTime < block[^1].StoryTime + Window)
            {
                break;
            }
            var stored = block.Select(a => articles.Get(a.Id)).OfType<Article>().Where(a => a.StoryId is null).ToList();
            if (stored.Count > 0)
            {
                ClusterBlock(stored, except: null, live: []);
            }
            if (block.Any(a => a.Id == article.Id) && articles.Get(article.Id) is { } again)
            {
                placed = again;
            }
            cut += block.Count;
        }
        _arrived.RemoveRange(0, cut);
        return placed;
    }

    /// <summary>The block of <paramref name="pending"/> (sorted by story time) from <paramref name="start"/>: the days of
    /// one window, and at least <paramref name="least"/> articles.</summary>
    private List<Article> NextBlock(List<Article> pending, int start, int least)
    {
        var until = pending[start].StoryTime + Window;
        var block = new List<Article>();
        for (var i = start; i < pending.Count && (pending[i].StoryTime < until || block.Count < least); i++)
        {
            block.Add(pending[i]);
        }
        return block;
    }

    private void EndBulk()
    {
        lock (_gate)
        {
            if (--_bulk == 0)
            {
                _arrived.Clear();
                _clusterer = null;
                _clusterToStory.Clear();
                _seen.Clear();
                EnsureLoaded(except: null);
            }
        }
    }

    /// <summary>
    /// Ends a round of single arrivals (a feed poll): the live window is re-clustered now, so the round's last articles
    /// are placed as a batch would place them instead of by their greedy join until the clusterer's next periodic
    /// refresh; articles whose story changed follow it in the store. Nothing happens during a bulk import (it ends with a
    /// batch anyway), before the window is loaded, or when nothing arrived since the last re-clustering.
    /// </summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_bulk > 0 || _clusterer is null)
            {
                return;
            }
            using var writes = batches.Begin();
            _clusterer.Refresh();
            if (_clusterer.Generation != _seenGeneration)
            {
                Resync(except: string.Empty);
            }
            writes.Commit();
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
        try
        {
            Load(except);
        }
        catch
        {
            // The batch of story writes was rolled back: nothing in memory may claim the window is loaded.
            _clusterer = null;
            _clusterToStory.Clear();
            _seen.Clear();
            throw;
        }
    }

    private void Load(int? except)
    {
        var started = time.GetTimestamp();
        var window = Window;
        var now = time.GetUtcNow().UtcDateTime;
        // Dated articles: the days before the newest publication date; undated ones: the days before now, by arrival.
        var windowStart = ((articles.NewestPublished(now) ?? now) - window, now - window);

        var least = options.Value.StoryWindowMinArticles;

        // The window becomes the live clusterer new articles join: its days, and at least the latest `least` articles,
        // so that word weights rest on enough articles (a small library is clustered whole, as it always was).
        var recent = articles.Between(windowStart.Item1, DateTime.MaxValue).Where(a => a.Published is not null)
            .Concat(articles.Between(windowStart.Item2, DateTime.MaxValue).Where(a => a.Published is null))
            .Where(a => a.Id != except).ToList();
        if (recent.Count < least)
        {
            var earliest = recent.Count > 0 ? recent.Min(a => a.StoryTime) : DateTime.MaxValue;
            var have = recent.Select(a => a.Id).ToHashSet();
            recent.AddRange(articles.LatestBefore(earliest, least - recent.Count + 1).Where(a => a.Id != except && have.Add(a.Id)));
        }
        recent = [.. recent.OrderBy(a => a.StoryTime).ThenBy(a => a.Id)];
        var live = recent.Select(a => a.Id).ToHashSet();

        // Older articles no story holds yet (an import cut short, or out of date order): block by block, oldest first,
        // each beside the stored articles just before it, whose stories they may join; those stay frozen.
        var pending = articles.WithoutStory().Where(a => a.Id != except && !live.Contains(a.Id))
            .OrderBy(a => a.StoryTime).ThenBy(a => a.Id).ToList();
        var blocks = 0;
        using var writes = batches.Begin();
        for (var i = 0; i < pending.Count;)
        {
            var block = NextBlock(pending, i, least);
            i += block.Count;
            ClusterBlock(block, except, live);
            blocks++;
        }

        ClusterAndPlace(recent, frozen: []);
        writes.Commit();
        _windowStart = windowStart;
        LogLoaded(logger, recent.Count, window.TotalDays, pending.Count, blocks, time.GetElapsedTime(started).TotalMilliseconds);
        if (recent.Count + pending.Count >= 500)
        {
            // Clustering a window peaks at a few times what it keeps (the latent space is fitted on the whole window);
            // once, after loading, the heap is compacted and what it no longer needs is handed back to the system.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        if (_termsComputed > 0)
        {
            LogTermsStored(logger, _termsComputed);
            _termsComputed = 0;
        }
        if (_daysAdded > 0)
        {
            LogDaysAdded(logger, _daysAdded);
            _daysAdded = 0;
        }
    }

    /// <summary>Clusters a block of articles without a story beside the stored articles just before it (its window's
    /// days, and at least <see cref="LibraryOptions.StoryWindowMinArticles"/> of them), which only lend their story ids.</summary>
    private void ClusterBlock(List<Article> block, int? except, HashSet<int> live)
    {
        var from = block[0].StoryTime;
        var seen = new HashSet<int>(block.Select(a => a.Id));
        var context = articles.Between(from - Window, from).Concat(articles.LatestBefore(from, options.Value.StoryWindowMinArticles))
            .Where(a => a.StoryId is not null && a.Id != except && !live.Contains(a.Id) && seen.Add(a.Id)).ToList();
        ClusterAndPlace([.. context.OrderBy(a => a.StoryTime).ThenBy(a => a.Id), .. block], frozen: context.Select(a => a.Id).ToHashSet());
    }

    /// <summary>Clusters the articles in one batch as the live clusterer; each keeps (or gets) its stored story id.
    /// Frozen articles only lend their story ids to the clusters they fall in; they never move.</summary>
    private void ClusterAndPlace(List<Article> all, HashSet<int> frozen)
    {
        _clusterToStory.Clear();
        _clusterer = StoryClusterer.FromBatch(all.Select(Input));
        var clusters = _clusterer.Assignments;
        foreach (var article in all.Where(a => frozen.Contains(a.Id)).OrderBy(a => a.Id))
        {
            _clusterToStory.TryAdd(clusters[Key(article)], article.StoryId!);
        }
        // Articles already in a story are placed first, so each cluster keeps the id its articles carry.
        foreach (var article in all.Where(a => !frozen.Contains(a.Id)).OrderBy(a => a.StoryId is null ? 1 : 0).ThenBy(a => a.Id))
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

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Stories: {Recent} articles of the last {Days} days loaded for clustering; {Pending} older articles without a story clustered in {Blocks} blocks ({Milliseconds:F0} ms)")]
    private static partial void LogLoaded(Microsoft.Extensions.Logging.ILogger logger, int recent, double days, int pending, int blocks, double milliseconds);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Stories: {Count} articles had no stored features yet (added before they were stored); computed once and stored")]
    private static partial void LogTermsStored(Microsoft.Extensions.Logging.ILogger logger, int count);

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
    /// <summary>The clusterer's view of an article: with its title + lead meaning vectors (their mean, and one by one)
    /// once its vectors are stored (stories are re-clustered with them at the next start or bulk import).</summary>
    private StoryInput Input(Article a)
    {
        var plan = vectors.Get(a.Id, encoder.Model) is { } stored
            ? stored.Sentences.Take(DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryLead)
                .Select(s => (float[]?)DiscussionBot.TextAnalysis.Semantics.VectorMath.Dequantize((sbyte[])(Array)s.Values, s.Scale)).ToList()
            : null;
        return new(Key(a), a.Title, a.Text, a.Source, a.Published,
            plan is null ? null : DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryMeaning(plan),
            TermsOf(a))
        {
            Sentences = plan is null ? null : StorySentences.From(a.Title, plan),
        };
    }

    /// <summary>The article's stored story features; computed from its text (and stored) only when the row is missing
    /// (a library from before they were stored), stale or unreadable, which the log says. A row stored before day names
    /// were kept gets its days from the title and text as an import computes them, and is stored again with them (in the
    /// caller's batch of writes), so this happens once; the rest of the row is kept as it was read.</summary>
    private DiscussionBot.TextAnalysis.StoryTerms TermsOf(Article a)
    {
        var read = terms.Get(a.Id, a.ContentHash, StoryFeatures.Fingerprint);
        if (read.Terms is { Days: not null } stored)
        {
            return stored;
        }
        if (read.Terms is { } withoutDays)
        {
            var completed = withoutDays with { Days = StoryFeatures.DaysOf(a.Title, a.Text) };
            terms.Save(a.Id, a.ContentHash, StoryFeatures.Fingerprint, completed);
            _daysAdded++;
            return completed;
        }
        if (read.Problem is { } problem)
        {
            LogTermsRecomputed(logger, a.Id, problem);
        }
        else
        {
            _termsComputed++;
        }
        var computed = StoryFeatures.Of(a.Title, a.Text);
        terms.Save(a.Id, a.ContentHash, StoryFeatures.Fingerprint, computed);
        return computed;
    }

    /// <summary>Articles whose features had never been stored (computed and stored now), since the last log line.</summary>
    private int _termsComputed;

    /// <summary>Articles whose stored features predated day names (their days added and stored now), since the last log line.</summary>
    private int _daysAdded;

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Stories: {Count} articles' stored features predated day names; their days were read from title and lead and stored with them, once")]
    private static partial void LogDaysAdded(Microsoft.Extensions.Logging.ILogger logger, int count);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Stories: the stored features of article {ArticleId} could not be used ({Problem}); recomputed from its text and stored again")]
    private static partial void LogTermsRecomputed(Microsoft.Extensions.Logging.ILogger logger, int articleId, string problem);

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
