namespace DiscussionBot.TextAnalysis;

/// <summary>One article as the clusterer holds it: its term bags and vectors, where it stands among the others (its
/// neighbour lists and best scores, refreshed as the window is re-clustered) and its story.</summary>
internal sealed class StoryArticle(string id, Bags bags, string? source, DateTimeOffset? published)
{
    public string Id { get; } = id;
    public Bags Bags { get; } = bags;
    public string? Source { get; } = source;
    public DateTimeOffset? Published { get; } = published;
    public NeighbourList Neighbours { get; set; } = new(StoryGraph.ListSize);
    public int Story { get; set; }
    /// <summary>Position in the latent space of <see cref="EmbeddedWith"/>.</summary>
    public float[]? Embedding { get; set; }
    public StoryLsa? EmbeddedWith { get; set; }
    /// <summary>Meaning vector of title and lead, when stored.</summary>
    public float[]? Meaning { get; init; }
    /// <summary>Title and lead vectors one by one (8-bit), when stored.</summary>
    public PackedSentences? Sentences { get; init; }
    /// <summary>Its nearest articles by meaning (<see cref="MeaningNeighbours"/>), once compared with its window.</summary>
    public NeighbourList? ByMeaning { get; set; }
    /// <summary>The days its title and lead name (<see cref="StoryDays"/>); null when its stored features predate them.</summary>
    public StoryDays.Marks? Days { get; init; }
    /// <summary>Its best first-stage probabilities with other articles (as of the last scoring).</summary>
    public TopScores Top { get; set; } = new();
}
