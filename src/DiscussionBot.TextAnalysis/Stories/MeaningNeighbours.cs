using System.Numerics;
using System.Runtime.InteropServices;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Candidate retrieval by meaning: each article's nearest others by the cosine of their title + lead meaning vectors
/// (times the time factor), so a paraphrased take that shares few words with the others still gets scored.
/// An arriving article is compared with the window once (bounded work per article); lists of articles that came in a
/// batch are filled when the window is re-clustered.
/// </summary>
internal static class MeaningNeighbours
{
    /// <summary>How many of an article's nearest by meaning (and of those it is nearest to) become candidate pairs.</summary>
    public const int Candidates = 5;

    /// <summary>Length of an article's list by meaning.</summary>
    public const int ListSize = 10;

    /// <summary>Dot product of two meaning vectors (SIMD; vectors are normalized, so the cosine).</summary>
    public static float Dot(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }
        var va = MemoryMarshal.Cast<float, Vector<float>>(a.AsSpan());
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b.AsSpan());
        var acc = Vector<float>.Zero;
        for (var i = 0; i < va.Length; i++)
        {
            acc += va[i] * vb[i];
        }
        var sum = Vector.Sum(acc);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
