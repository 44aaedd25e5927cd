namespace DiscussionBot.TextAnalysis;

/// <summary>Precision, recall and F1 of one ROUGE variant, each in [0, 1].</summary>
public readonly record struct RougeScore(double Precision, double Recall, double F1)
{
    internal static RougeScore From(int overlap, int candidateCount, int referenceCount)
    {
        var p = candidateCount == 0 ? 0 : (double)overlap / candidateCount;
        var r = referenceCount == 0 ? 0 : (double)overlap / referenceCount;
        var f = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new RougeScore(p, r, f);
    }
}

/// <summary>
/// ROUGE-1, ROUGE-2, ROUGE-L (LCS over the whole text) and ROUGE-Lsum (summary-level union LCS over
/// newline-separated sentences, the figure CNN/DailyMail papers report as ROUGE-L).
/// </summary>
public sealed record RougeScores(RougeScore Rouge1, RougeScore Rouge2, RougeScore RougeL, RougeScore RougeLsum);

/// <summary>
/// ROUGE (Lin 2004) with the tokenization of Google's <c>rouge-score</c> package, the usual
/// reference implementation: lower-case, every run of characters outside [a-z0-9] is a separator
/// (so "£" and accented letters vanish, as there), and with stemming the original Porter stemmer
/// applied to tokens longer than three characters. ROUGE-L is the plain LCS over the whole text
/// (rouge-score's "rougeL"); ROUGE-Lsum splits both texts on newlines as
/// rouge-score's "rougeLsum" does, so put one sentence per line. Published CNN/DailyMail figures
/// use stemming, so <see cref="Score"/> stems by default.
/// </summary>
public static class Rouge
{
    public static RougeScores Score(string candidate, string reference, bool stem = true)
    {
        var c = Tokenize(candidate, stem);
        var r = Tokenize(reference, stem);
        return new RougeScores(NGram(c, r, 1), NGram(c, r, 2), Lcs(c, r), SummaryLcs(Lines(candidate, stem), Lines(reference, stem)));
    }

    static List<IReadOnlyList<string>> Lines(string? text, bool stem) =>
        (text ?? "").Split('\n').Select(line => Tokenize(line, stem)).Where(t => t.Count > 0).ToList();

    /// <summary>Summary-level LCS (Lin 2004, section 3.2) with rouge-score's clipping of token counts.</summary>
    internal static RougeScore SummaryLcs(List<IReadOnlyList<string>> candidate, List<IReadOnlyList<string>> reference)
    {
        var m = reference.Sum(x => x.Count);
        var n = candidate.Sum(x => x.Count);
        if (m == 0 || n == 0)
        {
            return new RougeScore(0, 0, 0);
        }
        var refCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var candCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in reference.SelectMany(x => x))
        {
            refCounts[t] = refCounts.GetValueOrDefault(t) + 1;
        }
        foreach (var t in candidate.SelectMany(x => x))
        {
            candCounts[t] = candCounts.GetValueOrDefault(t) + 1;
        }
        var hits = 0;
        foreach (var r in reference)
        {
            var union = new SortedSet<int>();
            foreach (var c in candidate)
            {
                union.UnionWith(LcsIndices(r, c));
            }
            foreach (var index in union)
            {
                var token = r[index];
                if (candCounts.GetValueOrDefault(token) > 0 && refCounts.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    candCounts[token]--;
                    refCounts[token]--;
                }
            }
        }
        return RougeScore.From(hits, n, m);
    }

    /// <summary>Indices into <paramref name="reference"/> of one LCS with <paramref name="candidate"/>, backtracked as rouge-score does.</summary>
    static List<int> LcsIndices(IReadOnlyList<string> reference, IReadOnlyList<string> candidate)
    {
        var rows = reference.Count;
        var cols = candidate.Count;
        var table = new int[rows + 1, cols + 1];
        for (var i = 1; i <= rows; i++)
        {
            for (var j = 1; j <= cols; j++)
            {
                table[i, j] = string.Equals(reference[i - 1], candidate[j - 1], StringComparison.Ordinal)
                    ? table[i - 1, j - 1] + 1
                    : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }
        var result = new List<int>();
        int a = rows, b = cols;
        while (a > 0 && b > 0)
        {
            if (string.Equals(reference[a - 1], candidate[b - 1], StringComparison.Ordinal))
            {
                result.Add(a - 1);
                a--;
                b--;
            }
            else if (table[a, b - 1] > table[a - 1, b])
            {
                b--;
            }
            else
            {
                a--;
            }
        }
        return result;
    }

    /// <summary>Tokens as rouge-score makes them.</summary>
    public static IReadOnlyList<string> Tokenize(string? text, bool stem)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }
        var buffer = new System.Text.StringBuilder();
        foreach (var raw in text)
        {
            var ch = char.ToLowerInvariant(raw);
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                buffer.Append(ch);
            }
            else if (buffer.Length > 0)
            {
                tokens.Add(Finish(buffer, stem));
            }
        }
        if (buffer.Length > 0)
        {
            tokens.Add(Finish(buffer, stem));
        }
        return tokens;
    }

    static string Finish(System.Text.StringBuilder buffer, bool stem)
    {
        var word = buffer.ToString();
        buffer.Clear();
        return stem && word.Length > 3 ? Stemmer.PorterStem(word) : word;
    }

    internal static RougeScore NGram(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n)
    {
        var refCounts = Counts(reference, n);
        var candCounts = Counts(candidate, n);
        var overlap = 0;
        foreach (var (gram, count) in candCounts)
        {
            if (refCounts.TryGetValue(gram, out var rc))
            {
                overlap += Math.Min(count, rc);
            }
        }
        return RougeScore.From(overlap, Math.Max(0, candidate.Count - n + 1), Math.Max(0, reference.Count - n + 1));
    }

    static Dictionary<string, int> Counts(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var gram = n == 1 ? tokens[i] : string.Join(' ', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }

    internal static RougeScore Lcs(IReadOnlyList<string> candidate, IReadOnlyList<string> reference)
    {
        if (candidate.Count == 0 || reference.Count == 0)
        {
            return new RougeScore(0, 0, 0);
        }
        // Two rolling rows keep memory linear for long references.
        var prev = new int[reference.Count + 1];
        var cur = new int[reference.Count + 1];
        for (var i = 1; i <= candidate.Count; i++)
        {
            var ci = candidate[i - 1];
            for (var j = 1; j <= reference.Count; j++)
            {
                cur[j] = string.Equals(ci, reference[j - 1], StringComparison.Ordinal)
                    ? prev[j - 1] + 1
                    : Math.Max(prev[j], cur[j - 1]);
            }
            (prev, cur) = (cur, prev);
        }
        return RougeScore.From(prev[reference.Count], candidate.Count, reference.Count);
    }
}
