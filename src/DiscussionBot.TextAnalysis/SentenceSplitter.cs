namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Rule-based sentence splitter for news-like prose. It errs on the side of not splitting:
/// a missed boundary costs a summary a little length, a false one quotes half a sentence.
/// </summary>
public static class SentenceSplitter
{
    /// <summary>Sentences longer than this with no boundary (text without punctuation) are cut at a space.</summary>
    public const int MaxSentenceChars = 400;

    // Abbreviations that essentially never end a sentence (a name or number follows them).
    static readonly HashSet<string> TitleAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "st", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt",
        "cpl", "pvt", "maj", "adm", "cmdr", "rev", "hon", "pres", "supt", "insp", "det", "mt", "ft", "messrs",
        "no", "nos", "vol", "vols", "pp", "fig", "figs", "art", "sec", "ch", "cf", "vs", "v", "approx", "ca",
        "dept", "univ", "assn", "bros", "ave", "blvd", "rd", "hwy", "op", "ed", "eds", "est", "al", "i.e", "e.g",
        "viz", "mssrs", "gens", "reps", "sens", "govs", "atty", "sup", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
        "sat", "sun", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
        "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
        "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "no", "tel", "ext", "min", "max",
    };

    // Abbreviations that often end a sentence too; they end one only when a typical sentence opener follows.
    static readonly HashSet<string> TerminalAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "etc", "inc", "ltd", "co", "corp", "jr", "plc", "llc", "bros", "am", "pm", "a.m", "p.m",
    };

    /// <summary>Splits text into sentences; never throws, whatever the input.</summary>
    public static IReadOnlyList<Sentence> Split(string? text)
    {
        var result = new List<Sentence>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        var start = 0;
        var i = 0;
        var n = text.Length;
        while (i < n)
        {
            var c = text[i];
            if (c == '\n' || c == '\r')
            {
                var lineEnd = i;
                var newlines = 0;
                var j = i;
                while (j < n && char.IsWhiteSpace(text[j]))
                {
                    if (text[j] == '\n')
                    {
                        newlines++;
                    }
                    j++;
                }
                if (newlines == 0)
                {
                    newlines = 1; // a lone '\r'
                }
                if (newlines >= 2 || j >= n || IsLineBreakBoundary(text, start, lineEnd, j))
                {
                    Add(text, start, lineEnd, result);
                    start = j;
                }
                i = j;
                continue;
            }

            if (c is '.' or '!' or '?' or '…' or '。' or '！' or '？')
            {
                var boundaryEnd = TryBoundary(text, start, i);
                if (boundaryEnd > 0)
                {
                    Add(text, start, boundaryEnd, result);
                    start = boundaryEnd;
                    i = boundaryEnd;
                    continue;
                }
            }

            i++;
        }
        Add(text, start, n, result);
        return result;
    }

    /// <summary>Returns the end (exclusive) of the sentence if the terminator at <paramref name="i"/> closes one, else 0.</summary>
    static int TryBoundary(string text, int sentenceStart, int i)
    {
        var n = text.Length;
        var c = text[i];
        var j = i + 1;
        // Runs of terminators: "?!", "...", "!!!".
        while (j < n && text[j] is '.' or '!' or '?' or '…')
        {
            j++;
        }
        var isEllipsis = c == '…' || (c == '.' && j - i >= 2);
        // Closing quotes and brackets belong to the sentence they close.
        while (j < n && IsCloser(text[j]))
        {
            j++;
        }
        var end = j;
        if (j >= n)
        {
            return 0; // the final flush adds it
        }
        if (!char.IsWhiteSpace(text[j]))
        {
            return 0; // 3.5, example.com, U.S.-led, "Yahoo!'s"
        }
        while (j < n && text[j] is ' ' or '\t' or '\u00a0')
        {
            j++;
        }
        if (j >= n || text[j] is '\n' or '\r')
        {
            return end;
        }

        var next = text[j];
        var k = j;
        while (k < n && IsOpener(text[k]))
        {
            k++;
        }
        var nextLetter = k < n ? text[k] : next;
        if (char.IsLower(nextLetter))
        {
            return 0; // "e.g. apples", "wait... what", "Yahoo! said"
        }
        if (!(char.IsUpper(nextLetter) || char.IsDigit(nextLetter) || IsOpener(next) || IsBullet(next) || char.IsLetter(nextLetter)))
        {
            return 0;
        }

        if (c != '.' || isEllipsis)
        {
            return end;
        }

        var word = WordBefore(text, sentenceStart, i);
        if (word.Length == 0)
        {
            return end;
        }
        var nextWord = WordAt(text, k);
        var lowerWord = word.ToLowerInvariant();
        if (TitleAbbreviations.Contains(lowerWord))
        {
            // "Jan. 5" never ends; "in Jan. The" might, but rarely enough to keep it whole.
            return 0;
        }
        if (TerminalAbbreviations.Contains(lowerWord))
        {
            return IsSentenceOpener(nextWord) ? end : 0;
        }
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            // An initial ("J. K. Rowling") unless a typical opener follows ("... Plan B. The").
            return IsSentenceOpener(nextWord) ? end : 0;
        }
        if (word.Contains('.'))
        {
            // Dotted acronym: "U.S." ends a sentence only before an obvious opener.
            return IsSentenceOpener(nextWord) ? end : 0;
        }
        return end;
    }

    static bool IsLineBreakBoundary(string text, int sentenceStart, int lineEnd, int nextLineStart)
    {
        // A single line break ends a sentence unless it looks like hard-wrapped prose:
        // the next line starts lower-case and the current line ran long without a terminator.
        if (nextLineStart >= text.Length)
        {
            return true;
        }
        var next = text[nextLineStart];
        if (IsBullet(next) || char.IsDigit(next))
        {
            return true;
        }
        var lineStart = text.LastIndexOf('\n', Math.Max(0, lineEnd - 1));
        lineStart = lineStart < sentenceStart ? sentenceStart : lineStart + 1;
        var lineLength = lineEnd - lineStart;
        var line = text.AsSpan(lineStart, Math.Max(0, lineEnd - lineStart)).TrimStart();
        if (line.Length > 0 && IsBullet(line[0]))
        {
            return true;
        }
        if (char.IsLower(next) && lineLength >= 40)
        {
            return false;
        }
        return true;
    }

    static void Add(string text, int start, int end, List<Sentence> result)
    {
        while (start < end && (char.IsWhiteSpace(text[start]) || char.IsControl(text[start])))
        {
            start++;
        }
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || char.IsControl(text[end - 1])))
        {
            end--;
        }
        if (end <= start)
        {
            return;
        }

        // Text without punctuation still needs pieces a summary can pick: cut over-long runs at a space,
        // preferring a clause break.
        while (end - start > MaxSentenceChars)
        {
            var cut = FindCut(text, start, start + MaxSentenceChars);
            result.Add(new Sentence(text[start..cut].TrimEnd(), start, result.Count));
            start = cut;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }
        if (end > start)
        {
            result.Add(new Sentence(text[start..end], start, result.Count));
        }
    }

    static int FindCut(string text, int start, int limit)
    {
        var floor = start + MaxSentenceChars / 2;
        for (var i = limit; i > floor; i--)
        {
            if (text[i - 1] is ';' or ',' or ':' && char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }
        for (var i = limit; i > floor; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }
        return limit; // no space at all (binary junk): hard cut
    }

    static string WordBefore(string text, int sentenceStart, int dot)
    {
        var b = dot;
        while (b > sentenceStart && (char.IsLetterOrDigit(text[b - 1]) || text[b - 1] == '.'))
        {
            b--;
        }
        return text[b..dot];
    }

    static string WordAt(string text, int k)
    {
        var e = k;
        while (e < text.Length && char.IsLetter(text[e]))
        {
            e++;
        }
        return text[k..e];
    }

    static readonly HashSet<string> Openers = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those",
        "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "If", "When", "While", "After", "Before",
        "There", "Here", "His", "Her", "Its", "Their", "Our", "My", "Some", "Many", "Most", "All", "No",
        "Not", "As", "However", "Meanwhile", "Still", "Also", "Then", "Now", "What", "Why", "How", "Who",
        "Where", "One", "Two", "Both", "Each", "Such", "Since", "Although", "Though", "Last", "Next",
    };

    static bool IsSentenceOpener(string word) => Openers.Contains(word);

    static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '›' or '」';

    static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '«' or '‹' or '「';

    static bool IsBullet(char c) => c is '-' or '*' or '•' or '–' or '—' or '·' or '▪' or '‣' or '◦';
}
