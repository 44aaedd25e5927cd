namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>The stance figures of <c>discussionbot eval</c> and the fitting tool.</summary>
public static class StanceMetrics
{
    /// <summary>Area under the ROC curve: the chance that a random positive scores above a random negative (ties half).</summary>
    public static double Auc(IReadOnlyList<(double Score, bool Positive)> samples)
    {
        var neg = samples.Where(s => !s.Positive).Select(s => s.Score).OrderBy(x => x).ToArray();
        var pos = samples.Where(s => s.Positive).Select(s => s.Score).ToArray();
        if (pos.Length == 0 || neg.Length == 0)
        {
            return double.NaN;
        }
        double total = 0;
        foreach (var p in pos)
        {
            var below = Bound(neg, p, strict: true);
            var upTo = Bound(neg, p, strict: false);
            total += below + 0.5 * (upTo - below);
        }
        return total / pos.Length / neg.Length;
    }

    static int Bound(double[] sorted, double x, bool strict)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var m = (lo + hi) / 2;
            if (strict ? sorted[m] < x : sorted[m] <= x) lo = m + 1; else hi = m;
        }
        return lo;
    }

    /// <summary>Average precision as scikit-learn computes it: the precision at each positive, ranked by score (ties
    /// as one step).</summary>
    public static double AveragePrecision(IReadOnlyList<(double Score, bool Positive)> samples)
    {
        var total = samples.Count(s => s.Positive);
        if (total == 0)
        {
            return 0;
        }
        double ap = 0, recallBefore = 0;
        int tp = 0, seen = 0;
        foreach (var group in samples.GroupBy(s => s.Score).OrderByDescending(g => g.Key))
        {
            foreach (var s in group)
            {
                seen++;
                if (s.Positive) tp++;
            }
            var recall = tp / (double)total;
            ap += (recall - recallBefore) * (tp / (double)seen);
            recallBefore = recall;
        }
        return ap;
    }

    /// <summary>One argument's best key point, its score and its gold label (null: the pair was not labelled).</summary>
    public sealed record KeyPointPrediction(string Topic, int Stance, double Score, bool? Label);

    /// <summary>
    /// The ArgKP 2021 key-point-matching figure: per (topic, stance), the top half of the arguments by their best key
    /// point's score, average precision there; the mean over (topic, stance). Strict counts unlabelled pairs as wrong,
    /// relaxed as right.
    /// </summary>
    public static (double Strict, double Relaxed) KeyPointMap(IReadOnlyList<KeyPointPrediction> predictions)
    {
        double Map(bool relaxed) => predictions.GroupBy(p => (p.Topic, p.Stance)).Select(g =>
        {
            var top = g.OrderByDescending(p => p.Score).Take(g.Count() / 2).ToList();
            return AveragePrecision(top.Select(p => (p.Score, p.Label ?? relaxed)).ToList());
        }).DefaultIfEmpty(0).Average();
        return (Map(false), Map(true));
    }

    /// <summary>Per group, the share of positives among the k best-scoring items; the mean over groups.</summary>
    public static double TopShare(IEnumerable<(string Group, double Score, bool Positive)> samples, int k) =>
        samples.GroupBy(s => s.Group)
            .Select(g => g.OrderByDescending(s => s.Score).Take(k).Average(s => s.Positive ? 1.0 : 0))
            .DefaultIfEmpty(double.NaN)
            .Average();
}
