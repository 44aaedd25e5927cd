namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Meaning vectors of an article's title and lead sentences one by one (the first <see cref="Semantics.VectorMath.StoryLead"/>
/// vectors of its encoding plan, title first): sentence-level story features, where the article's mean vector blurs a
/// shared point among the rest. Computed once per article from its stored vectors; without them the mean vector stands in.
/// </summary>
/// <param name="Title">The title's vector, or null (no title, or not encoded).</param>
/// <param name="Lead">The lead sentences' vectors, in order (title excluded).</param>
public sealed record StorySentences(float[]? Title, IReadOnlyList<float[]> Lead)
{
    /// <summary>From an article's plan vectors (<see cref="ViewpointAnalyzer.EncodingPlan"/> order: title first when
    /// there is one); null when none of the first ones is encoded.</summary>
    public static StorySentences? From(string? title, IReadOnlyList<float[]?> planVectors)
    {
        ArgumentNullException.ThrowIfNull(planVectors);
        var first = planVectors.Take(Semantics.VectorMath.StoryLead).ToList();
        var hasTitle = !string.IsNullOrWhiteSpace(title);
        var titleVector = hasTitle && first.Count > 0 ? first[0] : null;
        var lead = first.Skip(hasTitle ? 1 : 0).OfType<float[]>().ToList();
        return titleVector is null && lead.Count == 0 ? null : new StorySentences(titleVector, lead);
    }

    /// <summary>The 8-bit form the clusterer keeps (a quarter of the floats' memory; cosine error about 0.001).</summary>
    internal PackedSentences Pack() => PackedSentences.Of(Title, Lead);
}

/// <summary>An article's title and lead vectors in 8 bits, each with the scale that makes its dot products cosines.</summary>
internal sealed class PackedSentences
{
    readonly sbyte[][] vectors;
    readonly float[] scales;
    readonly bool hasTitle;

    PackedSentences(sbyte[][] vectors, float[] scales, bool hasTitle)
    {
        this.vectors = vectors;
        this.scales = scales;
        this.hasTitle = hasTitle;
    }

    public static PackedSentences Of(float[]? title, IReadOnlyList<float[]> lead)
    {
        var all = (title is null ? lead : lead.Prepend(title)).ToList();
        var vectors = new sbyte[all.Count][];
        var scales = new float[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var (values, scale) = Semantics.VectorMath.Quantize(all[i]);
            var norm = Math.Sqrt(Dot(values, values)) * scale;
            vectors[i] = values;
            scales[i] = norm > 0 ? (float)(scale / norm) : 0f;
        }
        return new PackedSentences(vectors, scales, title is not null);
    }

    double Cosine(int i, PackedSentences other, int j) => Dot(vectors[i], other.vectors[j]) * scales[i] * other.scales[j];

    /// <summary>Sentence-level similarities of two articles: their titles' cosine, the best cosine of any sentence of one
    /// with any of the other, and the mean over both articles' sentences of each one's best match in the other.
    /// <paramref name="fallback"/> (the mean vectors' cosine) stands in for what one of them lacks.</summary>
    public static (double Title, double Max, double MeanBest) Compare(PackedSentences a, PackedSentences b, double fallback)
    {
        var title = a.hasTitle && b.hasTitle ? a.Cosine(0, b, 0) : fallback;
        int na = a.vectors.Length, nb = b.vectors.Length;
        if (na == 0 || nb == 0)
        {
            return (title, fallback, fallback);
        }
        Span<double> bestB = stackalloc double[nb];
        bestB.Fill(double.MinValue);
        double max = double.MinValue, sumA = 0;
        for (var i = 0; i < na; i++)
        {
            var bestA = double.MinValue;
            for (var j = 0; j < nb; j++)
            {
                var c = a.Cosine(i, b, j);
                bestA = Math.Max(bestA, c);
                bestB[j] = Math.Max(bestB[j], c);
            }
            sumA += bestA;
            max = Math.Max(max, bestA);
        }
        double sumB = 0;
        foreach (var x in bestB)
        {
            sumB += x;
        }
        return (title, max, (sumA + sumB) / (na + nb));
    }

    // SIMD: bytes widened to shorts (a product of two 8-bit values fits), then to ints to sum.
    static int Dot(sbyte[] a, sbyte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        var width = System.Numerics.Vector<sbyte>.Count;
        var acc = System.Numerics.Vector<int>.Zero;
        var i = 0;
        for (; i + width <= n; i += width)
        {
            System.Numerics.Vector.Widen(new System.Numerics.Vector<sbyte>(a, i), out var a0, out var a1);
            System.Numerics.Vector.Widen(new System.Numerics.Vector<sbyte>(b, i), out var b0, out var b1);
            System.Numerics.Vector.Widen(a0 * b0, out var p0, out var p1);
            System.Numerics.Vector.Widen(a1 * b1, out var p2, out var p3);
            acc += p0 + p1 + p2 + p3;
        }
        var sum = System.Numerics.Vector.Sum(acc);
        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
