using System.Buffers;
using System.Collections.Frozen;

namespace DiscussionBot.TextAnalysis;

/// <summary>A guessed language: ISO 639-1 code ("und" when unknown) and a confidence in [0, 1].</summary>
public sealed record LanguageGuess(string Code, double Confidence)
{
    public bool IsEnglish => Code == "en";
}

/// <summary>
/// Cheap language guess: the script for non-Latin text, and for Latin text which language's
/// frequent function words make up most tokens. A short line (a headline, a chat message) has too
/// few tokens for that share, so there each function word votes (a word several languages use split
/// between them), with a minimum: three words, one vote per twelve, and twice any other language's.
/// Links are no evidence and are skipped. Good enough to say "this summary will be rough"; not
/// meant to tell Danish from Norwegian.
/// </summary>
public static class LanguageDetector
{
    // A few thousand characters settle the language; more only costs time on long articles.
    const int SampleChars = 5_000;

    // Up to this many words the share of function words says too little, and the short-line rule decides.
    const int ShortWords = 24;

    static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    static readonly SearchValues<char> PlainLatin = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'’");

    // English function words that are everyday words of another listed language too (German "also",
    // "will"; French "on"; Dutch "we", "even", "over"): in a short line they count for both.
    static readonly FrozenDictionary<string, string> FalseFriends = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["also"] = "de", ["will"] = "de", ["still"] = "de", ["most"] = "de", ["on"] = "fr", ["me"] = "es", ["once"] = "es",
        ["over"] = "nl", ["we"] = "nl", ["even"] = "nl", ["under"] = "sv", ["via"] = "it",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Everyday English words that are function words of another listed language (German "man", "war",
    // "die"; Swedish "men"; French "son"): in a short line they count for English too.
    static readonly FrozenSet<string> Homographs = FrozenSet.Create(StringComparer.Ordinal,
        "man", "men", "die", "war", "den", "hat", "son", "con", "sin", "come", "van", "dan", "till", "ale", "plus", "par", "bis", "ada");

    // Letters and marks only one listed language writes: each is a short-line vote for it.
    static readonly FrozenDictionary<char, string> SignatureCodes = new Dictionary<char, string>
    {
        ['ñ'] = "es", ['¿'] = "es", ['¡'] = "es", ['ß'] = "de", ['ã'] = "pt", ['õ'] = "pt", ['œ'] = "fr",
        ['ł'] = "pl", ['ą'] = "pl", ['ę'] = "pl", ['ś'] = "pl", ['ź'] = "pl", ['ż'] = "pl", ['ğ'] = "tr", ['ş'] = "tr", ['ı'] = "tr", ['ø'] = "da", ['æ'] = "da",
    }.ToFrozenDictionary();

    // The contraction fragments of the English list ("don't" is one token, a stray "t" is no word).
    static readonly FrozenSet<string> Fragments = FrozenSet.Create(StringComparer.Ordinal, "s", "t", "d", "ll", "m", "re", "ve");

    readonly record struct Language(string Code, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Frequent, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Short);

    // Per language: its frequent words, and the words that count in a short line (for English the whole
    // function-word list, not only the frequent ones: a short line has few words to go on).
    static readonly Language[] Languages = Stopwords.FrequentLists.Select(kv =>
    {
        var shortWords = kv.Key == "en"
            ? Stopwords.English.Except(Fragments).Concat(Homographs).ToFrozenSet(StringComparer.Ordinal)
            : kv.Value.Concat(FalseFriends.Where(f => f.Value == kv.Key).Select(f => f.Key)).ToFrozenSet(StringComparer.Ordinal);
        return new Language(kv.Key, kv.Value.GetAlternateLookup<ReadOnlySpan<char>>(), shortWords.GetAlternateLookup<ReadOnlySpan<char>>());
    }).ToArray();

    static readonly FrozenDictionary<char, int> Signatures = SignatureCodes.ToFrozenDictionary(kv => kv.Key, kv => Array.FindIndex(Languages, l => l.Code == kv.Value));

    public static LanguageGuess Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LanguageGuess("und", 0);
        }
        var sample = WithoutLinks(text.Length > SampleChars ? text[..SampleChars] : text);

