using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Storage;

/// <summary>What reading an article's stored story features gave: the features, or why there were none to use
/// (<see cref="Problem"/> is null when no row was stored at all).</summary>
public sealed record StoredTermsRead(StoryTerms? Terms, string? Problem = null)
{
    public static readonly StoredTermsRead Missing = new(Terms: null);
}

/// <summary>
/// The story clusterer's term features of each article (<see cref="StoryTerms"/>), computed once when the article is
/// added and stored compactly beside it, so a restart or a later import reads them instead of stemming every text of
/// the window again. A row is used only for the text it was computed from and under the same weights
/// (<paramref name="fingerprint"/> of <see cref="StoryTerms.Fingerprint"/>); otherwise, or when it cannot be read
/// back intact, the caller recomputes the features from the text and saves them again.
/// </summary>
public interface IArticleTermsStore
{
    StoredTermsRead Get(int articleId, string contentHash, string fingerprint);

    void Save(int articleId, string contentHash, string fingerprint, StoryTerms terms);

    /// <summary>The stored form of <paramref name="terms"/>: pure and thread-safe, so an import packs them on every core.</summary>
    byte[] Pack(StoryTerms terms);

    /// <summary>Saves features packed by <see cref="Pack"/>.</summary>
    void SavePacked(int articleId, string contentHash, string fingerprint, byte[] packed);
}
