namespace DiscussionBot.Discord.Rest;

/// <summary>Ids and tokens that go into a request path; refusing anything else keeps a stray '/' or '?' from changing the route.</summary>
internal static class RestPath
{
    public static string Id(string id) => id.Length > 0 && id.All(char.IsAsciiDigit)
        ? id
        : throw new ArgumentException($"'{id}' is not a Discord snowflake.", nameof(id));

    public static string Token(string token) => token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        ? token
        : throw new ArgumentException("The interaction token has unexpected characters.", nameof(token));
}
