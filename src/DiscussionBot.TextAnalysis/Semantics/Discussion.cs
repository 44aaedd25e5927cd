namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// The texts scored together — a story's sources' sentences in /viewpoints and /claims, the texts of the rows of one
/// input (or one "group") in <c>pairs --jsonl</c>, one corpus topic in <c>eval</c> — and each one's evaluation of what
/// it is about (the <see cref="EvaluationHead"/> logit; a text's is read on its lead, with its story vector) read
/// inside it. Sentences making the same point share a stance, so
/// each one's logit is pulled toward the mean of its <see cref="Neighbours"/> nearest by meaning (weight
/// <see cref="MeaningPull"/>) and toward that of its nearest by wording (<see cref="WordPull"/>), and the discussion's mean logit is taken off (in a discussion of more than <see cref="CentreOn"/> members, the mean of
/// each one's CentreOn nearest by meaning): "for" and "against" are then read
/// against what this discussion says on the whole, not against the head's zero. Only a discussion of short positions
/// is read so: at least <see cref="MinMemberShare"/> of its texts are one-sentence members. A pair of sentences inside it is
/// scored by the stance model as alone, then its opposition re-read with these logits (<see
/// cref="StanceModel.InDiscussion"/>: the lone-pair logit, z'a·z'b and |z'a − z'b|). A discussion of fewer than <see cref="MinSentences"/> sentences with
/// vectors (a lone pair) keeps the head's own logits, so it scores exactly as without a discussion.
/// Chosen leave-topics-out on ArgKP train (tools/StanceFit <c>discussion</c>): the pair AUC of −z'a·z'b within a topic
/// is 0.743 centred only, 0.790 with the nearest by meaning alone (pull 0.6), 0.812 with both views (0.35 each; the
/// plateau 0.805–0.814 for 0.3–0.5 / 0.2–0.4), against 0.679 for |za − zb| raw.
/// </summary>
public sealed class Discussion
{
    /// <summary>Nearest sentences (by meaning, within the discussion) whose logits a sentence's is pulled toward.</summary>
    public const int Neighbours = 10;

    /// <summary>Weight of the mean logit of the nearest by meaning (cosine of the vectors).</summary>
    public const double MeaningPull = 0.35;

    /// <summary>Weight of the mean logit of the nearest by wording (Jaccard of the head's word features); the
    /// sentence's own keeps 1 − MeaningPull − WordPull.</summary>
    public const double WordPull = 0.35;

    /// <summary>Sentences a text may have to be a member (read whole by the head): one, a claim or an argument. Chosen on
    /// train out-of-fold (FNC-1 train pairs re-read: 0.745 / 0.742 / 0.736 at 1 / 2 / 4 sentences against 0.764 alone;
    /// ArgKP train 0.768 / 0.771 / 0.770 against 0.652 alone).</summary>
    public const int MemberSentences = 1;

    /// <summary>Read logits are held within this many standard deviations of the discussion's (train leave-topics-out:
    /// top-10 opposite share 90.4 % unclipped, 94.2 % at 2, 85.8 % at 1.5; pair AUC 0.812 / 0.812 / 0.813).</summary>
    public const double ClipSpread = 2.0;

    /// <summary>Share of a discussion's texts that must be members for it to be smoothed: a discussion of short
    /// positions (claims, arguments, posts), not one of articles and the headlines about them, whose few one-line
    /// bodies would be re-read against headlines by a head that learnt from arguments. Chosen on train (tools/StanceFit
    /// <c>members</c>): FNC-1 train's even-body half as one input has 2,311 texts, 1,491 members (0.645), and re-reading
    /// its 346 headline/one-line-body pairs (30 bodies, 14 disagree) lifts them all to opposed ≈ 0.31 (disagree 0.308,
    /// agree/discuss 0.309, against 0.208 / 0.058 alone): AUC 0.856 alone, 0.828 re-read; ArgKP train topics are 0.944–1.000
    /// members (pools of four topics 0.979–0.989), and the fit's per-body FNC-1 discussions at least 0.857, so 0.8 keeps
    /// every discussion the discussion head learnt from and drops the whole FNC-1 half.</summary>
    public const double MinMemberShare = 0.8;

