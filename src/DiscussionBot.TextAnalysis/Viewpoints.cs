using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis;

/// <summary>One source's article on a story, with the stance label a moderator gave the source (free text), and the
/// stored meaning vectors of its sentences when they have been computed (null: this article is analysed lexically).</summary>
public sealed record SourceText(string SourceName, string? StanceLabel, string ArticleId, string? Title, string Text, SentenceVectors? Vectors = null);

/// <summary>A sentence of one source's article.</summary>
public sealed record SourceSentence(string SourceName, string ArticleId, Sentence Sentence)
{
    public string Text => Sentence.Text;
}

/// <summary>A source's distinctive take: a few of its own sentences, in article order.</summary>
public sealed record SourceTake(string SourceName, string? StanceLabel, string ArticleId, IReadOnlyList<Sentence> Sentences);

/// <summary>A point several sources make: one sentence per source, the first being the most representative.</summary>
public sealed record SharedPoint(string Text, IReadOnlyList<string> Sources, IReadOnlyList<SourceSentence> Sentences, double Score);

/// <summary>Two sentences from different sources on the same subject that claim or frame it in opposed ways.</summary>
public sealed record Clash(string Subject, SourceSentence First, SourceSentence Second, double Score, string Reason);

/// <summary>Everything /viewpoints shows for one story.</summary>
public sealed record ViewpointReport(
    IReadOnlyList<SourceTake> Takes,
    IReadOnlyList<SharedPoint> Shared,
    IReadOnlyList<Clash> Clashes,
    IReadOnlyList<SourceText> Sources,
    string? Note)
{
    /// <summary>True when the stance model compared sentences by meaning (their vectors were stored).</summary>
    public bool ByMeaning { get; init; }

    /// <summary>Points several sources make, as the stance model aligned them, with each source's stance
    /// (only when compared by meaning; claims are built from these).</summary>
    public IReadOnlyList<AlignedPoint> Points { get; init; } = [];
}

/// <summary>One point: the sentences of several sources that make it, and the sentences that take the opposite position.</summary>
public sealed record AlignedPoint(SourceSentence Origin, IReadOnlyList<SourceSentence> Asserting, IReadOnlyList<SourceSentence> Disputing, double Score, string Subject);

/// <summary>Knobs of <see cref="ViewpointAnalyzer"/>.</summary>
public sealed record ViewpointOptions
{
    /// <summary>Sentences per source in its take; every source gets the same number.</summary>
    public int SentencesPerSource { get; init; } = 3;

    /// <summary>Cosine similarity above which two sources' sentences make the same point.</summary>
    public double SharedThreshold { get; init; } = 0.3;

    public int MaxShared { get; init; } = 5;

    public int MaxClashes { get; init; } = 8;

    /// <summary>Sentences read per source (cost is quadratic across sources).</summary>
    public int MaxSentencesPerSource { get; init; } = 300;

    /// <summary>The stance model for comparisons by meaning (null: the shipped one).</summary>
    public StanceModel? Stance { get; init; }
}

/// <summary>
/// Compares sources on one story. Sentences become TF-IDF vectors over all sources' sentences;
/// a source's take is its sentences that are central to its own article yet unlike anything the
/// other sources wrote; shared points are close cross-source pairs; clashes are cross-source pairs
/// that share a subject (weighted shared terms and names) but differ in framing - polarity of
/// evaluative words, negation, hedging against certainty. Stateless and thread-safe.
/// </summary>
public sealed class ViewpointAnalyzer(ViewpointOptions? options = null)
{
    readonly ViewpointOptions options = options ?? new ViewpointOptions();

    // Web page furniture that extraction leaves behind; not a view of anyone.
    static readonly string[] Boilerplate =
    [
        "all rights reserved", "leave a reply", "email address will not be published", "required fields are marked",
        "similar posts", "subscribe", "cookie", "sign up for", "click here", "share this", "follow us", "read more",
        "advertisement", "copyright",
    ];

    internal sealed record Item(int Source, SourceSentence Sentence, SparseVector Vector, Framing Framing, string[] Stems, double Salience)
    {
        /// <summary>The sentence's meaning vector, when its article's vectors are stored.</summary>
        public float[]? Meaning { get; init; }
    }

