using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Insight;

/// <summary>Counts a story as opened by a member when the bot answers their /summary or /viewpoints (or a press of
/// those buttons) with it. Stored per pseudonymous voter and story, once: /blindspots shows how many members opened
/// what, never who.</summary>
public sealed class StoryOpenRecorder(IInsightLog log, IArticleStore articles, VoterIds voters) : IReplyObserver
{
    public void Observe(ChatEvent chatEvent, Reply reply)
    {
        if (reply.Kind != ReplyKind.Normal || reply.About is not { Kind: PostKind.Summary or PostKind.Viewpoints } about)
        {
            return;
        }
        var storyId = about.StoryId ?? (about.ArticleId is { } id ? articles.Get(id)?.StoryId : null);
        if (storyId is null)
        {
            return;
        }
        Record(chatEvent, storyId, about.Kind == PostKind.Summary ? "summary" : "viewpoints", log, voters);
    }

    internal static void Record(ChatEvent chatEvent, string storyId, string via, IInsightLog log, VoterIds voters)
    {
        var voter = voters.Of(chatEvent.Where.Platform, chatEvent.Author.Id);
        var community = chatEvent.Where.CommunityKey;
        log.RecordOpen(new StoryOpen { Id = StoryOpen.KeyOf(community, storyId, voter), CommunityId = community, StoryId = storyId, Voter = voter, Via = via, At = chatEvent.At });
    }
}
