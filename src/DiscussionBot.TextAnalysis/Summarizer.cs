namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Weights of the summarizer's sentence score. The defaults were tuned on the CNN/DailyMail and BBC
/// dev sets together (one setting for both, so neither is overfitted).
/// </summary>
public sealed record SummarizerOptions
{
    /// <summary>Weight of the position prior (news puts the gist first).</summary>
    public double Position { get; init; } = 2.0;

    /// <summary>How fast the position prior decays, in sentences.</summary>
    public double PositionDecay { get; init; } = 3.0;

    /// <summary>Weight of LexRank centrality over TF-IDF cosine similarity.</summary>
    public double Centrality { get; init; } = 0.5;

    /// <summary>Weight of similarity to the document's term centroid.</summary>
    public double Centroid { get; init; } = 1.0;

    /// <summary>
    /// Weight of coverage: the summed centroid weight of a sentence's distinct terms. Unlike the cosine
    /// features it grows with sentence length, which suits long summaries that should cover the article.
    /// </summary>
    public double Coverage { get; init; } = 1.0;

    /// <summary>Weight of similarity to the title, when there is one.</summary>
    public double Title { get; init; } = 0.5;

    /// <summary>MMR: how much similarity to an already chosen sentence costs.</summary>
    public double Redundancy { get; init; } = 0.5;

    /// <summary>Sentences with fewer words than this are down-weighted (bylines, captions, fragments).</summary>
    public int ShortSentenceWords { get; init; } = 8;

    /// <summary>Sentences with more words than this are down-weighted: concise sentences read better and quote safer.</summary>
    public int LongSentenceWords { get; init; } = 25;

    /// <summary>Exponent of the long-sentence penalty (0 = none).</summary>
    public double LongSentencePenalty { get; init; } = 1.0;

    /// <summary>
    /// How much the position prior shrinks as the summary takes a larger share of the article: a
    /// three-sentence summary should be the lead, a 40% summary needs coverage of the whole piece.
    /// </summary>
    public double PositionShrink { get; init; } = 2.0;

    /// <summary>Only the first this-many characters are read; the rest of a huge text is ignored.</summary>
    public int MaxChars { get; init; } = 200_000;

    /// <summary>Only the first this-many sentences enter the graph (cost is quadratic).</summary>
    public int MaxSentences { get; init; } = 400;
}

/// <summary>
/// Extractive summarizer: scores each sentence by a position prior, graph centrality (LexRank over
/// TF-IDF cosine), closeness to the article's centroid and to its title, then picks greedily with
/// maximal marginal relevance so near-duplicates are not chosen twice. Sentences are returned
/// verbatim and in article order, so nothing is ever misquoted. Stateless: one instance can serve
/// every thread.
/// </summary>
public sealed class Summarizer(SummarizerOptions? options = null)
{
    public SummarizerOptions Options { get; } = options ?? new SummarizerOptions();

    public Summary Summarize(string? text, SummaryLength length) => Summarize(text, null, length);

