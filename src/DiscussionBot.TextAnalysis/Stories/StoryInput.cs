namespace DiscussionBot.TextAnalysis;

/// <summary>An article to cluster; <paramref name="Meaning"/> is the normalized mean meaning vector of its title and lead
/// (<see cref="Semantics.VectorMath.StoryMeaning"/>) when its vectors are stored, else null;
/// <paramref name="Terms"/> are its term features when they were computed before (at import), else they are computed from the text;
/// <paramref name="Sentences"/> are its title and lead vectors one by one (<see cref="StorySentences.From"/>) when stored.</summary>
public sealed record StoryInput(string Id, string? Title, string Text, string? Source = null, DateTimeOffset? Published = null, float[]? Meaning = null, StoryTerms? Terms = null,
    StorySentences? Sentences = null);
