using Lucene.Net.Tartarus.Snowball.Ext;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// English stemming with Lucene.Net's Snowball English (Porter2) stemmer. Snowball stemmer objects
/// keep their state in fields, so each thread gets its own, with a small cache in front because
/// news text repeats its words and stemming is the hottest step of summarizing.
/// </summary>
public static class Stemmer
{
    const int CacheLimit = 50_000;

    [ThreadStatic] static EnglishStemmer? english;
    [ThreadStatic] static PorterStemmer? porter;
    [ThreadStatic] static Dictionary<string, string>? cache;

    /// <summary>The Porter2 stem of a lower-cased word.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 3)
        {
            return word;
        }
        var c = cache ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (c.TryGetValue(word, out var stem))
        {
            return stem;
        }
        var s = english ??= new EnglishStemmer();
        s.SetCurrent(word);
        s.Stem();
        stem = s.Current;
        if (c.Count >= CacheLimit)
        {
            c.Clear();
        }
        c[word] = stem;
        return stem;
    }

    /// <summary>The Porter2 stem of a lower-cased word given as a span; allocates only on a cache miss.</summary>
    internal static string Stem(ReadOnlySpan<char> word)
    {
        var c = cache ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (c.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var stem))
        {
            return stem;
        }
        var text = new string(word);
        stem = Stem(text);
        if (word.Length < 3)
        {
            c[text] = stem; // short words bypass the cache in Stem(string); keep them here too
        }
        return stem;
    }

    /// <summary>
    /// The original Porter (1980) stem, for ROUGE: the reference scorer (rouge-score) stems with
    /// Porter, not Porter2, and figures should be comparable with published ones.
    /// </summary>
    public static string PorterStem(string word)
    {
        var s = porter ??= new PorterStemmer();
        s.SetCurrent(word);
        s.Stem();
        return s.Current;
    }
}
