namespace DiscussionBot.TextAnalysis;

/// <summary>
/// The term features of one article as the story clusterer weighs them, by name and independent of any vocabulary or
/// document frequency: computed once per article (at import, where they can be stored) and turned into weighted
/// vectors by <see cref="StoryVocabulary"/> under the library's current document frequencies.
/// </summary>
/// <param name="All">The combined features, sorted by name: content stems of title, lead and body (title and lead weighted up),
/// adjacent stem pairs, and multi-word names ("@name").</param>
/// <param name="Title">Content stems of the title, in order ("t|" + stem).</param>
/// <param name="Body">Content stems of the body, in order ("b|" + stem).</param>
/// <param name="Names">Multi-word names of title and body ("n|" + name).</param>
/// <param name="Days">The days title and lead name (<see cref="StoryDays.Of"/>); null for features stored before they were
/// kept (the library adds them with <see cref="DaysOf"/> when it reads such features; until then they say nothing of the day).</param>
public sealed record StoryTerms(
    IReadOnlyList<KeyValuePair<string, double>> All,
    IReadOnlyList<string> Title,
    IReadOnlyList<string> Body,
    IReadOnlyList<string> Names,
    IReadOnlyList<string>? Days = null)
{
    /// <summary>Only this much of a body counts: the event is told long before.</summary>
    public const int MaxBody = 20_000;

    /// <summary>Bump when <see cref="Of"/> computes other features from the same text (stemming, names, lead):
    /// stored features of an older version are then recomputed.</summary>
    public const int Version = 1;

    /// <summary>What the features of a text depend on besides the text: this version and the weights of
    /// <paramref name="options"/> that go into them. Stored features carry it, so a change recomputes them.</summary>
    public static string Fingerprint(StoryClustererOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"v{Version};t{options.TitleWeight:R};b{options.BigramWeight:R};l{options.LeadWeight:R};e{options.EntityWeight:R};m{MaxBody}");
    }

    /// <summary>The features of <paramref name="article"/> under <paramref name="options"/>' weights.</summary>
    public static StoryTerms Of(StoryInput article, StoryClustererOptions options)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(options);
        var body = article.Text.Length > MaxBody ? article.Text[..MaxBody] : article.Text;
        return new StoryTerms(
            [.. Combined(article.Title, body, options)],
            [.. Terms.ContentStems(article.Title ?? "").Select(x => "t|" + x)],
            [.. Terms.ContentStems(body).Select(x => "b|" + x)],
            [.. Entities.Extract((article.Title ?? "") + ". " + body).Where(e => e.Contains(' ')).Select(x => "n|" + x)],
            DaysOf(article.Title, body));
    }

    /// <summary>The <see cref="Days"/> of an article's title and text as <see cref="Of"/> computes them (for features
    /// stored before day names were kept, which get them without recomputing the rest).</summary>
    public static IReadOnlyList<string> DaysOf(string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return StoryDays.Of(title, text.Length > MaxBody ? text[..MaxBody] : text);
    }

    static SortedDictionary<string, double> Combined(string? title, string body, StoryClustererOptions options)
    {
        var features = new SortedDictionary<string, double>(StringComparer.Ordinal);
        void AddTerms(string? text, double weight)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }
            string? previous = null;
            foreach (var stem in Terms.ContentStems(text))
            {
                features[stem] = features.GetValueOrDefault(stem) + weight;
                if (previous is not null && options.BigramWeight > 0)
                {
                    var key = previous + "_" + stem;
                    features[key] = features.GetValueOrDefault(key) + weight * options.BigramWeight;
                }
                previous = stem;
            }
            foreach (var name in Entities.Extract(text))
            {
                if (name.Contains(' '))
                {
                    var key = "@" + name;
                    features[key] = features.GetValueOrDefault(key) + weight * options.EntityWeight;
                }
            }
        }
        AddTerms(title, options.TitleWeight);
        var first = SentenceSplitter.Split(body.Length > 2000 ? body[..2000] : body).FirstOrDefault();
        if (first is not null && options.LeadWeight > 1)
        {
            AddTerms(first.Text, options.LeadWeight - 1);
        }
        AddTerms(body, 1.0);
        return features;
    }
}
