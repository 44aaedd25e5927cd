using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Remembers what the bot posted: a <see cref="BotPost"/> for each message of a reply that is about something (so
/// reactions on it are attributed), and a <see cref="PlatformPoll"/> for each native poll, keyed by the poll message's id
/// — Discord's poll vote events name the message, and that id is our <see cref="VoteCast.PlatformPollId"/>.
/// </summary>
public sealed class DiscordPosts(IPostLog posts, IPlatformPollMap polls, TimeProvider time)
{
    public const string Platform = "discord";

    public MessageRef Record(ChatLocation where, DiscordMessage sent, RenderedMessage rendered, Reply reply)
    {
        var reference = new MessageRef(Platform, sent.ChannelId, sent.Id);
        var about = reply.About;
        if (reply.Poll is { } spec && (rendered.NativePoll || rendered.ButtonPoll))
        {
            about = new PostSubject(PostKind.Poll, ClaimId: about?.ClaimId, PollId: spec.PollId);
        }

        if (about is not null)
        {
            posts.Record(BotPost.Of(reference, where, about, time.GetUtcNow()));
        }

        if (rendered.NativePoll && reply.Poll is { } poll)
        {
            polls.Record(new PlatformPoll
            {
                Id = PlatformPoll.KeyOf(Platform, sent.Id),
                Platform = Platform,
                PlatformPollId = sent.Id,
                PollId = poll.PollId,
                CommunityId = where.CommunityKey,
                ChatId = sent.ChannelId,
                MessageId = sent.Id,
                Anonymous = false,
                ClosesAt = poll.ClosesAt,
                AnswerIds = AnswerIds(rendered.Payload.Poll, sent.Poll),
            });
        }

        return reference;
    }

    /// <summary>
    /// The answer_id Discord gave each answer we sent, in our order. The poll doc advises against relying on ids
    /// being 1, 2, 3…: answers are matched by their text, and by position only where texts repeat or are missing.
    /// </summary>
    internal static List<int> AnswerIds(PollCreate? asSent, DiscordPoll? asStored)
    {
        if (asSent is null || asStored is not { Answers.Count: > 0 } stored)
        {
            return [];
        }

        var free = stored.Answers.ToList();
        var ids = new List<int>(asSent.Answers.Count);
        for (var i = 0; i < asSent.Answers.Count; i++)
        {
            var text = asSent.Answers[i].PollMedia.Text;
            var match = free.FirstOrDefault(a => a.PollMedia.Text == text) ?? (i < stored.Answers.Count && free.Contains(stored.Answers[i]) ? stored.Answers[i] : free.FirstOrDefault());
            if (match is null)
            {
                return [];
            }

            free.Remove(match);
            ids.Add(match.AnswerId);
        }

        return ids;
    }
}
