namespace DiscussionBot.Core.Library;

/// <summary>Search terms of a text: lower-case letter/digit runs of two or more characters.</summary>
public static class TextTerms
{
    public static IEnumerable<string> Terms(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                if (i - start >= 2)
                {
                    yield return text[start..i].ToLowerInvariant();
                }
                start = -1;
            }
        }
    }
}
