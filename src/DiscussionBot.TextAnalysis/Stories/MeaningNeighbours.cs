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
}
