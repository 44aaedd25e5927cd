namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Groups articles about the same event. Each pair of near articles (near by wording, or by meaning when both have
/// the sentence encoder's vectors) gets a same-story probability
/// from a small logistic model over similarity features (see <see cref="StoryGraph"/>): TF-IDF
/// cosines of the whole article, titles, bodies and names, meaning cosines, and where each stands among the other's
/// nearest neighbours. Stories are average-linkage clusters of those probabilities.
/// <para>
/// Incrementally, a new article joins the story with the highest mean probability over its articles
/// if that clears the threshold, else starts a story; every <see cref="StoryClustererOptions.RefreshEvery"/>
/// arrivals the most recent window is re-clustered as a batch (stories merge or split; their ids are
/// kept where most of their articles stay). Document frequencies grow with the articles seen, so
/// weights sharpen as the library grows. Thread-safe (one lock).
/// </para>
/// <para>
/// This class is the public face and the lock; the work is done by its parts: <see cref="StoryLibrary"/> (the articles,
/// postings and vocabulary), <see cref="StoryMembership"/> (stories and their ids), <see cref="StoryPairScorer"/> (pair
/// probabilities, with <see cref="StoryLatentSpace"/>), <see cref="StoryArrival"/> (placing one arrival) and
/// <see cref="WindowReclustering"/> (the batch step over a window).
/// </para>
/// </summary>
public sealed class StoryClusterer
{
    readonly StoryClustererOptions options;
    readonly Lock gate = new();
    readonly StoryLibrary library;
    readonly StoryMembership membership;
    readonly StoryLatentSpace latentSpace;
    readonly StoryPairScorer scorer;
    readonly StoryArrival arrival;
    readonly WindowReclustering window;
    int sinceRefresh;
    int generation;

    /// <summary>Dimensions of the latent (LSA) space fitted on each re-clustered window.</summary>
    internal const int LsaDimensions = StoryLatentSpace.Dimensions;

    // An ordinary constructor, not a primary one: its parts share the one options instance it settles on.
    public StoryClusterer(StoryClustererOptions? options = null)
    {
        this.options = options ?? new StoryClustererOptions();
        library = new StoryLibrary(this.options);
        membership = new StoryMembership(library);
        latentSpace = new StoryLatentSpace(library);
        scorer = new StoryPairScorer(library, latentSpace, this.options);
        arrival = new StoryArrival(library, membership, scorer, this.options);
        window = new WindowReclustering(library, membership, latentSpace, scorer, this.options);
    }

    /// <summary>Article id → story id for everything added so far.</summary>
    public IReadOnlyDictionary<string, string> Assignments
    {
        get
        {
            lock (gate)
            {
                var result = new Dictionary<string, string>(library.Count, StringComparer.Ordinal);
                for (var i = 0; i < library.Count; i++)
                {
                    result[library[i].Id] = StoryMembership.Id(library[i].Story);
                }
                return result;
            }
        }
    }

    /// <summary>Clusters a batch: document frequencies are taken from the whole batch first, then all near pairs are scored and linked.</summary>
    public static IReadOnlyDictionary<string, string> Cluster(IEnumerable<StoryInput> articles, StoryClustererOptions? options = null) =>
        FromBatch(articles, options).Assignments;

    /// <summary>Clusters a batch as <see cref="Cluster"/> does and returns the clusterer, ready for incremental
    /// <see cref="Add"/>s: how a bot restores its library at start without replaying every article one by one.</summary>
    public static StoryClusterer FromBatch(IEnumerable<StoryInput> articles, StoryClustererOptions? options = null)
    {
        var list = articles.ToList();
        var clusterer = new StoryClusterer(options);
        clusterer.Prime(list);
        if (list.Count > clusterer.options.MaxBatch)
        {
            foreach (var a in list)
            {
                clusterer.Add(a);
            }
            clusterer.Refresh();
            return clusterer;
        }
        clusterer.ClusterAll(list);
        return clusterer;
    }

    /// <summary>Counts document frequencies of articles about to be added, so early ones are weighted as well as late ones.</summary>
    public void Prime(IEnumerable<StoryInput> articles)
    {
        lock (gate)
        {
            foreach (var a in articles)
            {
                library.Prime(a);
            }
        }
    }

    /// <summary>Adds an article and returns the id of its story (an existing one or a new one). Re-adding an id returns its story.</summary>
    public string Add(StoryInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        lock (gate)
        {
            if (library.TryFind(article.Id, out var known))
            {
                return StoryMembership.Id(library[known].Story);
            }
            var index = library.Insert(article);
            arrival.Place(index);

            // Re-clustering costs about the square of the window: in a big library, less often.
            sinceRefresh++;
            if (options.RefreshEvery > 0 && sinceRefresh >= Math.Max(options.RefreshEvery, Math.Min(library.Count, options.Window) / 16))
            {
                Recluster(Math.Max(0, library.Count - options.Window), renumber: false);
            }
            // Read after the re-clustering, which may have moved the arrival.
            return StoryMembership.Id(library[index].Story);
        }
    }

    /// <summary>Re-clusters the most recent window of articles now (Add does it every <see cref="StoryClustererOptions.RefreshEvery"/>
    /// arrivals, or every sixteenth of the window in a big library), unless nothing arrived since the last time: how a
    /// round of arrivals (an import, a feed poll) ends, so its last articles are placed as a batch would place them.</summary>
    public void Refresh()
    {
        lock (gate)
        {
            if (library.Count > 0 && sinceRefresh > 0)
            {
                Recluster(Math.Max(0, library.Count - options.Window), renumber: false);
            }
        }
    }

    /// <summary>How many times a batch re-clustering has run: when it changes, earlier articles may have changed story.</summary>
    public int Generation
    {
        get
        {
            lock (gate)
            {
                return generation;
            }
        }
    }

    /// <summary>Re-clusters the articles from <paramref name="from"/> on as a batch (<see cref="WindowReclustering"/>);
    /// with <paramref name="renumber"/> story ids are numbered by first appearance.</summary>
    void Recluster(int from, bool renumber)
    {
        sinceRefresh = 0;
        generation++;
        window.Run(from, renumber);
    }

    /// <summary>Inserts <paramref name="articles"/> (primed) and clusters the whole library as one batch.</summary>
    void ClusterAll(List<StoryInput> articles)
    {
        lock (gate)
        {
            foreach (var a in articles)
            {
                library.Insert(a);
            }
            Recluster(0, renumber: true);
        }
    }

    /// <summary>Development hook: sees every scored pair's features (used to fit the weights on a training corpus).</summary>
    internal Action<string, string, double[]>? PairObserver { get => scorer.Observer; set => scorer.Observer = value; }

    /// <summary>Runs the batch clusterer on <paramref name="articles"/> and reports each scored pair's features.</summary>
    internal static void ObservePairs(IEnumerable<StoryInput> articles, Action<string, string, double[]> observer, StoryClustererOptions? options = null)
    {
        var list = articles.ToList();
        var clusterer = new StoryClusterer(options) { PairObserver = observer };
        clusterer.Prime(list);
        clusterer.ClusterAll(list);
    }
}
