namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Names as capitalized token runs ("Kassym-Jomart Tokayev", "World Health Organization"). A single
/// capitalized word at the start of a sentence is ordinary capitalization, not a name, unless it is
/// capitalized elsewhere too; all-caps shouting is left alone only when short (acronyms).
/// </summary>
public static class Entities
{
    /// <summary>Lower-cased names found in the text, in order, repeats kept.</summary>
    public static IReadOnlyList<string> Extract(string? text)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            var tokens = Tokenizer.Tokens(sentence.Text);
            var i = 0;
            while (i < tokens.Count)
            {
                if (!IsNameWord(tokens[i]))
                {
                    i++;
                    continue;
                }
                var start = i;
                var parts = new List<string>();
                while (i < tokens.Count && (IsNameWord(tokens[i]) || (parts.Count > 0 && IsConnector(tokens, i))))
                {
                    parts.Add(tokens[i].Normalized);
                    i++;
                }
                // Drop connectors left hanging at the end ("Bank of").
                while (parts.Count > 0 && IsConnectorWord(parts[^1]))
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                if (parts.Count == 0)
                {
                    continue;
                }
                if (start == 0 && parts.Count == 1)
                {
                    continue; // "Tensions between ..." - sentence-initial capital, probably not a name
                }
                result.Add(string.Join(' ', parts));
            }
        }
        return result;
    }

    static bool IsNameWord(Token t) =>
        t.IsCapitalized && !Stopwords.IsStopword(t.Normalized) && !char.IsDigit(t.Text[0]) && t.Text.Length > 1;

    static bool IsConnectorWord(string w) => w is "of" or "de" or "the" or "for" or "and" or "al" or "bin" or "von" or "van";

    static bool IsConnector(IReadOnlyList<Token> tokens, int i) =>
        IsConnectorWord(tokens[i].Normalized) && !tokens[i].IsCapitalized && i + 1 < tokens.Count && IsNameWord(tokens[i + 1]);
}
