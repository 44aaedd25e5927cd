namespace DiscussionBot.TextAnalysis;

/// <summary>An article as the story clusterer sees it.</summary>
public sealed record StoryInput(string Id, string? Title, string Text, string? Source = null, DateTimeOffset? Published = null);

/// <summary>Knobs of <see cref="StoryClusterer"/>; defaults tuned on allsides-train.</summary>
public sealed record StoryClustererOptions
{
    /// <summary>Mean similarity to a story's articles needed to join it.</summary>
    public double Threshold { get; init; } = 0.2;

    /// <summary>How many times a title word counts, relative to a body word.</summary>
    public double TitleWeight { get; init; } = 2.0;

    /// <summary>Weight of adjacent content-word pairs ("police station", "executive order"): more specific than single words.</summary>
    public double BigramWeight { get; init; } = 0.5;

    /// <summary>How many times a word of the first sentence counts: news states the event up front.</summary>
    public double LeadWeight { get; init; } = 1.5;

    /// <summary>Extra weight of a multi-word name as one feature, on top of its words.</summary>
    public double EntityWeight { get; init; } = 1.5;

    /// <summary>Batch only: how strongly similarities are discounted by the articles' neighbourhood density (0 = off).</summary>
    public double LocalScaling { get; init; } = 0.5;

    /// <summary>Batch only: share of the shared-neighbour similarity blended into the direct one (0 = off).</summary>
    public double SharedNeighbours { get; init; } = 0.5;

    /// <summary>Batch only: which neighbour (k-th nearest) sets an article's neighbourhood density.</summary>
    public int Neighbours { get; init; } = 3;

    /// <summary>Batch only: threshold of the (rescaled) average-linkage similarity for merging.</summary>
    public double BatchThreshold { get; init; } = 0.15;

    /// <summary>Batches larger than this fall back to the one-pass incremental clusterer (memory grows with the square).</summary>
    public int MaxBatch { get; init; } = 4000;

    /// <summary>Articles this far apart in publication time are unlikely to be the same event.</summary>
    public TimeSpan TimeScale { get; init; } = TimeSpan.FromDays(4);
}

/// <summary>
/// Groups articles about the same event, incrementally: each new article joins the story whose
/// articles it resembles most on average (TF-IDF cosine over title, body and names, discounted by
/// distance in time) if that resemblance clears a threshold, else it starts a story. Average
/// linkage, rather than the nearest single article, keeps one loose match from chaining unrelated
/// stories together. Document frequencies grow with the articles seen, so weights sharpen as the
/// library grows. Thread-safe (one lock; adding is fast).
/// </summary>
public sealed class StoryClusterer(StoryClustererOptions? options = null)
{
    readonly StoryClustererOptions options = options ?? new StoryClustererOptions();
    readonly Lock gate = new();
    readonly Dictionary<string, int> vocabulary = new(StringComparer.Ordinal);
    readonly List<int> documentFrequency = [];
    readonly List<Doc> docs = [];
    readonly List<List<int>> stories = [];
    readonly Dictionary<string, string> assignments = new(StringComparer.Ordinal);
    readonly Dictionary<int, List<int>> postings = [];

    sealed record Doc(string Id, int[] Terms, double[] Counts, DateTimeOffset? Published, int Story);