        var letters = 0;
        var latin = 0;
        var scripts = new Dictionary<string, int>();
        var shortScore = new double[Languages.Length];
        foreach (var ch in sample)
        {
            if (ch > '\u007F' && Signatures.TryGetValue(char.ToLowerInvariant(ch), out var signed))
            {
                shortScore[signed]++;
            }
            if (!char.IsLetter(ch))
            {
                continue;
            }
            letters++;
            var script = Script(ch);
            if (script is null)
            {
                latin++;
            }
            else
            {
                scripts[script] = scripts.GetValueOrDefault(script) + 1;
            }
        }
        if (letters == 0)
        {
            return new LanguageGuess("und", 0);
        }
        if (scripts.Count > 0)
        {
            var top = scripts.MaxBy(kv => kv.Value);
            if (top.Value > latin)
            {
                var code = top.Key;
                // Kana anywhere in CJK text means Japanese.
                if (code == "zh" && scripts.ContainsKey("ja"))
                {
                    code = "ja";
                }
                return new LanguageGuess(code, Math.Round((double)top.Value / letters, 3));
            }
        }

        var frequent = new double[Languages.Length];
        var tokens = 0;
        var words = 0;
        var marked = 0;
        Span<char> buffer = stackalloc char[Tokenizer.MaxWordLength * 2];
        var position = 0;
        while (Tokenizer.NextWord(sample, ref position, out var start, out var length))
        {
            tokens++;
            var word = sample.AsSpan(start, length);
            if (!word.ContainsAnyExcept(Digits))
            {
                continue; // a number is a token but says nothing of the language
            }
            words++;
            var lower = Tokenizer.Normalize(word, buffer);
            for (var l = 0; l < Languages.Length; l++)
            {
                if (Languages[l].Frequent.Contains(lower))
                {
                    frequent[l]++;
                }
            }
            if (words <= ShortWords)
            {
                marked += ShortVotes(sample, start, word, lower, shortScore);
            }
        }
        if (tokens == 0)
        {
            return new LanguageGuess("und", 0);
        }
        var (best, bestHits, secondHits) = Leader(frequent, againstEnglish: 0);
        // Running prose is 30-50% function words; a margin over the runner-up separates close languages.
        // In a short line two shared words make a high share, so there the leader needs twice the runner-up.
        var ratio = bestHits / tokens;
        if (ratio >= 0.08 && bestHits >= 2 && bestHits > (words <= ShortWords ? 2 * secondHits : secondHits))
        {
            var margin = (bestHits - secondHits) / bestHits;
            var confidence = Math.Clamp(Math.Min(1, ratio / 0.3) * (0.5 + 0.5 * margin), 0, 1);
            return new LanguageGuess(best, Math.Round(confidence, 3));
        }
        return words <= ShortWords ? ShortLine(shortScore, words, marked) : new LanguageGuess("und", Math.Round(ratio, 3));
    }

    /// <summary>
    /// One word's votes for a short line, added to <paramref name="scores"/>; returns 1 when the word has a letter English
    /// does not write (é, ß, ñ, ł). Only the first <see cref="ShortWords"/> words are counted: past them the line is prose.
    /// </summary>
    static int ShortVotes(string sample, int start, ReadOnlySpan<char> word, ReadOnlySpan<char> lower, double[] scores)
    {
        // Other languages write their function words in lower case inside a sentence: a capital there is a name
        // ("Las Vegas", "De Beers"), or an English headline in title case.
        var nameLike = char.IsUpper(word[0]) && !SentenceStart(sample, start);
        Span<bool> matched = stackalloc bool[Languages.Length];
        var shared = 0;
        for (var l = 0; l < Languages.Length; l++)
        {
            matched[l] = (!nameLike || Languages[l].Code == "en") && Languages[l].Short.Contains(lower);
            shared += matched[l] ? 1 : 0;
        }
        // A word several languages use is split between them: "to" is English and Polish, "in" four languages'.
        for (var l = 0; l < Languages.Length && shared > 0; l++)
        {
            scores[l] += matched[l] ? 1.0 / shared : 0;
        }
        return word.ContainsAnyExcept(PlainLatin) ? 1 : 0;
    }

    /// <summary>
    /// A short line: the language with the most function-word votes, given at least three words, one
    /// vote per twelve words, and more than twice the runner-up's votes. Against
    /// English a word with a letter English does not write counts as the runner-up's, so a French line
    /// with one English word in it is not called English.
    /// </summary>
    static LanguageGuess ShortLine(double[] scores, int words, int marked)
    {
        if (words < 3)
        {
            return new LanguageGuess("und", 0);
        }
        var (best, bestHits, secondHits) = Leader(scores, againstEnglish: marked);
        if (bestHits < 1 || bestHits * 12 < words || bestHits <= 2 * secondHits)
        {
            return new LanguageGuess("und", 0);
        }
        // Never as sure as a paragraph: at most 0.5, less with a close runner-up.
        var confidence = Math.Min(0.5, 0.2 + 0.1 * bestHits) * (bestHits - secondHits) / bestHits;
        return new LanguageGuess(best, Math.Round(confidence, 3));
    }

    static (string Code, double Hits, double Second) Leader(double[] hits, int againstEnglish)
    {
        var best = "und";
        double bestHits = 0, secondHits = 0;
        for (var l = 0; l < Languages.Length; l++)
        {
            if (hits[l] > bestHits)
            {
                secondHits = bestHits;
                bestHits = hits[l];
                best = Languages[l].Code;
            }
            else if (hits[l] > secondHits)
            {
                secondHits = hits[l];
            }
        }
        return best == "en" ? (best, bestHits, Math.Max(secondHits, againstEnglish)) : (best, bestHits, secondHits);
    }

    /// <summary>Whether the word at <paramref name="start"/> opens the text or a sentence (quotes and brackets aside).</summary>
    static bool SentenceStart(string text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '«' or '“' or '‘' or '(' or '[' or '¿' or '¡' or '-' or '—')
            {
                continue;
            }
            return c is '.' or '!' or '?' or ':' or ';' or '…';
        }
        return true;
    }

    /// <summary>The text with every link (http://, https://, www.) blanked: a link's path is not prose.</summary>
    static string WithoutLinks(string text)
    {
        if (!text.Contains("http", StringComparison.OrdinalIgnoreCase) && !text.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var rest = text.AsSpan(i);
            var atWordStart = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '<' or '"' or '\'' or '[';
            if (atWordStart && (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase)))
            {
                while (i < chars.Length && !char.IsWhiteSpace(chars[i]))
                {
                    chars[i++] = ' ';
                }
            }
        }
        return new string(chars);
    }

    static string? Script(char c) => c switch
    {
        >= '\u0400' and <= '\u04FF' => "ru",
        >= '\u0370' and <= '\u03FF' => "el",
        >= '\u0590' and <= '\u05FF' => "he",
        >= '\u0600' and <= '\u06FF' => "ar",
        >= '\u0900' and <= '\u097F' => "hi",
        >= '\u0E00' and <= '\u0E7F' => "th",
        >= '\u3040' and <= '\u30FF' => "ja",
        >= '\u4E00' and <= '\u9FFF' => "zh",
        >= '\uAC00' and <= '\uD7AF' => "ko",
        >= '\u10A0' and <= '\u10FF' => "ka",
        >= '\u0530' and <= '\u058F' => "hy",
        _ => null,
    };
}
