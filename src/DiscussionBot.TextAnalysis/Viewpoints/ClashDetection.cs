namespace DiscussionBot.TextAnalysis;

/// <summary>Clashes by cue words: cross-source pairs that share a subject (weighted shared terms and names) but
/// differ in framing - polarity of evaluative words, negation, axes, limits, hedging against certainty. Its features
/// also feed the learned stance model.</summary>
public sealed partial class ViewpointAnalyzer
{
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

    /// <summary>The opposing cues between two framings that /viewpoints can show as a clash: opposite tone, opposite
    /// ends of an axis (or of a limit), one side calling the matter false, and a shared word one side's main clause
    /// negates (<see cref="Framing.MainNegatedStems"/>; a negation in a subordinate clause is no cue here).</summary>
    internal readonly record struct ClashCues(bool Tone, bool Axes, bool Refutation, bool Negation)
    {
        /// <summary>A cue that takes a side: tone, axis or refutation; a lone negation only when the model leans to
        /// opposition too (at least <paramref name="negationAloneOpposed"/>).</summary>
        public bool Oppose(double modelOpposed, double negationAloneOpposed) =>
            Tone || Axes || Refutation || (Negation && modelOpposed >= negationAloneOpposed);
    }

    internal static ClashCues Cues(Framing fa, Framing fb, IReadOnlyCollection<string> shared)
    {
        var signs = Math.Sign(Math.Round(fa.Polarity, 3)) * Math.Sign(Math.Round(fb.Polarity, 3));
        var tone = Math.Abs(fa.Polarity - fb.Polarity) > 0.2 && signs < 0;
        var negA = shared.Any(t => fa.MainNegatedStems.Contains(t) && !fb.MainNegatedStems.Contains(t));
        var negB = shared.Any(t => fb.MainNegatedStems.Contains(t) && !fa.MainNegatedStems.Contains(t));
        var negation = negA != negB && !(fa.MainNegated && fb.MainNegated);
        var axes = fa.AxisSigns.Any(kv => fb.AxisSigns.TryGetValue(kv.Key, out var sb) && sb == -kv.Value)
            || shared.Any(t => fa.LimitSigns.TryGetValue(t, out var la) && fb.LimitSigns.TryGetValue(t, out var lb) && la == -lb);
        var refutation = fa.AxisSigns.GetValueOrDefault("truth") < 0 != fb.AxisSigns.GetValueOrDefault("truth") < 0;
        return new ClashCues(tone, axes, refutation, negation);
    }

    /// <summary>Whether two sentences share a word of what they say, not only names: a content word or a figure that
    /// either writes in lower case ("moratorium", "194,000"). Sentences that share only who and when ("President
    /// Biden ... Afghanistan ... Tuesday") are two points of one story, however close their meaning vectors.</summary>
    internal static bool SharesContent(Item a, Item b)
    {
        var shared = a.Stems.Intersect(b.Stems).ToHashSet(StringComparer.Ordinal);
        if (shared.Count == 0)
        {
            return false;
        }
        foreach (var text in new[] { a.Sentence.Text, b.Sentence.Text })
        {
            var words = Tokenizer.Tokens(text);
            for (var i = 0; i < words.Count; i++)
            {
                var w = words[i];
                // The first word of a sentence is capitalised whatever it is; a name is capitalised elsewhere too.
                if ((!w.IsCapitalized || char.IsDigit(w.Text[0]) || (i == 0 && !w.Text.Skip(1).Any(char.IsUpper) && !IsNameIn(a, b, w.Normalized)))
                    && shared.Contains(Stemmer.Stem(w.Normalized)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    static bool IsNameIn(Item a, Item b, string word) =>
        new[] { a.Sentence.Text, b.Sentence.Text }.Any(t => Tokenizer.Tokens(t).Skip(1).Any(w => w.Normalized == word && w.IsCapitalized));

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