    public Summary Summarize(string? text, string? title, SummaryLength length)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Summary.Empty("There is no text to summarize.");
        }
        var notes = new List<string>();
        if (text.Length > Options.MaxChars)
        {
            text = text[..Options.MaxChars];
            notes.Add("The text is very long; only its beginning was summarized.");
        }
        var language = LanguageDetector.Detect(text);
        if (language.Code == "und")
        {
            notes.Add("The language of this text could not be recognised; the summary may be rough.");
        }
        else if (!language.IsEnglish)
        {
            notes.Add($"Summaries in this language ({language.Code}) are rough.");
        }

        var all = SentenceSplitter.Split(text);
        if (all.Count == 0)
        {
            return new Summary([], language, "There is no text to summarize.", 0);
        }
        var sentences = all.Count > Options.MaxSentences ? all.Take(Options.MaxSentences).ToArray() : all;
        if (all.Count > Options.MaxSentences && notes.Count == 0)
        {
            notes.Add("The text is very long; only its beginning was summarized.");
        }

        var wanted = length.Resolve(sentences.Count);
        var chosen = wanted >= sentences.Count
            ? Enumerable.Range(0, sentences.Count).ToArray()
            : Select(sentences, title, wanted, language.IsEnglish);
        Array.Sort(chosen);
        var picked = chosen.Select(i => sentences[i]).ToArray();
        return new Summary(picked, language, notes.Count == 0 ? null : string.Join(" ", notes), all.Count);
    }

    /// <summary>Scores every sentence; exposed to tests and the evaluation.</summary>
    internal double[] Score(IReadOnlyList<Sentence> sentences, string? title, bool stem, int wanted, out SparseVector[] vectors)
    {
        var n = sentences.Count;
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var termLists = new List<int>[n];
        var wordCounts = new int[n];
        var df = new List<int>();
        var seen = new HashSet<int>();
        Span<char> buffer = stackalloc char[Tokenizer.MaxWordLength * 2];
        for (var i = 0; i < n; i++)
        {
            var list = new List<int>();
            var words = 0;
            seen.Clear();
            var text = sentences[i].Text;
            var position = 0;
            while (Tokenizer.NextWord(text, ref position, out var start, out var length))
            {
                words++;
                var lower = Tokenizer.Normalize(text.AsSpan(start, length), buffer);
                if (!Terms.IsContent(lower))
                {
                    continue;
                }
                var term = stem ? Stemmer.Stem(lower) : new string(lower);
                if (!vocab.TryGetValue(term, out var id))
                {
                    id = vocab.Count;
                    vocab[term] = id;
                    df.Add(0);
                }
                list.Add(id);
                if (seen.Add(id))
                {
                    df[id]++;
                }
            }
            termLists[i] = list;
            wordCounts[i] = words;
        }

        var idf = new double[vocab.Count];
        for (var t = 0; t < idf.Length; t++)
        {
            idf[t] = Math.Log((n + 1.0) / (df[t] + 0.5));
        }

        vectors = new SparseVector[n];
        var centroidWeights = new Dictionary<int, double>();
        var tf = new Dictionary<int, double>();
        for (var i = 0; i < n; i++)
        {
            tf.Clear();
            foreach (var id in termLists[i])
            {
                tf[id] = tf.GetValueOrDefault(id) + 1;
            }
            var weights = new Dictionary<int, double>(tf.Count);
            foreach (var (id, count) in tf)
            {
                weights[id] = (1 + Math.Log(count)) * idf[id];
                centroidWeights[id] = centroidWeights.GetValueOrDefault(id) + count;
            }
            vectors[i] = SparseVector.FromWeights(weights);
        }
        // The centroid counts terms over the whole article: words the article keeps repeating.
        foreach (var id in centroidWeights.Keys.ToArray())
        {
            var count = centroidWeights[id];
            centroidWeights[id] = df[id] > 1 ? (1 + Math.Log(count)) * Math.Log(1 + df[id]) : 0;
        }
        var centroid = SparseVector.FromWeights(centroidWeights);
        var coverage = new double[n];
        var maxCoverage = 0.0;
        for (var i = 0; i < n; i++)
        {
            seen.Clear();
            foreach (var id in termLists[i])
            {
                if (seen.Add(id))
                {
                    coverage[i] += centroidWeights[id];
                }
            }
            maxCoverage = Math.Max(maxCoverage, coverage[i]);
        }

        SparseVector titleVector = SparseVector.Empty;
        if (!string.IsNullOrWhiteSpace(title))
        {
            var tw = new Dictionary<int, double>();
            foreach (var t in Tokenizer.Tokens(title))
            {
                if (Terms.IsContent(t.Normalized) && vocab.TryGetValue(stem ? Stemmer.Stem(t.Normalized) : t.Normalized, out var id))
                {
                    tw[id] = idf[id];
                }
            }
            titleVector = SparseVector.FromWeights(tw);
        }

        var centrality = LexRank(vectors);
        var o = Options;
        var scores = new double[n];
        var shortBias = Math.Max(0, 1 - o.PositionShrink * wanted / n);
        var positionWeight = o.Position * shortBias;
        for (var i = 0; i < n; i++)
        {
            var position = Math.Exp(-i / o.PositionDecay);
            var s = positionWeight * position
                + o.Centrality * centrality[i]
                + o.Centroid * vectors[i].Dot(centroid)
                + o.Title * vectors[i].Dot(titleVector)
                + o.Coverage * (1 - shortBias) * (maxCoverage > 0 ? coverage[i] / maxCoverage : 0);
            if (wordCounts[i] < o.ShortSentenceWords)
            {
                s *= (double)wordCounts[i] / o.ShortSentenceWords;
            }
            if (wordCounts[i] > o.LongSentenceWords)
            {
                s *= Math.Pow((double)o.LongSentenceWords / wordCounts[i], o.LongSentencePenalty * shortBias);
            }
            scores[i] = s;
        }
        return scores;
    }

    const double NearDuplicate = 0.75;

    int[] Select(IReadOnlyList<Sentence> sentences, string? title, int wanted, bool stem)
    {
        var scores = Score(sentences, title, stem, wanted, out var vectors);
        var n = sentences.Count;
        var chosen = new List<int>(wanted);
        var maxSim = new double[n];
        var taken = new bool[n];
        while (chosen.Count < wanted)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }
                // A near-copy of a chosen sentence is never worth a slot while anything else is left.
                var v = scores[i] - Options.Redundancy * maxSim[i] - (maxSim[i] > NearDuplicate ? 100 : 0);
                if (v > bestValue)
                {
                    bestValue = v;
                    best = i;
                }
            }
            if (best < 0)
            {
                break;
            }
            taken[best] = true;
            chosen.Add(best);
            for (var i = 0; i < n; i++)
            {
                if (!taken[i])
                {
                    maxSim[i] = Math.Max(maxSim[i], vectors[i].Dot(vectors[best]));
                }
            }
        }
        return chosen.ToArray();
    }

    /// <summary>Continuous LexRank (Erkan and Radev 2004): PageRank over the cosine-weighted graph, scaled to max 1.</summary>
    static double[] LexRank(SparseVector[] vectors)
    {
        var n = vectors.Length;
        var result = new double[n];
        if (n == 0)
        {
            return result;
        }
        // The graph is sparse (most sentence pairs share no term), so edges live in lists, not an n×n matrix.
        var neighbours = new List<(int Node, double Weight)>[n];
        var rowSum = new double[n];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] ??= [];
            for (var j = i + 1; j < n; j++)
            {
                var s = vectors[i].Dot(vectors[j]);
                if (s < 0.05)
                {
                    continue;
                }
                neighbours[j] ??= [];
                neighbours[i].Add((j, s));
                neighbours[j].Add((i, s));
                rowSum[i] += s;
                rowSum[j] += s;
            }
        }
        const double d = 0.85;
        var rank = new double[n];
        Array.Fill(rank, 1.0 / n);
        var next = new double[n];
        for (var iteration = 0; iteration < 30; iteration++)
        {
            Array.Fill(next, (1 - d) / n);
            var dangling = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (rowSum[i] == 0)
                {
                    dangling += rank[i];
                    continue;
                }
                var share = d * rank[i] / rowSum[i];
                foreach (var (j, w) in neighbours[i])
                {
                    next[j] += share * w;
                }
            }
            var spread = d * dangling / n;
            var delta = 0.0;
            for (var j = 0; j < n; j++)
            {
                next[j] += spread;
                delta += Math.Abs(next[j] - rank[j]);
            }
            (rank, next) = (next, rank);
            if (delta < 1e-4)
            {
                break;
            }
        }
        var max = rank.Max();
        for (var i = 0; i < n; i++)
        {
            result[i] = max > 0 ? rank[i] / max : 0;
        }
        return result;
    }
}
