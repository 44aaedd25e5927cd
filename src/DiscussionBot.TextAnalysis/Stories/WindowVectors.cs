namespace DiscussionBot.TextAnalysis;

/// <summary>The TF-IDF vectors of a window of articles from <paramref name="From"/> on, taken once for a re-clustering:
/// combined (<paramref name="All"/>) and by field (title, body, names), and their latent positions when a space is fitted.</summary>
internal sealed record WindowVectors(int From, SparseVector[] All, SparseVector[][] Fields)
{
    public float[][]? Embeddings { get; init; }

    /// <summary>The vectors of the articles from <paramref name="from"/> on under the current weights.</summary>
    public static WindowVectors Of(StoryLibrary library, int from)
    {
        var n = library.Count - from;
        var all = new SparseVector[n];
        var fields = new SparseVector[3][];
        for (var f = 0; f < 3; f++)
        {
            fields[f] = new SparseVector[n];
        }
        for (var i = 0; i < n; i++)
        {
            var bags = library[from + i].Bags;
            all[i] = library.Vocabulary.Vector(bags.All);
            fields[0][i] = library.Vocabulary.Vector(bags.Title);
            fields[1][i] = library.Vocabulary.Vector(bags.Body);
            fields[2][i] = library.Vocabulary.Vector(bags.Names);
        }
        return new WindowVectors(from, all, fields);
    }
}
