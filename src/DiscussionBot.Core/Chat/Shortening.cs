namespace DiscussionBot.Core.Chat;

/// <summary>The one way the bot cuts a text to a platform or layout limit: the last character kept becomes "…".</summary>
public static class Shortening
{
    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
