namespace DiscussionBot.TextAnalysis;

/// <summary>A word as it appears in the text (<see cref="Text"/>) and lower-cased (<see cref="Normalized"/>).</summary>
public readonly record struct Token(string Text, string Normalized, int Start)
{
    public bool IsCapitalized => Text.Length > 0 && char.IsUpper(Text[0]);
}

/// <summary>
/// Word tokens: runs of letters and digits, keeping inner apostrophes ("don't") and dropping the
/// possessive "'s" so "Moscow's" and "Moscow" count as one term. Hyphenated words split.
/// </summary>
public static class Tokenizer
{
    /// <summary>Lower-cased word tokens.</summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var list = new List<string>();
        foreach (var t in Tokens(text))
        {
            list.Add(t.Normalized);
        }
        return list;
    }

    /// <summary>Word tokens with their original casing and offsets.</summary>
    public static IReadOnlyList<Token> Tokens(string? text)
    {
        var list = new List<Token>();
        if (string.IsNullOrEmpty(text))
        {
            return list;
        }
        var i = 0;
        while (NextWord(text, ref i, out var start, out var length))
        {
            var word = text.Substring(start, length);
            list.Add(new Token(word, Normalize(word), start));
        }
        return list;
    }

    /// <summary>
    /// Finds the next word at or after <paramref name="i"/> without allocating; the hot loops of the
    /// summarizer use it with span lookups. Same rules as <see cref="Tokens"/>.
    /// </summary>
    internal static bool NextWord(string text, ref int i, out int start, out int length)
    {
        var n = text.Length;
        while (i < n)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            start = i;
            while (i < n)
            {
                if (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.NonSpacingMark)
                {
                    i++;
                }
                else if (IsApostrophe(text[i]) && i + 1 < n && char.IsLetter(text[i + 1]) && i > start)
                {
                    i++;
                }
                else
                {
                    break;
                }
            }
            var end = i;
            // Possessive: "Moscow's" -> "Moscow"; "its" untouched.
            if (end - start > 2 && IsApostrophe(text[end - 2]) && (text[end - 1] is 's' or 'S'))
            {
                end -= 2;
            }
            if (end - start > MaxWordLength)
            {
                continue; // junk (base64, binary): no word is that long
            }
            length = end - start;
            return true;
        }
        start = length = 0;
        return false;
    }

    internal const int MaxWordLength = 64;

    /// <summary>Lower-cases a word into <paramref name="buffer"/> (at least <see cref="MaxWordLength"/> long) the way <see cref="Token.Normalized"/> is.</summary>
    internal static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var written = word.ToLowerInvariant(buffer);
        var lower = buffer[..written];
        lower.Replace('’', '\'');
        return lower;
    }

    static bool IsApostrophe(char c) => c is '\'' or '’';

    static string Normalize(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower.Contains('’') ? lower.Replace('’', '\'') : lower;
    }
}
