namespace DiscussionBot.Ingest.Fetching;

/// <summary>What is being fetched decides which content types are acceptable.</summary>
public enum FetchPurpose
{
    /// <summary>A web page to read: HTML or plain text.</summary>
    Page,

    /// <summary>An RSS or Atom feed: XML as well as HTML (some servers label feeds text/html).</summary>
    Feed,
}

/// <summary>Why a fetch failed, for code that reacts differently (e.g. the feed poller's backoff); the
/// member-facing words are in <see cref="FetchResult.Failed.Message"/>.</summary>
public enum FetchFailure
{
    InvalidUrl,
    ForbiddenPort,
    ForbiddenAddress,
    DnsFailure,
    Unreachable,
    Timeout,
    HttpStatus,
    TooLarge,
    UnsupportedContent,
    TooManyRedirects,
    RedirectLoop,
    Empty,
}

/// <summary>A fetch's outcome: the body, "not modified" for a conditional request, or a failure in plain words.</summary>
public abstract record FetchResult
{
    /// <param name="Url">Where the body came from, after redirects.</param>
    /// <param name="MediaType">The Content-Type's media type, lower case; empty when the server sent none.</param>
    public sealed record Fetched(Uri Url, string MediaType, string? Charset, byte[] Body, string? ETag, DateTimeOffset? LastModified) : FetchResult
    {
        /// <summary>The body as text: by its byte-order mark, the declared charset, an HTML meta charset, else UTF-8.</summary>
        public string Text => TextDecoding.Decode(Body, Charset);
    }

    public sealed record NotModified(Uri Url) : FetchResult;

    public sealed record Failed(FetchFailure Reason, string Message, int? StatusCode = null) : FetchResult;
}
