using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary>Logs every reaction added to or removed from a bot post, with what the post was about,
/// through the durable writer. Reactions on other messages are not the bot's business and are ignored.</summary>
public sealed class ReactionLogger(IPostLog posts, IEventWriter writer, VoterIds voters, IEventLog events) : IReactionHandler
{
    public const int MaxEmojiLength = 64;

    public async ValueTask HandleAsync(ReactionChanged reaction, CancellationToken cancellationToken)
    {
        var post = posts.Find(reaction.Message.Key);
        if (post is null || reaction.Emoji.Length is 0 or > MaxEmojiLength)
        {
            return;
        }
        var voter = voters.Of(reaction.Where.Platform, reaction.Author.Id);
        await writer.WriteAsync(Record(post, voter, reaction.Emoji, reaction.Added, reaction.At, reaction.EventId), cancellationToken);
    }

    /// <summary>A bulk removal names nobody: the log itself says whose reactions stood, and each of them is logged removed
    /// (also reactions from before the process started, which no adapter remembers).</summary>
    public async ValueTask HandleAsync(ReactionsCleared cleared, CancellationToken cancellationToken)
    {
        var post = posts.Find(cleared.Message.Key);
        if (post is null)
        {
            return;
        }
        var standing = Standing(events.ReactionsOfCommunity(post.CommunityId).Where(r => r.MessageKey == post.Id))
            .Where(r => cleared.Emoji is null || r.Emoji == cleared.Emoji)
            .ToList();
        foreach (var reaction in standing)
        {
            await writer.WriteAsync(Record(post, reaction.Voter, reaction.Emoji, added: false, cleared.At, cleared.EventId), cancellationToken);
        }
    }

    // Redelivered after a crash, an event keeps its platform id, so the durable writer stores it once.
    private static ReactionRecord Record(BotPost post, string voter, string emoji, bool added, DateTimeOffset at, string? eventId) => new()
    {
        Id = $"{post.Id}:{voter}:{emoji}:{(added ? '+' : '-')}:{eventId ?? at.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
        CommunityId = post.CommunityId,
        MessageKey = post.Id,
        Kind = post.Kind,
        ArticleId = post.ArticleId,
        StoryId = post.StoryId,
        ClaimId = post.ClaimId,
        PollId = post.PollId,
        Source = post.Source,
        Voter = voter,
        Emoji = emoji,
        Added = added,
        At = at,
    };

    /// <summary>The reactions that stand: for each (post, voter, emoji) the latest event, if it was an addition.</summary>
    public static IEnumerable<ReactionRecord> Standing(IEnumerable<ReactionRecord> events) =>
        events.GroupBy(r => (r.MessageKey, r.Voter, r.Emoji)).Select(g => g.MaxBy(r => r.Seq)!).Where(r => r.Added);
}
