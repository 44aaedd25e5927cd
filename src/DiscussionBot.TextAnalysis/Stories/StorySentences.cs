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

    /// <summary>Title and lead vectors together.</summary>
    internal IEnumerable<float[]> All => Title is null ? Lead : Lead.Prepend(Title);

    /// <summary>Sentence-level similarities of two articles: their titles' cosine, the best cosine of any sentence of one
    /// with any of the other, and the mean over both articles' sentences of each one's best match in the other.</summary>
    internal static (double Title, double Max, double MeanBest) Compare(StorySentences a, StorySentences b, double fallback)
    {
        var title = a.Title is { } ta && b.Title is { } tb ? MeaningNeighbours.Dot(ta, tb) : fallback;
        var sa = a.All.ToList();
        var sb = b.All.ToList();
        if (sa.Count == 0 || sb.Count == 0)
        {
            return (title, fallback, fallback);
        }
        var bestB = new double[sb.Count];
        Array.Fill(bestB, double.MinValue);
        double max = double.MinValue, sumA = 0;
        foreach (var x in sa)
        {
            var bestA = double.MinValue;
            for (var j = 0; j < sb.Count; j++)
            {
                double c = MeaningNeighbours.Dot(x, sb[j]);
                bestA = Math.Max(bestA, c);
                bestB[j] = Math.Max(bestB[j], c);
            }
            sumA += bestA;
            max = Math.Max(max, bestA);
        }
        return (title, max, (sumA + bestB.Sum()) / (sa.Count + sb.Count));
    }
}
