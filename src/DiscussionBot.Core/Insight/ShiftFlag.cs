namespace DiscussionBot.Core.Insight;

/// <summary>The <c>--poll</c> flag of <c>/viewpoints</c>.</summary>
public static class ShiftFlag
{
    public const string Flag = "--poll";

    /// <summary>The arguments without the flag when it is there (as a word of its own), else null.</summary>
    public static string? Strip(string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!words.Contains(Flag, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        return string.Join(' ', words.Where(w => !string.Equals(w, Flag, StringComparison.OrdinalIgnoreCase)));
    }
}
