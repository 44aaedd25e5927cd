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
/// </summary>
public sealed class StoryClusterer(StoryClustererOptions? options = null)
{
    readonly StoryClustererOptions options = options ?? new StoryClustererOptions();
    readonly Lock gate = new();
    readonly StoryVocabulary vocabulary = new();
    readonly List<Doc> docs = [];
    readonly List<HashSet<int>> stories = [];
    readonly Dictionary<string, int> docIndexById = new(StringComparer.Ordinal);
    readonly Dictionary<int, List<int>> postings = [];
    int sinceRefresh;
    StoryLsa? lsa;
    int lsaFittedAt;

    /// <summary>Dimensions of the latent (LSA) space fitted on each re-clustered window.</summary>
    internal const int LsaDimensions = 100;

    sealed class Doc(string id, Bags bags, string? source, DateTimeOffset? published)
    {
        public string Id { get; } = id;
        public Bags Bags { get; } = bags;
        public string? Source { get; } = source;
        public DateTimeOffset? Published { get; } = published;
        public NeighbourList Neighbours { get; set; } = new(StoryGraph.ListSize);
        public int Story { get; set; }
        /// <summary>Position in the latent space of <see cref="EmbeddedWith"/>.</summary>
        public float[]? Embedding { get; set; }
        public StoryLsa? EmbeddedWith { get; set; }
        /// <summary>Meaning vector of title and lead, when stored.</summary>
        public float[]? Meaning { get; init; }
        /// <summary>Title and lead vectors one by one (8-bit), when stored.</summary>
        public PackedSentences? Sentences { get; init; }
        /// <summary>Its nearest articles by meaning (<see cref="MeaningNeighbours"/>), once compared with its window.</summary>
        public NeighbourList? ByMeaning { get; set; }
        /// <summary>The days its title and lead name (<see cref="StoryDays"/>); null when its stored features predate them.</summary>
        public StoryDays.Marks? Days { get; init; }
        /// <summary>Its best first-stage probabilities with other articles (as of the last scoring).</summary>
        public TopScores Top { get; set; } = new();
    }