    /// <summary>Article id → story id for everything added so far.</summary>
    public IReadOnlyDictionary<string, string> Assignments
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, string>(assignments);
            }
        }
    }

    /// <summary>Clusters a batch: document frequencies are taken from the whole batch first, then articles are added in order.</summary>
    public static IReadOnlyDictionary<string, string> Cluster(IEnumerable<StoryInput> articles, StoryClustererOptions? options = null)
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
            return clusterer.Assignments;
        }
        return clusterer.ClusterPrimed(list);
    }

    IReadOnlyDictionary<string, string> ClusterPrimed(List<StoryInput> list)
    {
        // Unique ids only: a repeated id keeps its first article.
        var unique = list.DistinctBy(a => a.Id).ToList();
        var vectors = new SparseVector[unique.Count];
        double Idf(int t) => StoryIdf(documentCount, documentFrequency[t]);
        for (var i = 0; i < unique.Count; i++)
        {
            var weights = new Dictionary<int, double>();
            foreach (var (term, count) in Features(unique[i]))
            {
                var id = Intern(term);
                weights[id] = (1 + Math.Log(count)) * Idf(id);
            }
            vectors[i] = SparseVector.FromWeights(weights);
        }
        var labels = StoryGraph.Cluster(vectors, unique.Select(a => a.Published).ToArray(), options);
        // Story ids numbered by first appearance, like the incremental clusterer's.
        var names = new Dictionary<int, string>();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < unique.Count; i++)
        {
            if (!names.TryGetValue(labels[i], out var name))
            {
                names[labels[i]] = name = StoryId(names.Count);
            }
            result[unique[i].Id] = name;
        }
        return result;
    }

    /// <summary>Counts document frequencies of articles about to be added, so early ones are weighted as well as late ones.</summary>
    public void Prime(IEnumerable<StoryInput> articles)
    {
        lock (gate)
        {
            foreach (var a in articles)
            {
                if (assignments.ContainsKey(a.Id) || !primed.Add(a.Id))
                {
                    continue;
                }
                foreach (var term in Features(a).Keys)
                {
                    documentFrequency[Intern(term)]++;
                }
                documentCount++;
            }
        }
    }

    readonly HashSet<string> primed = new(StringComparer.Ordinal);
    int documentCount;

    /// <summary>Adds an article and returns the id of its story (an existing one or a new one). Re-adding an id returns its story.</summary>
    public string Add(StoryInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        lock (gate)
        {
            if (assignments.TryGetValue(article.Id, out var known))
            {
                return known;
            }
            var features = Features(article);
            var terms = new int[features.Count];
            var counts = new double[features.Count];
            var k = 0;
            var counted = primed.Remove(article.Id);
            foreach (var (term, count) in features)
            {
                var id = Intern(term);
                if (!counted)
                {
                    documentFrequency[id]++;
                }
                terms[k] = id;
                counts[k] = count;
                k++;
            }
            if (!counted)
            {
                documentCount++;
            }
            Array.Sort(terms, counts); // binary search in BestStory relies on ascending ids

            var storyIndex = BestStory(terms, counts, article.Published);
            if (storyIndex < 0)
            {
                storyIndex = stories.Count;
                stories.Add([]);
            }
            var docIndex = docs.Count;
            docs.Add(new Doc(article.Id, terms, counts, article.Published, storyIndex));
            stories[storyIndex].Add(docIndex);
            foreach (var t in terms)
            {
                if (!postings.TryGetValue(t, out var list))
                {
                    postings[t] = list = [];
                }
                list.Add(docIndex);
            }
            var storyId = StoryId(storyIndex);
            assignments[article.Id] = storyId;
            return storyId;
        }
    }

    // Ten pseudo-documents that contain no term keep IDF sane for a handful of articles: with two
    // articles, a word both share would otherwise weigh almost nothing, and they could never match.
    static double StoryIdf(int documents, int frequency) => Math.Log((documents + 10.0) / (frequency + 0.5));

    static string StoryId(int index) => $"story-{index + 1}";

    int BestStory(int[] terms, double[] counts, DateTimeOffset? published)
    {
        if (docs.Count == 0)
        {
            return -1;
        }
        var total = documentCount;
        double Idf(int t) => StoryIdf(total, documentFrequency[t]);

        // Query weights and norm.
        var queryWeights = new double[terms.Length];
        double queryNorm = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            queryWeights[i] = (1 + Math.Log(counts[i])) * Idf(terms[i]);
            queryNorm += queryWeights[i] * queryWeights[i];
        }
        queryNorm = Math.Sqrt(queryNorm);
        if (queryNorm == 0)
        {
            return -1;
        }

        // Dot products with every earlier article sharing a term, through the postings lists.
        var dots = new Dictionary<int, double>();
        for (var i = 0; i < terms.Length; i++)
        {
            if (!postings.TryGetValue(terms[i], out var list))
            {
                continue;
            }
            var idf = Idf(terms[i]);
            foreach (var d in list)
            {
                var doc = docs[d];
                var pos = Array.BinarySearch(doc.Terms, terms[i]);
                var w = (1 + Math.Log(doc.Counts[pos])) * idf;
                dots[d] = dots.GetValueOrDefault(d) + w * queryWeights[i];
            }
        }
        if (dots.Count == 0)
        {
            return -1;
        }

        var storySums = new Dictionary<int, double>();
        foreach (var (d, dot) in dots)
        {
            var doc = docs[d];
            var sim = dot / (queryNorm * Norm(doc, Idf));
            if (published is { } p && doc.Published is { } q)
            {
                var days = Math.Abs((p - q).TotalDays);
                sim *= Math.Exp(-days / options.TimeScale.TotalDays);
            }
            storySums[doc.Story] = storySums.GetValueOrDefault(doc.Story) + sim;
        }
        var best = -1;
        var bestScore = options.Threshold;
        foreach (var (story, sum) in storySums)
        {
            var mean = sum / stories[story].Count;
            if (mean >= bestScore)
            {
                bestScore = mean;
                best = story;
            }
        }
        return best;
    }

    static double Norm(Doc doc, Func<int, double> idf)
    {
        double sum = 0;
        for (var i = 0; i < doc.Terms.Length; i++)
        {
            var w = (1 + Math.Log(doc.Counts[i])) * idf(doc.Terms[i]);
            sum += w * w;
        }
        return sum > 0 ? Math.Sqrt(sum) : 1;
    }

    int Intern(string term)
    {
        if (!vocabulary.TryGetValue(term, out var id))
        {
            id = vocabulary.Count;
            vocabulary[term] = id;
            documentFrequency.Add(0);
        }
        return id;
    }

    SortedDictionary<string, double> Features(StoryInput article)
    {
        var features = new SortedDictionary<string, double>(StringComparer.Ordinal);
        void AddTerms(string? text, double weight)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }
            string? previous = null;
            foreach (var stem in Terms.ContentStems(text))
            {
                features[stem] = features.GetValueOrDefault(stem) + weight;
                if (previous is not null && options.BigramWeight > 0)
                {
                    var key = previous + "_" + stem;
                    features[key] = features.GetValueOrDefault(key) + weight * options.BigramWeight;
                }
                previous = stem;
            }
            foreach (var name in Entities.Extract(text))
            {
                if (name.Contains(' '))
                {
                    var key = "@" + name;
                    features[key] = features.GetValueOrDefault(key) + weight * options.EntityWeight;
                }
            }
        }
        AddTerms(article.Title, options.TitleWeight);
        var body = article.Text.Length > 20_000 ? article.Text[..20_000] : article.Text;
        var first = SentenceSplitter.Split(body.Length > 2000 ? body[..2000] : body).FirstOrDefault();
        if (first is not null && options.LeadWeight > 1)
        {
            AddTerms(first.Text, options.LeadWeight - 1);
        }
        AddTerms(body, 1.0);
        return features;
    }
}
