namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// Turns sentences into meaning vectors: texts that say the same thing in other words come out close
/// (cosine near 1), unrelated ones near 0. Implementations load their model once, lazily, on the first
/// call; they are thread-safe. TextAnalysis only sees this port: the model and its runtime live in an
/// encoder project of their own.
/// </summary>
public interface ISentenceEncoder
{
    /// <summary>The model's name, stored beside every vector so vectors of another model are never mixed in.</summary>
    string Model { get; }

    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Loads the model if that has not been tried yet. False (and <see cref="Problem"/> says why, once)
    /// when it cannot load; callers then analyse lexically.</summary>
    bool TryLoad();

    /// <summary>Why the model is unavailable, or null while it is available or not yet tried.</summary>
    string? Problem { get; }

    /// <summary>One L2-normalized vector per text, in order (an empty text gives a valid vector too). Texts longer
    /// than the model reads are truncated. Throws <see cref="InvalidOperationException"/> when the model is unavailable
    /// (call <see cref="TryLoad"/> first).</summary>
    float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
