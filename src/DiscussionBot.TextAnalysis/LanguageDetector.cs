namespace DiscussionBot.TextAnalysis;

/// <summary>A guessed language: ISO 639-1 code ("und" when unknown) and a confidence in [0, 1].</summary>
public sealed record LanguageGuess(string Code, double Confidence)
{
    public bool IsEnglish => Code == "en";
}

/// <summary>
/// Cheap language guess: the script for non-Latin text, and for Latin text which language's
/// frequent function words make up most tokens. Good enough to say "this summary will be rough";
/// not meant to tell Danish from Norwegian.
/// </summary>
public static class LanguageDetector
{
    // A few thousand characters settle the language; more only costs time on long articles.
    const int SampleChars = 5_000;

    public static LanguageGuess Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new LanguageGuess("und", 0);
        }
        var sample = text.Length > SampleChars ? text[..SampleChars] : text;

        var letters = 0;
        var latin = 0;
        var scripts = new Dictionary<string, int>();
        foreach (var ch in sample)
        {
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

        var lists = Stopwords.FrequentLists.Select(kv => (Code: kv.Key, Words: kv.Value.GetAlternateLookup<ReadOnlySpan<char>>())).ToArray();
        var hitsPerLanguage = new int[lists.Length];
        var tokenCount = 0;
        Span<char> buffer = stackalloc char[Tokenizer.MaxWordLength * 2];
        var position = 0;
        while (Tokenizer.NextWord(sample, ref position, out var start, out var length))
        {
            tokenCount++;
            var lower = Tokenizer.Normalize(sample.AsSpan(start, length), buffer);
            for (var l = 0; l < lists.Length; l++)
            {
                if (lists[l].Words.Contains(lower))
                {
                    hitsPerLanguage[l]++;
                }
            }
        }
        if (tokenCount == 0)
        {
            return new LanguageGuess("und", 0);
        }
        string best = "und";
        double bestHits = 0, secondHits = 0;
        for (var l = 0; l < lists.Length; l++)
        {
            var hits = hitsPerLanguage[l];
            if (hits > bestHits)
            {
                secondHits = bestHits;
                bestHits = hits;
                best = lists[l].Code;
            }
            else if (hits > secondHits)
            {
                secondHits = hits;
            }
        }
        // Running prose is 30-50% function words; a margin over the runner-up separates close languages.
        var ratio = bestHits / tokenCount;
        if (ratio < 0.08 || bestHits < 2)
        {
            return new LanguageGuess("und", Math.Round(ratio, 3));
        }
        var margin = (bestHits - secondHits) / bestHits;
        var confidence = Math.Clamp(Math.Min(1, ratio / 0.3) * (0.5 + 0.5 * margin), 0, 1);
        return new LanguageGuess(best, Math.Round(confidence, 3));
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
