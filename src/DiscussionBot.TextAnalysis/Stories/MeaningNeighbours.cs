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

    /// <summary>
    /// Fills the meaning list of the article at <paramref name="index"/> from the articles with meaning vectors from
    /// <paramref name="from"/> on; with <paramref name="offerBack"/> it is offered to theirs too. Returns the articles
    /// whose lists now rank it among their candidates (empty without a meaning vector).
    /// </summary>
    public static List<int> Compare(StoryLibrary library, int index, int from, bool offerBack)
    {
        var nearestTo = new List<int>();
        var doc = library[index];
        if (doc.Meaning is not { } meaning)
        {
            return nearestTo;
        }
        doc.ByMeaning ??= new NeighbourList(ListSize);
        for (var d = from; d < library.Count; d++)
        {
            if (d == index || library[d].Meaning is not { } other)
            {
                continue;
            }
            var s = (float)(Semantics.VectorMath.Dot(meaning, other) * library.TimeFactor(doc, library[d]));
            doc.ByMeaning.Offer(s, d);
            if (offerBack && library[d].ByMeaning is { } theirs)
            {
                theirs.Offer(s, index);
                if (theirs.RankOf(index) < Candidates)
                {
                    nearestTo.Add(d);
                }
            }
        }
        return nearestTo;
    }

    /// <summary>Meaning lists of the articles from <paramref name="from"/> on that came in without one (a batch); those of
    /// single arrivals are kept.</summary>
    public static void FillMissing(StoryLibrary library, int from)
    {
        var missing = new List<int>();
        for (var i = from; i < library.Count; i++)
        {
            if (library[i].Meaning is not null && library[i].ByMeaning is null)
            {
                missing.Add(i);
            }
        }
        foreach (var i in missing)
        {
            Compare(library, i, from, offerBack: false);
        }
        // ... and offered to the lists that were there before (the new ones already hold each other).
        var fresh = missing.ToHashSet();
        foreach (var i in missing)
        {
            var list = library[i].ByMeaning!;
            for (var k = 0; k < list.Count; k++)
            {
                var (s, d) = list[k];
                if (!fresh.Contains(d))
                {
                    library[d].ByMeaning?.Offer(s, i);
                }
            }
        }
    }
}
