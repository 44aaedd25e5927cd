using DiscussionBot.Ingest.Fetching;

namespace DiscussionBot.Ingest.Feeds;

public abstract record FeedReadResult
{
    public sealed record Read(ParsedFeed Feed, string? ETag, DateTimeOffset? LastModified) : FeedReadResult;

    public sealed record NotModified : FeedReadResult;

    public sealed record Failed(string Problem, FetchFailure? Reason) : FeedReadResult;
}

/// <summary>Fetches a feed through the <see cref="SafeFetcher"/> (conditional when an ETag or date is known) and parses it.</summary>
public sealed class FeedReader(SafeFetcher fetcher)
{
    public async Task<FeedReadResult> ReadAsync(string url, string? etag, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        var result = await fetcher.FetchAsync(url, FetchPurpose.Feed, etag, lastModified, cancellationToken);
        switch (result)
        {
            case FetchResult.NotModified:
                return new FeedReadResult.NotModified();
            case FetchResult.Failed failed:
                return new FeedReadResult.Failed(failed.Message, failed.Reason);
            case FetchResult.Fetched fetched:
                var parsed = FeedParser.Parse(fetched.Body, fetched.Url);
                return parsed.Feed is { } feed
                    ? new FeedReadResult.Read(feed, fetched.ETag, fetched.LastModified)
                    : new FeedReadResult.Failed(parsed.Problem!, null);
            default:
                throw new InvalidOperationException("unknown fetch result");
        }
    }
}
