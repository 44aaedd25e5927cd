namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>How two texts relate: the probability that they make the same point (or report the same event), the
/// probability that they take opposite positions on it, and the sentences that were aligned.</summary>
public sealed record PairScore(double Same, double Opposed, string? First, string? Second, bool Semantic);

/// <summary>
/// Scores two texts with the stance model, the way /viewpoints scores two sources' sentences: both become a
/// two-source analysis model, cross-source sentence pairs are aligned by meaning (cosine; TF-IDF cosine when a
/// vector is missing), and the model reads the best-aligned pair together with the strongest cues among the three
/// best-aligned pairs (a body may restate a headline in one sentence and call it a hoax in the next). Inside a
/// <see cref="Discussion"/> (the other texts scored with it) each sentence's evaluation logit is the one read in the
/// discussion (<see cref="StanceModel.InDiscussion"/>); a lone pair scores as the model alone.
/// </summary>
public sealed class PairScorer(StanceModel model)
{
    /// <summary>Aligned pairs whose cues the model reads.</summary>
    public const int TopPairs = 3;

    private readonly ViewpointAnalyzer _analyzer = new();

    public StanceModel Model => model;

    public PairScore Score(string first, string second, SentenceVectors? firstVectors = null, SentenceVectors? secondVectors = null, Discussion? discussion = null)
    {
        var built = _analyzer.Build([new SourceText("a", null, "a", null, first ?? "", firstVectors), new SourceText("b", null, "b", null, second ?? "", secondVectors)]);
        if (Features(built, model.Evaluation) is not { } f)
        {
            return new PairScore(0, 0, null, null, false);
        }
        var (same, opposed) = model.Score(f.X, f.Semantic);
        // Inside a discussion the pair's opposition is re-read with both sentences' logits as the discussion reads them.
        if (f.Semantic && discussion?.Evaluation(first ?? "") is { } za && discussion.Evaluation(second ?? "") is { } zb)
        {
            opposed = model.InDiscussion(opposed, za, zb);
        }
        var lexical = ViewpointAnalyzer.Score(built, f.A, f.B, ViewpointAnalyzer.ClashWeights.Default).Score;
        return new PairScore(same, model.Opposition(same, opposed, lexical), f.A.Sentence.Text, f.B.Sentence.Text, f.Semantic);
    }

    /// <summary>The model's input for the two sources of a built model, or null when one side has no sentence.</summary>
    internal static (double[] X, bool Semantic, ViewpointAnalyzer.Item A, ViewpointAnalyzer.Item B)? Features(ViewpointAnalyzer.Model built, EvaluationHead? evaluation)
    {
        var a = built.Items.Where(i => i.Source == 0).ToList();
        var b = built.Items.Where(i => i.Source == 1).ToList();
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }
        var pairs = new List<(ViewpointAnalyzer.Item A, ViewpointAnalyzer.Item B, double Align)>(a.Count * b.Count);
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                pairs.Add((x, y, Alignment(x, y)));
            }
        }
        var top = pairs.OrderByDescending(p => p.Align).Take(TopPairs).ToList();
        var semantic = top[0].A.Meaning is not null && top[0].B.Meaning is not null;
        var best = StanceFeatures.Of(built, top[0].A, top[0].B, semantic, Evaluation(evaluation, top[0].A, semantic), Evaluation(evaluation, top[0].B, semantic));
        var cues = top.Skip(1).Select(p => StanceFeatures.Of(built, p.A, p.B, false)).ToList();
        return (Combine(best, cues), semantic, top[0].A, top[0].B);
    }

    /// <summary>The input for one sentence pair (as /viewpoints compares them), given both sentences' evaluation logits.</summary>
    internal static (double[] X, bool Semantic) Features(ViewpointAnalyzer.Model built, ViewpointAnalyzer.Item a, ViewpointAnalyzer.Item b, double za, double zb)
    {
        var semantic = a.Meaning is not null && b.Meaning is not null;
        return (Combine(StanceFeatures.Of(built, a, b, semantic, za, zb), []), semantic);
    }

    /// <summary>A sentence's evaluation logit when the pair is compared by meaning and the model has the head, else 0:
    /// the one read in the discussion when the sentence is one of its, the head's own otherwise.</summary>
    internal static double Evaluation(EvaluationHead? head, ViewpointAnalyzer.Item item, bool semantic) =>
        semantic && head is not null ? head.Z(item) : 0;

    /// <summary>Meaning first: vectors when both sentences have them, shared weighted words otherwise.</summary>
    internal static double Alignment(ViewpointAnalyzer.Item a, ViewpointAnalyzer.Item b) =>
        a.Meaning is { } u && b.Meaning is { } v ? VectorMath.Dot(u, v) : a.Vector.Dot(b.Vector);

    /// <summary>The best pair's features, then for every lexical cue its strongest value over the other aligned pairs.</summary>
    static double[] Combine(double[] best, List<double[]> others)
    {
        var lexical = StanceFeatures.Lexical;
        var x = new double[best.Length + lexical];
        for (var i = 0; i < lexical; i++)
        {
            var m = best[i];
            foreach (var o in others)
            {
                m = Math.Max(m, o[i]);
            }
            x[i] = best[i];
            x[lexical + i] = m;
        }
        Array.Copy(best, lexical, x, 2 * lexical, best.Length - lexical);
        return x;
    }
}
