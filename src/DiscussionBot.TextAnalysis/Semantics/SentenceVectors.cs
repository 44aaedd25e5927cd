using System.Numerics.Tensors;

namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>The stored vectors of one article's sentences (and title), looked up by sentence text.
/// An article whose vectors are missing, or a sentence that was not encoded, is analysed lexically.</summary>
public sealed class SentenceVectors(string model, IReadOnlyDictionary<string, float[]> vectors)
{
    public string Model { get; } = model;

    public int Count => vectors.Count;

    public float[]? Find(string sentence) => vectors.TryGetValue(Key(sentence), out var v) ? v : null;

    /// <summary>The lookup key of a sentence: its text with outer white space trimmed.</summary>
    public static string Key(string sentence) => sentence.Trim();

    public static SentenceVectors From(string model, IEnumerable<(string Text, float[] Vector)> items)
    {
        var map = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (text, vector) in items)
        {
            map[Key(text)] = vector;
        }
        return new SentenceVectors(model, map);
    }
}

/// <summary>Vector arithmetic and the 8-bit storage form (one scale per vector: 384 bytes instead of 1,536,
/// cosine error about 0.001).</summary>
public static class VectorMath
{
    /// <summary>Dot product of two meaning vectors (normalized: their cosine); vectors of different models (lengths) share nothing.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        a.Length == b.Length ? TensorPrimitives.Dot(a, b) : 0;

    /// <summary>Sentences of an article's encoding plan (title first) that make its story vector.</summary>
    public const int StoryLead = 4;

    /// <summary>An article's story vector: the normalized mean of its first plan vectors (title and lead), or null.</summary>
    public static float[]? StoryMeaning(IEnumerable<float[]?> planVectors)
    {
        float[]? sum = null;
        foreach (var v in planVectors.Take(StoryLead))
        {
            if (v is null)
            {
                continue;
            }
            sum ??= new float[v.Length];
            for (var i = 0; i < v.Length && i < sum.Length; i++)
            {
                sum[i] += v[i];
            }
        }
        if (sum is null)
        {
            return null;
        }
        var norm = Math.Sqrt(Dot(sum, sum));
        if (norm <= 0)
        {
            return null;
        }
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = (float)(sum[i] / norm);
        }
        return sum;
    }

    public static (sbyte[] Values, float Scale) Quantize(ReadOnlySpan<float> v)
    {
        var max = 0f;
        foreach (var x in v)
        {
            max = Math.Max(max, Math.Abs(x));
        }
        var scale = max > 0 ? max / 127f : 1f;
        var q = new sbyte[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            q[i] = (sbyte)Math.Clamp((int)MathF.Round(v[i] / scale), -127, 127);
        }
        return (q, scale);
    }

    /// <summary>Back to floats, renormalized so dot products stay cosines.</summary>
    public static float[] Dequantize(ReadOnlySpan<sbyte> q, float scale)
    {
        var v = new float[q.Length];
        double norm = 0;
        for (var i = 0; i < q.Length; i++)
        {
            v[i] = q[i] * scale;
            norm += v[i] * v[i];
        }
        if (norm > 0)
        {
            var inv = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < v.Length; i++)
            {
                v[i] *= inv;
            }
        }
        return v;
    }
}
