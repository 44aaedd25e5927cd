namespace DiscussionBot.Core.Storage;

/// <summary>The stored meaning vectors of one article: its title and the sentences the analysis compares, each as
/// 8 bits a dimension with one scale (see TextAnalysis' VectorMath). Computed once, at import or by the encoding
/// worker, and read by every later command.</summary>
public sealed record ArticleVectors
{
    /// <summary>The article's id.</summary>
    public int Id { get; init; }

    /// <summary>The encoder's model name: vectors of another model are recomputed, never mixed.</summary>
    public string Model { get; init; } = "";

    public DateTimeOffset EncodedAt { get; init; }

    public List<StoredSentenceVector> Sentences { get; init; } = [];
}

public sealed record StoredSentenceVector
{
    public string Text { get; init; } = "";

    public float Scale { get; init; }

    public byte[] Values { get; init; } = [];
}

public interface IArticleVectorStore
{
    /// <summary>The article's vectors of this model, or null while they are pending.</summary>
    ArticleVectors? Get(int articleId, string model);

    void Save(ArticleVectors vectors);

    /// <summary>Ids of articles that have vectors of this model.</summary>
    IReadOnlySet<int> Encoded(string model);
}
