namespace DiscussionBot.TextAnalysis;

/// <summary>A sparse term vector: ascending term ids and their weights, usually L2-normalised.</summary>
internal readonly struct SparseVector(int[] ids, float[] weights)
{
    public static readonly SparseVector Empty = new([], []);

    public int[] Ids { get; } = ids;
    public float[] Weights { get; } = weights;
    public int Count => Ids.Length;

    public double Dot(in SparseVector other)
    {
        var a = Ids;
        var b = other.Ids;
        int i = 0, j = 0;
        double sum = 0;
        while (i < a.Length && j < b.Length)
        {
            var d = a[i] - b[j];
            if (d == 0)
            {
                sum += Weights[i] * other.Weights[j];
                i++;
                j++;
            }
            else if (d < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return sum;
    }

    /// <summary>Builds a normalised vector from term id → weight.</summary>
    public static SparseVector FromWeights(Dictionary<int, double> weights)
    {
        if (weights.Count == 0)
        {
            return Empty;
        }
        var ids = new int[weights.Count];
        var w = new float[weights.Count];
        var k = 0;
        double norm = 0;
        foreach (var (id, value) in weights)
        {
            ids[k] = id;
            w[k] = (float)value;
            norm += value * value;
            k++;
        }
        Array.Sort(ids, w);
        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(w[i] / norm);
            }
        }
        return new SparseVector(ids, w);
    }
}

/// <summary>Content terms: lower-cased, stemmed words that are not function words.</summary>
internal static class Terms
{
    public static bool IsContent(string token) => IsContent(token.AsSpan());

    public static bool IsContent(ReadOnlySpan<char> token) =>
        token.Length > 1 && !Stopwords.IsStopword(token) && !(token.Length < 3 && char.IsDigit(token[0]));

    public static List<string> ContentStems(string text)
    {
        var list = new List<string>();
        foreach (var t in Tokenizer.Tokens(text))
        {
            if (IsContent(t.Normalized))
            {
                list.Add(Stemmer.Stem(t.Normalized));
            }
        }
        return list;
    }
}
