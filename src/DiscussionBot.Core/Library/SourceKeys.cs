namespace DiscussionBot.Core.Library;

public static class SourceKeys
{
    /// <summary>The key a source is stored under: a URL or domain becomes its lower-case host without
    /// <c>www.</c>; any other name is lower-cased and trimmed.</summary>
    public static string Normalize(string domainOrName)
    {
        var text = domainOrName.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            text = uri.Host;
        }
        text = text.ToLowerInvariant();
        return text.StartsWith("www.", StringComparison.Ordinal) ? text[4..] : text;
    }

    /// <summary>The publisher of a URL, for articles that come without a source name.</summary>
    public static string FromUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Normalize(uri.Host) : "";
}
