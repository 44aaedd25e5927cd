using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis;

/// <summary>One source's article on a story, with the stance label a moderator gave the source (free text), and the
/// stored meaning vectors of its sentences when they have been computed (null: this article is analysed lexically).</summary>
public sealed record SourceText(string SourceName, string? StanceLabel, string ArticleId, string? Title, string Text, SentenceVectors? Vectors = null);

/// <summary>A sentence of one source's article.</summary>
public sealed record SourceSentence(string SourceName, string ArticleId, Sentence Sentence)
{
    public string Text => Sentence.Text;
}

/// <summary>A source's distinctive take: a few of its own sentences, in article order.</summary>
public sealed record SourceTake(string SourceName, string? StanceLabel, string ArticleId, IReadOnlyList<Sentence> Sentences);

/// <summary>A point several sources make: one sentence per source, the first being the most representative.</summary>
public sealed record SharedPoint(string Text, IReadOnlyList<string> Sources, IReadOnlyList<SourceSentence> Sentences, double Score);

/// <summary>Two sentences from different sources on the same subject that claim or frame it in opposed ways.</summary>
public sealed record Clash(string Subject, SourceSentence First, SourceSentence Second, double Score, string Reason);

/// <summary>Everything /viewpoints shows for one story.</summary>
public sealed record ViewpointReport(
    IReadOnlyList<SourceTake> Takes,
    IReadOnlyList<SharedPoint> Shared,
    IReadOnlyList<Clash> Clashes,
    IReadOnlyList<SourceText> Sources,
    string? Note)
{
    /// <summary>True when the stance model compared sentences by meaning (their vectors were stored).</summary>
    public bool ByMeaning { get; init; }

    /// <summary>Points several sources make, as the stance model aligned them, with each source's stance
    /// (only when compared by meaning; claims are built from these).</summary>
    public IReadOnlyList<AlignedPoint> Points { get; init; } = [];
}

/// <summary>One point: the sentences of several sources that make it, and the sentences that take the opposite position.</summary>
public sealed record AlignedPoint(SourceSentence Origin, IReadOnlyList<SourceSentence> Asserting, IReadOnlyList<SourceSentence> Disputing, double Score, string Subject);

/// <summary>Knobs of <see cref="ViewpointAnalyzer"/>.</summary>
public sealed record ViewpointOptions
{
    /// <summary>Sentences per source in its take; every source gets the same number.</summary>
    public int SentencesPerSource { get; init; } = 3;

    /// <summary>Cosine similarity above which two sources' sentences make the same point.</summary>
    public double SharedThreshold { get; init; } = 0.3;

    public int MaxShared { get; init; } = 5;

    public int MaxClashes { get; init; } = 8;

    /// <summary>Sentences read per source (cost is quadratic across sources).</summary>
    public int MaxSentencesPerSource { get; init; } = 300;

    /// <summary>The stance model for comparisons by meaning (null: the shipped one).</summary>
    public StanceModel? Stance { get; init; }
}
