namespace DiscussionBot.TextAnalysis;

/// <summary>
/// A same-story match of two meaning vectors learned on allsides-train: a weight per dimension of their element-wise
/// product (Σ w_d a_d b_d), fitted jointly with <see cref="StoryGraph.MeaningWeights"/>. The plain cosine weighs every
/// dimension alike, and so says "same subject" as loudly as "same event"; the learned weights lean on the dimensions that
/// told the two apart in train. Null weights (or a vector of another size): 0, the feature is off.
/// </summary>
internal static class MeaningMetric
{
    /// <summary>Per-dimension weights (tools/StoryFit prints them), or null.</summary>
    internal static float[]? Dimensions;

    public static double Match(float[]? a, float[]? b)
    {
        if (Dimensions is not { } w || a is null || b is null || a.Length != w.Length || b.Length != w.Length)
        {
            return 0;
        }
        double sum = 0;
        for (var i = 0; i < w.Length; i++)
        {
            sum += w[i] * a[i] * b[i];
        }
        return sum;
    }
}
