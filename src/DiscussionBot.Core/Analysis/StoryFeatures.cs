using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>The library's story clustering settings and the per-article features they need, computed once when an
/// article is added (outside the library's lock, so an import computes them on every core) and stored with it.</summary>
public static class StoryFeatures
{
    /// <summary>The clusterer's options (the defaults fitted on allsides-train).</summary>
    public static StoryClustererOptions Options { get; } = new();

    /// <summary>What stored features must have been computed under to be used (see <see cref="StoryTerms.Fingerprint"/>).</summary>
    public static string Fingerprint { get; } = StoryTerms.Fingerprint(Options);

    /// <summary>The story features of one article's title and text.</summary>
    public static StoryTerms Of(string title, string text) => StoryTerms.Of(new StoryInput("", title, text), Options);

    /// <summary>The days <paramref name="title"/> and <paramref name="text"/> name, exactly as <see cref="Of"/> computes
    /// them; none for an article whose text is gone (<see cref="DiscussionBot.Core.Library.LibraryOptions.TextRetentionDays"/>), whose lead can no
    /// longer be read.</summary>
    public static IReadOnlyList<string> DaysOf(string title, string? text) =>
        string.IsNullOrEmpty(text) ? [] : StoryTerms.DaysOf(title, text);
}