    /// <summary>Article id → story id for everything added so far.</summary>
    public IReadOnlyDictionary<string, string> Assignments
    {
        get
        {
            lock (gate)
            {
                var result = new Dictionary<string, string>(docs.Count, StringComparer.Ordinal);
                foreach (var d in docs)
                {
                    result[d.Id] = StoryId(d.Story);
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
        lock (clusterer.gate)
        {
            foreach (var a in list)
            {
                clusterer.Insert(a);
            }
            clusterer.Recluster(0, renumber: true);
        }
        return clusterer;
    }

    /// <summary>Counts document frequencies of articles about to be added, so early ones are weighted as well as late ones.</summary>
    public void Prime(IEnumerable<StoryInput> articles)
    {
        lock (gate)
        {
            foreach (var a in articles)
            {
                if (docIndexById.ContainsKey(a.Id) || primed.ContainsKey(a.Id))
                {
                    continue;
                }
                var prepared = Prepare(a);
                primed[a.Id] = prepared;
                vocabulary.Count(prepared.Bags);
            }
        }
    }

    /// <summary>Bags of articles counted by <see cref="Prime"/> and not inserted yet: interned once, not again at insertion.</summary>
    readonly Dictionary<string, (Bags Bags, StoryDays.Marks? Days)> primed = new(StringComparer.Ordinal);

    /// <summary>Adds an article and returns the id of its story (an existing one or a new one). Re-adding an id returns its story.</summary>
    public string Add(StoryInput article)
    {
        ArgumentNullException.ThrowIfNull(article);
        lock (gate)
        {
            if (docIndexById.TryGetValue(article.Id, out var known))
            {
                return StoryId(docs[known].Story);
            }
            var index = Insert(article);
            var doc = docs[index];

            // Neighbours both ways, then the same-story probability of each candidate.
            var sims = Similarities(index);
            foreach (var (d, s) in sims)
            {
                doc.Neighbours.Offer(s, d);
                docs[d].Neighbours.Offer(s, index);
            }
            var nearestTo = CompareMeaning(index, Math.Max(0, docs.Count - options.Window), offerBack: true);
            var scored = CandidateProbabilities(index, sims, nearestTo).ToList();
            foreach (var (d, q) in scored)
            {
                doc.Top.Offer(q);
                docs[d].Top.Offer(q);
            }
            var storySums = new Dictionary<int, double>();
            foreach (var (d, q) in scored)
            {
                var p = Final(q, doc, docs[d]);
                storySums[docs[d].Story] = storySums.GetValueOrDefault(docs[d].Story) + p;
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
            if (best < 0)
            {
                best = stories.Count;
                stories.Add([]);
            }
            doc.Story = best;
            stories[best].Add(index);

            // Re-clustering costs about the square of the window: in a big library, less often.
            sinceRefresh++;
            if (options.RefreshEvery > 0 && sinceRefresh >= Math.Max(options.RefreshEvery, Math.Min(docs.Count, options.Window) / 16))
            {
                Recluster(Math.Max(0, docs.Count - options.Window), renumber: false);
            }
            return StoryId(doc.Story);
        }
    }

    /// <summary>Re-clusters the most recent window of articles now (Add does it every <see cref="StoryClustererOptions.RefreshEvery"/>
    /// arrivals, or every sixteenth of the window in a big library), unless nothing arrived since the last time: how a
    /// round of arrivals (an import, a feed poll) ends, so its last articles are placed as a batch would place them.</summary>
    public void Refresh()
    {
        lock (gate)
        {
            if (docs.Count > 0 && sinceRefresh > 0)
            {
                Recluster(Math.Max(0, docs.Count - options.Window), renumber: false);
            }
        }
    }

    int Insert(StoryInput article)
    {
        if (!primed.Remove(article.Id, out var prepared))
        {
            prepared = Prepare(article);
            vocabulary.Count(prepared.Bags);
        }
        var bags = prepared.Bags;
        var index = docs.Count;
        docs.Add(new Doc(article.Id, bags, string.IsNullOrWhiteSpace(article.Source) ? null : article.Source.Trim(), article.Published)
        {
            Story = -1, Meaning = article.Meaning, Sentences = article.Sentences?.Pack(), Days = prepared.Days,
        });
        docIndexById[article.Id] = index;
        foreach (var t in bags.All.Terms)
        {
            if (!postings.TryGetValue(t, out var list))
            {
                postings[t] = list = [];
            }
            list.Add(index);
        }
        return index;
    }

    double TimeFactor(Doc a, Doc b) =>
        a.Published is { } p && b.Published is { } q
            ? Math.Exp(-Math.Abs((p - q).TotalDays) / options.TimeScale.TotalDays)
            : 1.0;

    /// <summary>Combined cosine (times the time factor) of one article with every other article sharing a term, through the postings.</summary>
    Dictionary<int, float> Similarities(int index)
    {
        var v = vocabulary.Vector(docs[index].Bags.All);
        var dots = new Dictionary<int, double>();
        for (var i = 0; i < v.Ids.Length; i++)
        {
            if (!postings.TryGetValue(v.Ids[i], out var list))
            {
                continue;
            }
            foreach (var d in list)
            {
                if (d == index)
                {
                    continue;
                }
                var other = vocabulary.Vector(docs[d].Bags.All);
                // Each pair is summed term by term; cheaper to take the full dot once per neighbour.
                if (!dots.ContainsKey(d))
                {
                    dots[d] = v.Dot(other);
                }
            }
        }
        var result = new Dictionary<int, float>(dots.Count);
        foreach (var (d, dot) in dots)
        {
            if (dot > 0)
            {
                result[d] = (float)(dot * TimeFactor(docs[index], docs[d]));
            }
        }
        return result;
    }

    /// <summary>Fresh neighbour lists (under the current weights) for the window from <paramref name="from"/> on.</summary>
    void NeighbourLists(SparseVector[] all, int from)
    {
        var lists = WindowNeighbours.Build(all, from, (i, j) => TimeFactor(docs[from + i], docs[from + j]));
        for (var i = 0; i < lists.Length; i++)
        {
            docs[from + i].Neighbours = lists[i];
        }
    }

    /// <summary>
    /// Fills the meaning list of the article at <paramref name="index"/> from the articles with meaning vectors from
    /// <paramref name="from"/> on; with <paramref name="offerBack"/> it is offered to theirs too. Returns the articles
    /// whose lists now rank it among their candidates (empty without a meaning vector).
    /// </summary>
    List<int> CompareMeaning(int index, int from, bool offerBack)
    {
        var nearestTo = new List<int>();
        var doc = docs[index];
        if (doc.Meaning is not { } meaning)
        {
            return nearestTo;
        }
        doc.ByMeaning ??= new NeighbourList(MeaningNeighbours.ListSize);
        for (var d = from; d < docs.Count; d++)
        {
            if (d == index || docs[d].Meaning is not { } other)
            {
                continue;
            }
            var s = (float)(Semantics.VectorMath.Dot(meaning, other) * TimeFactor(doc, docs[d]));
            doc.ByMeaning.Offer(s, d);
            if (offerBack && docs[d].ByMeaning is { } theirs)
            {
                theirs.Offer(s, index);
                if (theirs.RankOf(index) < MeaningNeighbours.Candidates)
                {
                    nearestTo.Add(d);
                }
            }
        }
        return nearestTo;
    }

    /// <summary>Same-story probability of an article with each candidate: its nearest by wording and by meaning, and
    /// those it is nearest to.</summary>
    IEnumerable<(int Doc, double P)> CandidateProbabilities(int index, Dictionary<int, float> sims, List<int> nearestByMeaning)
    {
        var doc = docs[index];
        var candidates = new HashSet<int>(doc.Neighbours.Top(StoryGraph.Candidates));
        foreach (var d in sims.Keys)
        {
            if (docs[d].Neighbours.RankOf(index) < StoryGraph.Candidates)
            {
                candidates.Add(d);
            }
        }
        if (doc.ByMeaning is { } byMeaning)
        {
            candidates.UnionWith(byMeaning.Top(MeaningNeighbours.Candidates));
        }
        candidates.UnionWith(nearestByMeaning);
        foreach (var d in candidates)
        {
            yield return (d, PairProbability(index, d, sims.GetValueOrDefault(d), null, null, null));
        }
    }

    float[] Embedding(Doc doc)
    {
        if (doc.EmbeddedWith != lsa || doc.Embedding is null)
        {
            doc.Embedding = lsa!.Embed(vocabulary.Vector(doc.Bags.All));
            doc.EmbeddedWith = lsa;
        }
        return doc.Embedding;
    }

    double PairProbability(int a, int b, double combined, SparseVector[][]? fields, int? from, float[][]? embeddings)
    {
        var da = docs[a];
        var db = docs[b];
        double Cos(int field, Func<Bags, Bag> pick) =>
            fields is not null ? fields[field][a - from!.Value].Dot(fields[field][b - from!.Value]) : vocabulary.Vector(pick(da.Bags)).Dot(vocabulary.Vector(pick(db.Bags)));
        // Latent similarity; before any window has been fitted, the plain cosine stands in for it.
        var latent = embeddings is not null ? StoryLsa.Cosine(embeddings[a - from!.Value], embeddings[b - from!.Value])
            : lsa is not null ? StoryLsa.Cosine(Embedding(da), Embedding(db))
            : combined;
        // Meaning (sentence encoder) cosine of title and lead; without vectors the latent cosine stands in for it.
        var meaning = da.Meaning is { } ma && db.Meaning is { } mb ? Semantics.VectorMath.Dot(ma, mb) : latent;
        // ... and against each article's closest meaning among its candidates: a pair is likelier when it is each one's best.
        var (bestA, bestB) = da.Meaning is not null && db.Meaning is not null ? (BestMeaning(da), BestMeaning(db)) : (meaning, meaning);
        var features = StoryGraph.Features(
            combined, Cos(0, x => x.Title), Cos(1, x => x.Body), Cos(2, x => x.Names),
            da.Neighbours, db.Neighbours, a, b, latent, meaning, bestA, bestB,
            MeaningPlace(da, db, a, b, meaning),
            da.Sentences is { } sa && db.Sentences is { } sb ? PackedSentences.Compare(sa, sb, meaning) : (meaning, meaning, meaning),
            StoryDays.Marks.Compare(da.Days, db.Days));
        PairObserver?.Invoke(da.Id, db.Id, features);
        // Rank features say "nearest", not "near": in a small or sparse library a lone article's
        // nearest neighbour can share next to nothing with it.
        return StoryGraph.FirstStage(features, da.Meaning is not null && db.Meaning is not null, options.MinSimilarity);
    }

    /// <summary>Where the pair stands in the two articles' lists by meaning (their cosine times the time factor); without
    /// meaning vectors, neutral values.</summary>
    StoryGraph.MeaningPlace MeaningPlace(Doc da, Doc db, int a, int b, double meaning)
    {
        if (da.ByMeaning is not { } la || db.ByMeaning is not { } lb)
        {
            return new StoryGraph.MeaningPlace(0, 0, 0, 0, 0, 0);
        }
        var s = meaning * TimeFactor(da, db);
        double ra = la.RankOf(b), rb = lb.RankOf(a);
        return new StoryGraph.MeaningPlace(
            Math.Log(1 + Math.Min(ra, rb)), Math.Log(1 + Math.Max(ra, rb)),
            s - Math.Max(la.SimAt(1), lb.SimAt(1)), s - Math.Min(la.SimAt(1), lb.SimAt(1)),
            s - Math.Max(la.SimAt(2), lb.SimAt(2)), s - Math.Min(la.SimAt(2), lb.SimAt(2)));
    }

    /// <summary>The highest meaning cosine of an article with any of its neighbours (by wording).</summary>
    double BestMeaning(Doc d)
    {
        var best = 0.0;
        for (var i = 0; i < d.Neighbours.Count; i++)
        {
            if (docs[d.Neighbours[i].Doc].Meaning is { } m)
            {
                best = Math.Max(best, Semantics.VectorMath.Dot(d.Meaning!, m));
            }
        }
        return best;
    }

    /// <summary>Second stage: the pair's first-stage probability against each article's best ones; then the same-source factor.</summary>
    double Final(double q, Doc da, Doc db)
    {
        if (q <= 0)
        {
            return 0;
        }
        var p = StoryGraph.Relative(q, da.Top, db.Top, da.Meaning is not null && db.Meaning is not null);
        if (da.Source is not null && string.Equals(da.Source, db.Source, StringComparison.OrdinalIgnoreCase))
        {
            p *= options.SameSourceFactor;
        }
        return p;
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

    int generation;

    /// <summary>
    /// Batch step over the articles from <paramref name="from"/> on: fresh neighbour lists under the
    /// current weights, pair probabilities, average linkage. Older articles keep their stories. With
    /// <paramref name="renumber"/> story ids are numbered by first appearance; otherwise each new
    /// cluster takes the id most of its articles had, and the rest get fresh ids.
    /// </summary>
    void Recluster(int from, bool renumber)
    {
        sinceRefresh = 0;
        generation++;
        var n = docs.Count - from;
        if (n == 0)
        {
            return;
        }
        var all = new SparseVector[n];
        var fields = new SparseVector[3][];
        for (var f = 0; f < 3; f++)
        {
            fields[f] = new SparseVector[n];
        }
        for (var i = 0; i < n; i++)
        {
            var bags = docs[from + i].Bags;
            all[i] = vocabulary.Vector(bags.All);
            fields[0][i] = vocabulary.Vector(bags.Title);
            fields[1][i] = vocabulary.Vector(bags.Body);
            fields[2][i] = vocabulary.Vector(bags.Names);
        }
        // The latent space is refitted when the window has changed by a quarter since the last fit
        // (new articles fold into the old one meanwhile): the fit costs as much as the rest here.
        if (lsa is null || renumber || Math.Abs(docs.Count - lsaFittedAt) >= Math.Max(32, n / 4))
        {
            lsa = StoryLsa.Fit(all, LsaDimensions) ?? lsa;
            lsaFittedAt = docs.Count;
        }
        float[][]? embeddings = null;
        if (lsa is not null)
        {
            embeddings = new float[n][];
            for (var i = 0; i < n; i++)
            {
                embeddings[i] = lsa.Embed(all[i]);
                docs[from + i].Embedding = embeddings[i];
                docs[from + i].EmbeddedWith = lsa;
            }
        }
        NeighbourLists(all, from);
        // Meaning lists of articles that came in without one (a batch); those of single arrivals are kept.
        var missing = new List<int>();
        for (var i = from; i < docs.Count; i++)
        {
            if (docs[i].Meaning is not null && docs[i].ByMeaning is null)
            {
                missing.Add(i);
            }
        }
        foreach (var i in missing)
        {
            CompareMeaning(i, from, offerBack: false);
        }
        // ... and offered to the lists that were there before (the new ones already hold each other).
        var fresh = missing.ToHashSet();
        foreach (var i in missing)
        {
            var list = docs[i].ByMeaning!;
            for (var k = 0; k < list.Count; k++)
            {
                var (s, d) = list[k];
                if (!fresh.Contains(d))
                {
                    docs[d].ByMeaning?.Offer(s, i);
                }
            }
        }
        // Articles whose story reaches back before the window stay where they are: the window
        // cannot see the older articles that tie them there.
        var anchored = new bool[n];
        if (!renumber && from > 0)
        {
            for (var i = 0; i < n; i++)
            {
                var story = docs[from + i].Story;
                anchored[i] = story >= 0 && stories[story].Any(d => d < from);
            }
        }
        var pairs = new List<(int, int, double)>();
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < n; i++)
        {
            if (anchored[i])
            {
                continue;
            }
            var neighbours = docs[from + i].Neighbours;
            for (var r = 0; r < Math.Min(StoryGraph.Candidates, neighbours.Count); r++)
            {
                var (sim, d) = neighbours[r];
                var j = d - from;
                if (anchored[j])
                {
                    continue;
                }
                var key = i < j ? (i, j) : (j, i);
                if (seen.Add(key))
                {
                    pairs.Add((key.Item1, key.Item2, PairProbability(from + key.Item1, from + key.Item2, sim, fields, from, embeddings)));
                }
            }
            if (docs[from + i].ByMeaning is { } byMeaning)
            {
                for (var r = 0; r < Math.Min(MeaningNeighbours.Candidates, byMeaning.Count); r++)
                {
                    var j = byMeaning[r].Doc - from;
                    if (j < 0 || anchored[j])
                    {
                        continue;
                    }
                    var key = i < j ? (i, j) : (j, i);
                    if (seen.Add(key))
                    {
                        var combined = all[key.Item1].Dot(all[key.Item2]) * TimeFactor(docs[from + key.Item1], docs[from + key.Item2]);
                        pairs.Add((key.Item1, key.Item2, PairProbability(from + key.Item1, from + key.Item2, combined, fields, from, embeddings)));
                    }
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            docs[from + i].Top = new TopScores();
        }
        foreach (var (i, j, q) in pairs)
        {
            docs[from + i].Top.Offer(q);
            docs[from + j].Top.Offer(q);
        }
        for (var k = 0; k < pairs.Count; k++)
        {
            var (i, j, q) = pairs[k];
            pairs[k] = (i, j, Final(q, docs[from + i], docs[from + j]));
        }
        var labels = AverageLinkage.Cluster(n, pairs, options.Threshold);
        LoneAttachment.Attach(labels, pairs, options.AttachThreshold, i => docs[from + i].Meaning is not null);

        if (renumber)
        {
            stories.Clear();
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                if (!anchored[i] && docs[from + i].Story >= 0)
                {
                    stories[docs[from + i].Story].Remove(from + i);
                }
            }
        }
        // Each cluster takes the story most of its articles had (if no bigger cluster took it first).
        var groups = Enumerable.Range(0, n).Where(i => !anchored[i]).GroupBy(i => labels[i]).Select(g => g.ToList()).ToList();
        var taken = new HashSet<int>();
        var assigned = new int[groups.Count];
        if (!renumber)
        {
            var order = Enumerable.Range(0, groups.Count).OrderByDescending(g => groups[g].Count).ThenBy(g => groups[g][0]);
            foreach (var g in order)
            {
                var previous = groups[g].Select(i => docs[from + i].Story).Where(s => s >= 0 && !taken.Contains(s) && stories[s].Count == 0)
                    .GroupBy(s => s).OrderByDescending(x => x.Count()).ThenBy(x => x.Key).Select(x => x.Key).FirstOrDefault(-1);
                assigned[g] = previous;
                if (previous >= 0)
                {
                    taken.Add(previous);
                }
            }
        }
        else
        {
            Array.Fill(assigned, -1);
        }
        for (var g = 0; g < groups.Count; g++)
        {
            if (assigned[g] < 0)
            {
                assigned[g] = stories.Count;
                stories.Add([]);
            }
            foreach (var i in groups[g])
            {
                docs[from + i].Story = assigned[g];
                stories[assigned[g]].Add(from + i);
            }
        }
    }

    /// <summary>Development hook: sees every scored pair's features (used to fit the weights on a training corpus).</summary>
    internal Action<string, string, double[]>? PairObserver { get; set; }

    /// <summary>Runs the batch clusterer on <paramref name="articles"/> and reports each scored pair's features.</summary>
    internal static void ObservePairs(IEnumerable<StoryInput> articles, Action<string, string, double[]> observer, StoryClustererOptions? options = null)
    {
        var list = articles.ToList();
        var clusterer = new StoryClusterer(options) { PairObserver = observer };
        clusterer.Prime(list);
        lock (clusterer.gate)
        {
            foreach (var a in list)
            {
                clusterer.Insert(a);
            }
            clusterer.Recluster(0, renumber: true);
        }
    }

    static string StoryId(int index) => $"story-{index + 1}";

    (Bags Bags, StoryDays.Marks? Days) Prepare(StoryInput article)
    {
        var terms = article.Terms ?? StoryTerms.Of(article, options);
        return (vocabulary.Intern(terms), terms.Days is { } days ? StoryDays.Read(days, StoryDays.Lead) : null);
    }
}