    public ViewpointReport Analyze(IReadOnlyList<SourceText> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            return new ViewpointReport([], [], [], sources, "There are no sources to compare.");
        }
        var model = Build(sources);
        var note = sources.Count < 2 ? "Only one source covers this story, so there is nothing to compare it with." : null;
        var languages = sources.Select(s => LanguageDetector.Detect(s.Text)).Where(g => !g.IsEnglish).ToList();
        if (languages.Count > 0)
        {
            note = (note is null ? "" : note + " ") + "Some sources are not in English; the comparison is rough.";
        }
        var takes = Takes(sources, model);
        if (sources.Count > 1 && (options.Stance ?? StanceModel.Default) is { } stance && model.Items.Count(i => i.Meaning is not null) >= 2
            && sources.All(src => src.Vectors is not null))
        {
            // Every source's vectors are stored: compare by meaning with the learned stance model.
            var semantic = new SemanticComparison(model, stance, options);
            return new ViewpointReport(takes, semantic.Shared(sources.Count), semantic.Clashes(), sources, note)
            {
                ByMeaning = true,
                Points = semantic.Points(sources.Count),
            };
        }
        var shared = Shared(sources, model);
        var clashes = Clashes(model);
        return new ViewpointReport(takes, shared, clashes, sources, note);
    }

    internal sealed class Model
    {
        public required List<Item> Items { get; init; }
        public required double[] Idf { get; init; }
        public required Dictionary<string, int> Vocabulary { get; init; }
        public required Dictionary<string, string> Surface { get; init; }
        public required double[] MaxOtherSimilarity { get; init; }
    }

    static readonly System.Text.RegularExpressions.Regex WebAddress = new(@"\b(?:https?://|www\.)\S+", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Characters of a source the analysis reads (the rest of a longer text is left out).</summary>
    public const int MaxSourceChars = 200_000;

    /// <summary>The sentences of a text that the analysis compares (it skips short ones and page furniture), in order,
    /// with their content stems and surface words. A text with no such sentence but some content (a headline, a short
    /// claim) is read as one sentence, so short inputs still compare.</summary>
    internal static List<(Sentence Sentence, List<(string Stem, string Surface)> Stems)> Candidates(string text, int maxSentences)
    {
        text ??= "";
        var list = new List<(Sentence, List<(string, string)>)>();
        var sentences = SentenceSplitter.Split(text.Length > MaxSourceChars ? text[..MaxSourceChars] : text);
        foreach (var sentence in sentences.Take(maxSentences))
        {
            // A link's words ("news.php?id=...") are an address, not what the sentence is about.
            var tokens = Tokenizer.Tokens(WebAddress.Replace(sentence.Text, " "));
            var lower = sentence.Text.ToLowerInvariant();
            if (tokens.Count < 6 || Boilerplate.Any(b => lower.Contains(b, StringComparison.Ordinal)))
            {
                continue;
            }
            var stems = ContentStems(tokens);
            if (stems.Count >= 3)
            {
                list.Add((sentence, stems));
            }
        }
        if (list.Count == 0 && text.Trim() is { Length: > 0 } whole)
        {
            var clipped = whole.Length > 1000 ? whole[..1000] : whole;
            var stems = ContentStems(Tokenizer.Tokens(clipped));
            if (stems.Count >= 1)
            {
                list.Add((new Sentence(clipped, text.IndexOf(clipped, StringComparison.Ordinal), 0), stems));
            }
        }
        return list;
    }

    static List<(string Stem, string Surface)> ContentStems(IReadOnlyList<Token> tokens)
    {
        var stems = new List<(string, string)>();
        foreach (var t in tokens)
        {
            if (Terms.IsContent(t.Normalized))
            {
                stems.Add((Stemmer.Stem(t.Normalized), t.Text));
            }
        }
        return stems;
    }

    /// <summary>What to encode for an article (title first, then the sentences the analysis compares, at most
    /// <paramref name="max"/>): the stored vectors then cover everything the analysis looks at.</summary>
    public static IReadOnlyList<string> EncodingPlan(string? title, string text, int max = 64)
    {
        var plan = new List<string>();
        if (!string.IsNullOrWhiteSpace(title))
        {
            plan.Add(SentenceVectors.Key(title));
        }
        foreach (var (sentence, _) in Candidates(text, new ViewpointOptions().MaxSentencesPerSource))
        {
            if (plan.Count >= max)
            {
                break;
            }
            plan.Add(SentenceVectors.Key(sentence.Text));
        }
        return plan.Distinct(StringComparer.Ordinal).ToList();
    }

    internal Model Build(IReadOnlyList<SourceText> sources)
    {
        var raw = new List<(int Source, SourceSentence Sentence, List<string> Stems)>();
        var surfaceCounts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        for (var s = 0; s < sources.Count; s++)
        {
            var src = sources[s];
            foreach (var (sentence, pairs) in Candidates(src.Text, options.MaxSentencesPerSource))
            {
                var stems = new List<string>(pairs.Count);
                foreach (var (stem, form) in pairs)
                {
                    stems.Add(stem);
                    if (!surfaceCounts.TryGetValue(stem, out var forms))
                    {
                        surfaceCounts[stem] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
                    }
                    forms[form] = forms.GetValueOrDefault(form) + 1;
                }
                raw.Add((s, new SourceSentence(src.SourceName, src.ArticleId, sentence), stems));
            }
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var df = new List<int>();
        foreach (var (_, _, stems) in raw)
        {
            foreach (var stem in stems.Distinct())
            {
                if (!vocabulary.TryGetValue(stem, out var id))
                {
                    vocabulary[stem] = id = vocabulary.Count;
                    df.Add(0);
                }
                df[id]++;
            }
        }
        var n = raw.Count;
        var idf = df.Select(d => Math.Log((n + 1.0) / (d + 0.5))).ToArray();

        var vectors = raw.Select(r =>
        {
            var w = new Dictionary<int, double>();
            foreach (var stem in r.Stems)
            {
                var id = vocabulary[stem];
                w[id] = w.GetValueOrDefault(id) + 1;
            }
            foreach (var id in w.Keys.ToArray())
            {
                w[id] = (1 + Math.Log(w[id])) * idf[id];
            }
            return SparseVector.FromWeights(w);
        }).ToArray();

        // Salience within the source's own article: closeness to that article's centroid, plus a lead prior.
        var salience = new double[n];
        for (var s = 0; s < sources.Count; s++)
        {
            var members = Enumerable.Range(0, n).Where(i => raw[i].Source == s).ToList();
            var centroid = new Dictionary<int, double>();
            foreach (var i in members)
            {
                for (var k = 0; k < vectors[i].Count; k++)
                {
                    centroid[vectors[i].Ids[k]] = centroid.GetValueOrDefault(vectors[i].Ids[k]) + vectors[i].Weights[k];
                }
            }
            var c = SparseVector.FromWeights(centroid);
            for (var r = 0; r < members.Count; r++)
            {
                var i = members[r];
                salience[i] = vectors[i].Dot(c) + 0.3 * Math.Exp(-r / 5.0);
            }
        }

        var maxOther = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (raw[i].Source == raw[j].Source)
                {
                    continue;
                }
                var sim = vectors[i].Dot(vectors[j]);
                maxOther[i] = Math.Max(maxOther[i], sim);
                maxOther[j] = Math.Max(maxOther[j], sim);
            }
        }

        var items = raw.Select((r, i) => new Item(r.Source, r.Sentence, vectors[i], Framing.Of(r.Sentence.Text), r.Stems.Distinct().ToArray(), salience[i])
        {
            Meaning = sources[r.Source].Vectors?.Find(r.Sentence.Text),
        }).ToList();
        var surface = surfaceCounts.ToDictionary(kv => kv.Key, kv => kv.Value.MaxBy(f => (f.Value, f.Key.Any(char.IsUpper) ? 1 : 0)).Key, StringComparer.Ordinal);
        return new Model { Items = items, Idf = idf, Vocabulary = vocabulary, Surface = surface, MaxOtherSimilarity = maxOther };
    }

    List<SourceTake> Takes(IReadOnlyList<SourceText> sources, Model model)
    {
        var perSource = Enumerable.Range(0, sources.Count)
            .Select(s => model.Items.Select((item, i) => (item, i)).Where(x => x.item.Source == s).ToList())
            .ToList();
        // Equal room: every source gets as many sentences as the shortest one can give.
        var k = Math.Min(options.SentencesPerSource, perSource.Where(p => p.Count > 0).Select(p => p.Count).DefaultIfEmpty(0).Min());
        var takes = new List<SourceTake>();
        for (var s = 0; s < sources.Count; s++)
        {
            var candidates = perSource[s];
            var chosen = new List<int>();
            while (chosen.Count < k && chosen.Count < candidates.Count)
            {
                var best = -1;
                var bestValue = double.NegativeInfinity;
                foreach (var (item, i) in candidates)
                {
                    if (chosen.Contains(i))
                    {
                        continue;
                    }
                    var redundancy = chosen.Count == 0 ? 0 : chosen.Max(c => model.Items[c].Vector.Dot(item.Vector));
                    // Distinctive: central to its own article, unlike what the others say.
                    var value = item.Salience - 0.8 * model.MaxOtherSimilarity[i] - 0.5 * redundancy
                        + 0.1 * Math.Min(3, item.Framing.Evaluative);
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = i;
                    }
                }
                if (best < 0)
                {
                    break;
                }
                chosen.Add(best);
            }
            var sentences = chosen.Select(i => model.Items[i].Sentence.Sentence).OrderBy(x => x.Index).ToArray();
            takes.Add(new SourceTake(sources[s].SourceName, sources[s].StanceLabel, sources[s].ArticleId, sentences));
        }
        return takes;
    }

    List<SharedPoint> Shared(IReadOnlyList<SourceText> sources, Model model)
    {
        var items = model.Items;
        var pairs = new List<(int A, int B, double Sim)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (items[i].Source == items[j].Source)
                {
                    continue;
                }
                var sim = items[i].Vector.Dot(items[j].Vector);
                if (sim >= options.SharedThreshold && !Opposed(items[i].Framing, items[j].Framing))
                {
                    pairs.Add((i, j, sim));
                }
            }
        }
        var points = new List<(List<int> Members, double Score)>();
        var used = new HashSet<int>();
        foreach (var (a, b, sim) in pairs.OrderByDescending(p => p.Sim))
        {
            if (used.Contains(a) || used.Contains(b))
            {
                continue;
            }
            var members = new List<int> { a, b };
            // Other sources making the same point join it with their closest sentence.
            for (var s = 0; s < sources.Count; s++)
            {
                if (s == items[a].Source || s == items[b].Source)
                {
                    continue;
                }
                var match = items.Select((it, idx) => (it, idx))
                    .Where(x => x.it.Source == s && !used.Contains(x.idx))
                    .Select(x => (x.idx, Sim: Math.Min(x.it.Vector.Dot(items[a].Vector), x.it.Vector.Dot(items[b].Vector))))
                    .Where(x => x.Sim >= options.SharedThreshold * 0.8)
                    .OrderByDescending(x => x.Sim)
                    .FirstOrDefault();
                if (match.Sim > 0)
                {
                    members.Add(match.idx);
                }
            }
            foreach (var m in members)
            {
                used.Add(m);
            }
            points.Add((members, sim * members.Count));
            if (points.Count >= options.MaxShared)
            {
                break;
            }
        }
        return points
            .Select(p =>
            {
                var ordered = p.Members.OrderByDescending(m => items[m].Salience).ToList();
                return new SharedPoint(
                    items[ordered[0]].Sentence.Text,
                    ordered.Select(m => items[m].Sentence.SourceName).Distinct().ToArray(),
                    ordered.Select(m => items[m].Sentence).ToArray(),
                    Math.Round(p.Score, 4));
            })
            .OrderByDescending(p => p.Score)
            .ToList();
    }

    static bool Opposed(Framing a, Framing b) =>
        a.Negated != b.Negated || Math.Sign(Math.Round(a.Polarity, 2)) * Math.Sign(Math.Round(b.Polarity, 2)) < 0;

    /// <summary>What decides whether two sentences from different sources clash.</summary>
    internal readonly record struct PairFeatures(
        int Shared, double Overlap, double Coverage, double Similarity,
        double Tone, double NegatedPredicate, double Axes, double Loaded, double HedgeCertain, double Refutation)
    {
        /// <summary>Opposition of claim or framing, from cues that take a side on the shared subject.</summary>
        public double Opposition(ClashWeights w) =>
            w.Tone * Tone + w.Negation * NegatedPredicate + w.Axes * Math.Min(2, Axes) + w.Loaded * Math.Min(3, Loaded) / 3 + w.Hedge * HedgeCertain + w.Refutation * Refutation;

        /// <summary>Clash strength before salience: 0 without a common subject or without opposition.</summary>
        public double Clash(ClashWeights w)
        {
            if (Shared < w.MinShared || Overlap < w.MinOverlap || Similarity > 0.7)
            {
                return 0; // no common subject, or the same sentence twice (agreement)
            }
            var opposition = Opposition(w);
            return opposition < w.MinOpposition ? 0 : Subject(w) * opposition * (1 - Similarity);
        }

        /// <summary>Same subject: rare shared terms that cover much of the shorter sentence.</summary>
        public double Subject(ClashWeights w) =>
            Math.Pow(Math.Min(1.0, Overlap / w.OverlapScale), 1.5) * Math.Min(1.0, Coverage / w.CoverageScale);
    }

    /// <summary>General weights of the clash score, chosen on public labelled data (FNC-1 train, ArgKP train).</summary>
    internal sealed record ClashWeights
    {
        public double Tone { get; init; } = 0.6;
        public double Negation { get; init; } = 0.6;
        public double Axes { get; init; } = 0.6;
        public double Loaded { get; init; } = 0.0;
        public double Hedge { get; init; } = 0.0;
        public double Refutation { get; init; } = 0.0;
        public double OverlapScale { get; init; } = 8.0;
        public double CoverageScale { get; init; } = 0.2;
        public double MinOverlap { get; init; } = 2.5;
        public int MinShared { get; init; } = 2;
        public double MinOpposition { get; init; } = 0.2;
        public static readonly ClashWeights Default = new();
    }

    internal static PairFeatures Features(Model model, Item a, Item b, out string[] subject)
    {
        var shared = a.Stems.Intersect(b.Stems).ToArray();
        subject = shared.OrderByDescending(t => model.Idf[model.Vocabulary[t]]).ToArray();
        double Weight(IEnumerable<string> stems) => stems.Sum(t => model.Vocabulary.TryGetValue(t, out var id) ? model.Idf[id] : 0);
        var overlap = Weight(shared);
        var coverage = overlap / Math.Max(1e-9, Math.Min(Weight(a.Stems), Weight(b.Stems)));
        var sim = a.Vector.Dot(b.Vector);
        var fa = a.Framing;
        var fb = b.Framing;
        var polarityGap = Math.Abs(fa.Polarity - fb.Polarity);
        // Opposite evaluative polarity (a neutral statement against a judging one measured no better than chance).
        var signs = Math.Sign(Math.Round(fa.Polarity, 3)) * Math.Sign(Math.Round(fb.Polarity, 3));
        var tone = polarityGap > 0.2 && signs < 0 ? Math.Min(1.0, polarityGap) : 0;
        // The same predicate said and unsaid: a shared word one side negates and the other does not.
        var negA = shared.Any(t => fa.NegatedStems.Contains(t) && !fb.NegatedStems.Contains(t));
        var negB = shared.Any(t => fb.NegatedStems.Contains(t) && !fa.NegatedStems.Contains(t));
        // When both sentences negate something ("might not be possible" / "not enough data"), which shared word each
        // negator reaches says little: both make a negative statement.
        var negated = negA != negB && !(fa.Negated && fb.Negated) ? 1.0 : 0;
        // Opposite ends of a general axis (raise/ease, safe/risk, uprising/terrorism ...).
        var axes = fa.AxisSigns.Count(kv => fb.AxisSigns.TryGetValue(kv.Key, out var sb) && sb == -kv.Value)
            // ... or the same term placed on opposite sides of a limit ("within its budget" / "over its budget").
            + (shared.Any(t => fa.LimitSigns.TryGetValue(t, out var la) && fb.LimitSigns.TryGetValue(t, out var lb) && la == -lb) ? 1 : 0);
        var loaded = Math.Min(fa.EvaluativeStems.Except(fb.EvaluativeStems).Count(), fb.EvaluativeStems.Except(fa.EvaluativeStems).Count());
        var hedge = (fa.Hedged && fb.Certain) || (fa.Certain && fb.Hedged) ? 1.0 : 0;
        // One side calls the matter false or denies it while the other states it.
        var refA = fa.AxisSigns.GetValueOrDefault("truth") < 0;
        var refB = fb.AxisSigns.GetValueOrDefault("truth") < 0;
        var refutation = refA != refB ? 1.0 : 0;
        return new PairFeatures(shared.Length, overlap, coverage, sim, tone, negated, axes, loaded, hedge, refutation);
    }

    /// <summary>Clash score of a pair (0 when it is no clash), with the subject and the reasons.</summary>
    internal static (double Score, string[] Subject, string Reason) Score(Model model, Item a, Item b, ClashWeights w)
    {
        var f = Features(model, a, b, out var subject);
        var clash = f.Clash(w);
        if (clash <= 0)
        {
            return (0, subject, "");
        }
        var reasons = new List<string>();
        if (f.Axes > 0 && w.Axes > 0) reasons.Add("opposed claims");
        if (f.NegatedPredicate > 0 && w.Negation > 0) reasons.Add("one side negates");
        if (f.Tone > 0 && w.Tone > 0) reasons.Add("opposite tone");
        if (f.Loaded > 0 && w.Loaded > 0) reasons.Add("loaded words on both sides");
        if (f.HedgeCertain > 0 && w.Hedge > 0) reasons.Add("hedged versus certain");
        if (f.Refutation > 0 && w.Refutation > 0) reasons.Add("one side calls it false");
        var score = clash * (0.75 + 0.25 * Math.Min(a.Salience + b.Salience, 2) / 2);
        return (score, subject, string.Join("; ", reasons));
    }

    List<Clash> Clashes(Model model)
    {
        var items = model.Items;
        var found = new List<(int A, int B, double Score, string[] Subject, string Reason)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (items[i].Source == items[j].Source)
                {
                    continue;
                }
                var (score, subject, reason) = Score(model, items[i], items[j], ClashWeights.Default);
                if (score > 0)
                {
                    found.Add((i, j, score, subject, reason));
                }
            }
        }

        // One clash per sentence: the best pairing of each.
        var used = new HashSet<int>();
        var clashes = new List<Clash>();
        foreach (var c in found.OrderByDescending(c => c.Score))
        {
            if (used.Contains(c.A) || used.Contains(c.B))
            {
                continue;
            }
            used.Add(c.A);
            used.Add(c.B);
            var subject = string.Join(", ", c.Subject.Take(3).Select(t => model.Surface.GetValueOrDefault(t, t)));
            var (first, second) = items[c.A].Source <= items[c.B].Source ? (c.A, c.B) : (c.B, c.A);
            clashes.Add(new Clash(subject, items[first].Sentence, items[second].Sentence, Math.Round(c.Score, 4), c.Reason));
            if (clashes.Count >= options.MaxClashes)
            {
                break;
            }
        }
        return clashes;
    }

    /// <summary>How opposed two framings are, in [0, ~2], and why.</summary>
    internal static (double Score, string Reason) Contrast(Framing a, Framing b)
    {
        var reasons = new List<string>();
        double score = 0;
        var polarityGap = Math.Abs(a.Polarity - b.Polarity);
        if (Math.Sign(Math.Round(a.Polarity, 3)) != Math.Sign(Math.Round(b.Polarity, 3)) && polarityGap > 0.2)
        {
            score += Math.Min(1.0, polarityGap);
            reasons.Add("opposite tone");
        }
        // Each side judging the subject with words the other does not use: competing framings even when
        // the overall tone agrees. Shared judgement words ("important" on both sides) are agreement.
        var loaded = Math.Min(a.EvaluativeStems.Except(b.EvaluativeStems).Count(), b.EvaluativeStems.Except(a.EvaluativeStems).Count());
        if (loaded > 0)
        {
            score += 0.15 * Math.Min(3, loaded);
            reasons.Add("loaded words on both sides");
        }
        if (a.Negated != b.Negated)
        {
            score += 0.4;
            reasons.Add("one side negates");
        }
        if ((a.Hedged && b.Certain) || (a.Certain && b.Hedged))
        {
            score += 0.2;
            reasons.Add("hedged versus certain");
        }
        return (score, string.Join("; ", reasons));
    }
}
