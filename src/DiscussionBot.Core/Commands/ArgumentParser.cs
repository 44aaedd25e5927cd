using System.Text;

namespace DiscussionBot.Core.Commands;

public static class ArgumentParser
{
    /// <summary>Splits arguments at white space; double quotes (straight or typographic) group words.
    /// An unclosed quote runs to the end.</summary>
    public static IReadOnlyList<string> Split(string arguments)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        var hadQuotes = false;
        foreach (var c in arguments)
        {
            if (c is '"' or '“' or '”')
            {
                inQuotes = !inQuotes;
                hadQuotes = true;
                continue;
            }
            if (!inQuotes && char.IsWhiteSpace(c))
            {
                if (current.Length > 0 || hadQuotes)
                {
                    result.Add(current.ToString());
                    current.Clear();
                    hadQuotes = false;
                }
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0 || hadQuotes)
        {
            result.Add(current.ToString());
        }
        return result;
    }

    /// <summary>Splits <c>/name@bot args</c> into the command name (lower case, without the bot suffix) and the rest.
    /// Returns false when the text is not a command.</summary>
    public static bool TryParseCommand(string text, out string name, out string arguments, out string? botName)
    {
        name = "";
        arguments = "";
        botName = null;
        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/' || !char.IsLetter(trimmed[1]))
        {
            return false;
        }
        var end = 1;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }
        var head = trimmed[1..end];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            botName = head[(at + 1)..];
            head = head[..at];
        }
        name = head.ToLowerInvariant();
        arguments = trimmed[end..].Trim();
        return name.Length > 0;
    }
}
