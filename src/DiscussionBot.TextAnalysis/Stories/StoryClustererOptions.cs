namespace DiscussionBot.TextAnalysis;

/// <summary>Knobs of <see cref="StoryClusterer"/>; defaults tuned on allsides-train.</summary>
public sealed record StoryClustererOptions
{
    /// <summary>Mean same-story probability (over a story's articles, unmatched ones counting 0) needed to join or merge.</summary>
    public double Threshold { get; init; } = 0.2;

    /// <summary>Mean same-story probability (over a story's articles) that an article with meaning vectors the linkage left
    /// alone needs to join its best story of two or more (<see cref="LoneAttachment"/>); 0 = no such pass. 0.18 chosen by
    /// cross-validation on allsides-train, scaled as the meaning model's probabilities are (<c>StoryGraph.MeaningScale</c>).</summary>
    public double AttachThreshold { get; init; } = 0.144;

    /// <summary>Combined cosine below which two articles are never the same story, however near they rank.</summary>
    public double MinSimilarity { get; init; } = 0.06;

    /// <summary>How many times a title word counts, relative to a body word.</summary>
    public double TitleWeight { get; init; } = 2.0;

    /// <summary>Weight of adjacent content-word pairs ("police station", "executive order"): more specific than single words.</summary>
    public double BigramWeight { get; init; } = 0.5;

    /// <summary>How many times a word of the first sentence counts: news states the event up front.</summary>
    public double LeadWeight { get; init; } = 1.5;

    /// <summary>Extra weight of a multi-word name as one feature, on top of its words.</summary>
    public double EntityWeight { get; init; } = 1.5;

    /// <summary>
    /// Factor on the same-story probability of two different articles from the same named source:
    /// one event across sources rarely needs two articles of one outlet (1 = no preference).
    /// </summary>
    public double SameSourceFactor { get; init; } = 0.5;

    /// <summary>Incremental: how many of the most recent articles are re-clustered together now and then.</summary>
    public int Window { get; init; } = 2000;

    /// <summary>Incremental: re-cluster the recent window after this many arrivals (0 = never; <see cref="StoryClusterer.Refresh"/> still works).</summary>
    public int RefreshEvery { get; init; } = 32;

    /// <summary>Batches larger than this fall back to the one-pass incremental clusterer.</summary>
    public int MaxBatch { get; init; } = 10_000;

    /// <summary>Articles this far apart in publication time are unlikely to be the same event.</summary>
    public TimeSpan TimeScale { get; init; } = TimeSpan.FromDays(4);
}
