namespace DiscussionBot.TextAnalysis;

/// <summary>How long a summary should be: a number of sentences, or a share of the article's sentences.</summary>
public sealed record SummaryLength
{
    SummaryLength(int? count, double? fraction, int minimum)
    {
        Count = count;
        Fraction = fraction;
        Minimum = minimum;
    }

    public int? Count { get; }
    public double? Fraction { get; }
    public int Minimum { get; }

    public static SummaryLength Sentences(int count) => new(Math.Max(1, count), null, 1);

    /// <summary>A share of the sentences, e.g. 0.4 for 40% (at least <paramref name="minimum"/>).</summary>
    public static SummaryLength Ratio(double fraction, int minimum = 1) =>
        new(null, double.IsFinite(fraction) ? Math.Clamp(fraction, 0.0, 1.0) : 0.3, Math.Max(1, minimum));

    /// <summary>The "short" form of /summary: three sentences.</summary>
    public static SummaryLength Short { get; } = Sentences(3);

    /// <summary>The "long" form of /summary: a third of the article, at least five sentences.</summary>
    public static SummaryLength Long { get; } = Ratio(0.33, 5);

    /// <summary>How many sentences to pick out of <paramref name="total"/>.</summary>
    public int Resolve(int total)
    {
        if (total <= 0)
        {
            return 0;
        }
        var wanted = Count ?? (int)Math.Round(Fraction!.Value * total, MidpointRounding.AwayFromZero);
        return Math.Clamp(Math.Max(wanted, Minimum), 1, total);
    }
}

/// <summary>
/// An extractive summary: the chosen sentences verbatim, in article order, with their indices in the
/// article's sentence list, the language guess, and a note for the reader when the result is rough.
/// </summary>
public sealed record Summary(
    IReadOnlyList<Sentence> Sentences,
    LanguageGuess Language,
    string? Note,
    int TotalSentences)
{
    public IReadOnlyList<int> Indices => Sentences.Select(s => s.Index).ToArray();

    public string Text => string.Join(" ", Sentences.Select(s => s.Text));

    public static Summary Empty(string? note) => new([], new LanguageGuess("und", 0), note, 0);
}