    /// <summary>Members a logit is centred on (its nearest by meaning, itself among them) in a larger discussion; a
    /// smaller one is centred on its mean. Chosen on ArgKP train leave-topics-out (tools/StanceFit discussion,
    /// DISCUSSION_POOLED=1: pools of four topics given as one discussion, pairs read within a topic): centred on the
    /// pool's mean 0.779, on the 25 / 50 / 100 / 200 / 400 nearest 0.653 / 0.719 / 0.783 / 0.809 / 0.794; each topic
    /// alone (about 230 arguments) 0.812 on its mean, 0.811 on its 200 nearest; top-4 share pooled 89.6 % on the mean,
    /// 87.5 % on the 200 nearest, per topic 93.8 % both.</summary>
    public const int CentreOn = 200;

    /// <summary>Sentences with vectors below which a discussion is not smoothed (the neighbours would be the pair itself).</summary>
    public const int MinSentences = Neighbours + 2;

    /// <summary>Sentences above which a discussion is not smoothed (the neighbour search is quadratic: 5,000 take a
    /// few seconds); split a larger input into groups.</summary>
    public const int MaxSentences = 5_000;

    private readonly Dictionary<string, double> _evaluation;

    private Discussion(Dictionary<string, double> evaluation, int sentences, int texts, bool smoothed)
    {
        _evaluation = evaluation;
        Sentences = sentences;
        Texts = texts;
        Smoothed = smoothed;
    }

    /// <summary>Distinct one-sentence texts with vectors (the members) in the discussion.</summary>
    public int Sentences { get; }

    /// <summary>Distinct texts with vectors in the discussion, members or not.</summary>
    public int Texts { get; }

    /// <summary>Whether the logits were read inside the discussion (false: too few or too many sentences; the head's own).</summary>
    public bool Smoothed { get; }

    /// <summary>No context: every sentence keeps the head's logit.</summary>
    public static Discussion None { get; } = new([], 0, 0, false);

