using System.Globalization;
using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Library;

/// <summary>Assigns articles to topics by the topics' keywords: plain words and phrases, matched
/// case-insensitively on word boundaries (never a user-supplied regex).</summary>
public static class TopicMatcher
{
    public static bool Matches(Topic topic, string title, string text)
    {
        foreach (var keyword in topic.Keywords)
        {
            if (ContainsPhrase(title, keyword) || ContainsPhrase(text, keyword))
            {
                return true;
            }
        }
        return false;
    }

    public static bool ContainsPhrase(string haystack, string phrase)
    {
        if (phrase.Length == 0)
        {
            return false;
        }
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        var start = 0;
        while (start <= haystack.Length - phrase.Length)
        {
            var at = compare.IndexOf(haystack, phrase, start, CompareOptions.IgnoreCase);
            if (at < 0)
            {
                return false;
            }
            var beforeOk = at == 0 || !char.IsLetterOrDigit(haystack[at - 1]);
            var afterIndex = at + phrase.Length;
            var afterOk = afterIndex >= haystack.Length || !char.IsLetterOrDigit(haystack[afterIndex]);
            if (beforeOk && afterOk)
            {
                return true;
            }
            start = at + 1;
        }
        return false;
    }
}
