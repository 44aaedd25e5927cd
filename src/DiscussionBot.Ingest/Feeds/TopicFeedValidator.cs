using DiscussionBot.Core.Handlers;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>Behind <c>/topic feed add</c>: a feed is accepted only when it can be fetched and parsed now, so a
/// typo or a web page instead of a feed is caught while the moderator is still there.</summary>
public sealed class TopicFeedValidator(FeedReader reader) : ITopicFeeds
{
    public async ValueTask<string?> ValidateAsync(string url, CancellationToken cancellationToken) =>
        await reader.ReadAsync(url, null, null, cancellationToken) switch
        {
            FeedReadResult.Read => null,
            FeedReadResult.Failed failed => failed.Problem,
            _ => "the server gave no feed",
        };
}
