namespace DiscussionBot.TextAnalysis;

/// <summary>
/// The latent (LSA) space the clusterer last fitted on a re-clustered window, and articles' positions in it: an article
/// that arrived since folds into the space as it stands. Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class StoryLatentSpace(StoryLibrary library)
{
    /// <summary>Dimensions of the latent space.</summary>
    public const int Dimensions = 100;

    StoryLsa? lsa;
    int fittedAt;

    /// <summary>Whether a window has been fitted yet.</summary>
    public bool IsFitted => lsa is not null;

    /// <summary>
    /// Positions of the window of articles from <paramref name="from"/> on (whose vectors are <paramref name="all"/>) in
    /// the latent space, stored on the articles too; null while no space could be fitted. The space is refitted when
    /// <paramref name="refit"/> says so or the library has changed by a quarter of the window since the last fit (new
    /// articles fold into the old one meanwhile): the fit costs as much as the rest of a re-clustering.
    /// </summary>
    public float[][]? Place(SparseVector[] all, int from, bool refit)
    {
        var n = all.Length;
        if (lsa is null || refit || Math.Abs(library.Count - fittedAt) >= Math.Max(32, n / 4))
        {
            lsa = StoryLsa.Fit(all, Dimensions) ?? lsa;
            fittedAt = library.Count;
        }
        if (lsa is null)
        {
            return null;
        }
        var embeddings = new float[n][];
        for (var i = 0; i < n; i++)
        {
            embeddings[i] = lsa.Embed(all[i]);
            library[from + i].Embedding = embeddings[i];
            library[from + i].EmbeddedWith = lsa;
        }
        return embeddings;
    }

    /// <summary>The article's position in the current space (computed once per fit). Only once <see cref="IsFitted"/>.</summary>
    public float[] Position(StoryArticle doc)
    {
        if (doc.EmbeddedWith != lsa || doc.Embedding is null)
        {
            doc.Embedding = lsa!.Embed(library.Vocabulary.Vector(doc.Bags.All));
            doc.EmbeddedWith = lsa;
        }
        return doc.Embedding;
    }
}