    /// <summary>The discussion of some texts (each with its stored vectors, or null: then read by wording, outside it),
    /// read with the model's evaluation head (a model without one: no discussion).</summary>
    public static Discussion Of(StanceModel model, IEnumerable<(string Text, SentenceVectors? Vectors)> texts)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Of(model.Evaluation, texts);
    }

    internal static Discussion Of(EvaluationHead? head, IEnumerable<(string Text, SentenceVectors? Vectors)> texts, int memberSentences = MemberSentences, double minMemberShare = MinMemberShare)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (head is null)
        {
            return None;
        }
        var keys = new List<string?>();
        var meanings = new List<float[]?>();
        var words = new List<IReadOnlyCollection<string>?>();
        var z = new List<double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, vectors) in texts)
        {
            if (vectors is null || string.IsNullOrWhiteSpace(text) || !seen.Add(Key(text)))
            {
                continue;
            }
            // A text is one member, read whole by the head, when it is one sentence (a claim, an argument, a headline).
            // A longer text (an article) is no member and its pairs score alone: what its first sentences say need
            // not be its stance.
            // A text that is no member still counts among the discussion's texts (MinMemberShare).
            var plan = ViewpointAnalyzer.EncodingPlan(null, text, memberSentences + 1);
            if (plan.Count > memberSentences || VectorMath.StoryMeaning(plan.Select(vectors.Find)) is not { } meaning)
            {
                keys.Add(null);
                meanings.Add(null);
                words.Add(null);
                z.Add(0);
                continue;
            }
            var lead = string.Join(" ", plan);
            var framing = Framing.Of(lead);
            keys.Add(Key(text));
            meanings.Add(meaning);
            words.Add(EvaluationHead.Words(lead, framing));
            z.Add(head.Z(lead, framing, meaning));
        }
        var smoothed = Smooth(meanings, words, z, out var isSmoothed, minMemberShare);
        var map = new Dictionary<string, double>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is { } key)
            {
                map[key] = smoothed[i];
            }
        }
        return new Discussion(map, map.Count, keys.Count, isSmoothed);
    }

    static string Key(string text) => SentenceVectors.Key(text);

    /// <summary>The logit of a text inside the discussion, or null when it is not one of its texts or the discussion
    /// was not smoothed.</summary>
    internal double? Evaluation(string text) =>
        Smoothed && _evaluation.TryGetValue(Key(text), out var z) ? z : null;

    /// <summary>
    /// The logits read inside the discussion: members (sentences with a meaning vector) are pulled toward the mean of
    /// their nearest by meaning and the mean of their nearest by wording (<paramref name="words"/>: each one's word
    /// features), then centred on the discussion's mean (more than <see cref="CentreOn"/> members: on the mean of each
    /// one's CentreOn nearest by meaning) and clipped at <see cref="ClipSpread"/> standard deviations;
    /// the rest keep theirs. Fewer than <see cref="MinSentences"/> or
    /// more than <see cref="MaxSentences"/> members: unchanged.
    /// </summary>
    internal static double[] Smooth(IReadOnlyList<float[]?> meanings, IReadOnlyList<IReadOnlyCollection<string>?> words, IReadOnlyList<double> z, out bool smoothed, double minMemberShare = MinMemberShare)
    {
        var result = z.ToArray();
        var dims = meanings.FirstOrDefault(v => v is { Length: > 0 })?.Length ?? 0;
        var members = Enumerable.Range(0, meanings.Count).Where(i => meanings[i] is { } m && m.Length == dims && dims > 0).ToArray();
        smoothed = members.Length is >= MinSentences and <= MaxSentences && members.Length >= minMemberShare * meanings.Count;
        if (!smoothed)
        {
            return result;
        }
        var n = members.Length;
        var k = Math.Min(Neighbours, n - 1);
        // For every member, its k most similar other members (a small sorted list kept per row).
        var best = new int[n * k];
        var bestSim = new double[n * k];
        Array.Fill(bestSim, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            var u = meanings[members[i]]!;
            for (var j = i + 1; j < n; j++)
            {
                var c = VectorMath.Dot(u, meanings[members[j]]!);
                Offer(best, bestSim, i, k, j, c);
                Offer(best, bestSim, j, k, i, c);
            }
        }
        // The same by wording: each member's word features as sorted ids, compared by Jaccard.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = members.Select(m => (words.Count > m ? words[m] ?? [] : []).Select(w => ids.TryGetValue(w, out var id) ? id : ids[w] = ids.Count).Distinct().Order().ToArray()).ToArray();
        var byWords = new int[n * k];
        var byWordsSim = new double[n * k];
        Array.Fill(byWordsSim, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var c = Jaccard(sets[i], sets[j]);
                Offer(byWords, byWordsSim, i, k, j, c);
                Offer(byWords, byWordsSim, j, k, i, c);
            }
        }
        var pulled = new double[n];
        for (var i = 0; i < n; i++)
        {
            double meaning = 0, wording = 0;
            for (var r = 0; r < k; r++)
            {
                meaning += z[members[best[i * k + r]]];
                wording += z[members[byWords[i * k + r]]];
            }
            pulled[i] = (1 - MeaningPull - WordPull) * z[members[i]] + MeaningPull * meaning / k + WordPull * wording / k;
        }
        // Centred (below), and held within ClipSpread of its spread: one odd text does not make the
        // most opposed pairs of a discussion all its own.
        // A discussion larger than CentreOn is centred near each member (on the mean of its CentreOn nearest by
        // meaning, itself among them): several matters given as one input are each read against their own mean.
        var centred = new double[n];
        var mean = pulled.Average();
        if (n > CentreOn)
        {
            var sims = new double[n];
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                var u = meanings[members[i]]!;
                for (var j = 0; j < n; j++)
                {
                    sims[j] = i == j ? double.NegativeInfinity : -VectorMath.Dot(u, meanings[members[j]]!);
                    order[j] = j;
                }
                Array.Sort(sims, order);
                double local = 0;
                for (var r = 0; r < CentreOn; r++)
                {
                    local += pulled[order[r]];
                }
                centred[i] = pulled[i] - local / CentreOn;
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                centred[i] = pulled[i] - mean;
            }
        }
        var spread = Math.Sqrt(centred.Select(x => x * x).Average());
        var limit = Math.Max(ClipSpread * spread, 1e-9);
        for (var i = 0; i < n; i++)
        {
            result[members[i]] = Math.Clamp(centred[i], -limit, limit);
        }
        return result;
    }

    static double Jaccard(int[] a, int[] b)
    {
        int i = 0, j = 0, both = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                both++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return both / (double)Math.Max(1, a.Length + b.Length - both);
    }

    static void Offer(int[] best, double[] bestSim, int row, int k, int candidate, double similarity)
    {
        var start = row * k;
        if (similarity <= bestSim[start + k - 1])
        {
            return;
        }
        var at = start + k - 1;
        while (at > start && bestSim[at - 1] < similarity)
        {
            best[at] = best[at - 1];
            bestSim[at] = bestSim[at - 1];
            at--;
        }
        best[at] = candidate;
        bestSim[at] = similarity;
    }
}
