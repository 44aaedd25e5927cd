using System.Security.Cryptography;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Core.Insight;

public abstract record LinkOutcome
{
    public sealed record CodeMade(LinkCode Code) : LinkOutcome;

    public sealed record Linked(CommunityLink Link) : LinkOutcome;

    public sealed record Unlinked(string PartnerId) : LinkOutcome;

    public sealed record Refused(string Reason) : LinkOutcome;
}

/// <summary>Links a Discord and a Telegram community so one poll runs in both: the first community's moderator makes a
/// one-time code (<c>/link</c>), the second's confirms it (<c>/link &lt;code&gt;</c>): both moderators agreed. A poll
/// started in either is then posted natively in the other too; votes are stored under the community they came from.</summary>
public sealed partial class LinkService(ILinkStore store, VoterIds voters, IEnumerable<IMessenger> messengers, TimeProvider time, ILogger<LinkService> logger)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);
    public const int CodeLength = 8;

    // No 0/O or 1/I/L: the code is read off one screen and typed into another.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public LinkOutcome MakeCode(ChatLocation where, ChatUser moderator)
    {
        var community = where.CommunityKey;
        if (store.LinkOf(community) is { } existing)
        {
            return new LinkOutcome.Refused($"this community is already linked to {existing.PartnerId}; /unlink first");
        }
        foreach (var old in store.CodesOf(community).Where(c => c.UsedAt is null))
        {
            store.DeleteCode(old.Id);
        }
        var now = time.GetUtcNow();
        var code = new LinkCode
        {
            Id = RandomNumberGenerator.GetString(Alphabet, CodeLength),
            CommunityId = community,
            Platform = where.Platform,
            ChatId = where.ChatId,
            CreatedBy = voters.Of(where.Platform, moderator.Id),
            CreatedAt = now,
            ExpiresAt = now + CodeLifetime,
        };
        store.SaveCode(code);
        return new LinkOutcome.CodeMade(code);
    }

    public LinkOutcome Confirm(ChatLocation where, string typed)
    {
        var community = where.CommunityKey;
        var code = store.FindCode(typed.Trim().ToUpperInvariant());
        var now = time.GetUtcNow();
        if (code is null)
        {
            return new LinkOutcome.Refused("there is no such link code; a moderator of the other community makes one with /link");
        }
        if (code.UsedAt is not null)
        {
            return new LinkOutcome.Refused("that link code was already used; a moderator of the other community makes a new one with /link");
        }
        if (now >= code.ExpiresAt)
        {
            return new LinkOutcome.Refused($"that link code expired at {code.ExpiresAt:HH:mm} UTC (codes last {CodeLifetime.TotalMinutes:0} minutes); make a new one with /link in the other community");
        }
        if (code.CommunityId == community)
        {
            return new LinkOutcome.Refused("a community cannot be linked to itself: run /link <code> in the community on the other platform");
        }
        if (code.Platform == where.Platform)
        {
            return new LinkOutcome.Refused($"both communities are on {where.Platform}; a link joins a Discord and a Telegram community");
        }
        if (store.LinkOf(community) is { } mine)
        {
            return new LinkOutcome.Refused($"this community is already linked to {mine.PartnerId}; /unlink first");
        }
        if (store.LinkOf(code.CommunityId) is { } theirs)
        {
            return new LinkOutcome.Refused($"{code.CommunityId} is already linked to {theirs.PartnerId}");
        }
        var first = new CommunityLink { Id = code.CommunityId, Platform = code.Platform, ChatId = code.ChatId, PartnerId = community, PartnerPlatform = where.Platform, PartnerChatId = where.ChatId, LinkedAt = now };
        var second = new CommunityLink { Id = community, Platform = where.Platform, ChatId = where.ChatId, PartnerId = code.CommunityId, PartnerPlatform = code.Platform, PartnerChatId = code.ChatId, LinkedAt = now };
        store.Link(code with { UsedAt = now }, first, second);
        return new LinkOutcome.Linked(second);
    }

    public LinkOutcome Unlink(ChatLocation where)
    {
        var link = store.LinkOf(where.CommunityKey);
        if (link is null || !store.Unlink(where.CommunityKey))
        {
            return new LinkOutcome.Refused("this community is not linked to another");
        }
        return new LinkOutcome.Unlinked(link.PartnerId);
    }

    public CommunityLink? LinkOf(string communityId) => store.LinkOf(communityId);

    /// <summary>Posts a poll just started in its community to the linked partner, natively through the partner
    /// platform's messenger, and records it so votes there count. Returns the partner community, or null.</summary>
    public async Task<string?> MirrorAsync(int pollId, string communityId, Reply reply, CancellationToken ct)
    {
        if (store.LinkOf(communityId) is not { } link)
        {
            return null;
        }
        var messenger = messengers.FirstOrDefault(m => m.Platform == link.PartnerPlatform);
        if (messenger is null)
        {
            LogNoMessenger(pollId, link.PartnerId);
            return null;
        }
        var where = new ChatLocation(link.PartnerPlatform, link.PartnerId.Split(':', 2)[^1], link.PartnerChatId);
        var text = new RichText([new TextSpan($"From the linked {link.Platform} community: "), .. reply.Text.Spans]);
        var sent = await messenger.SendAsync(where, reply with { Text = text }, ct);
        if (sent is null)
        {
            LogMirrorFailed(pollId, link.PartnerId);
            return null;
        }
        store.RecordMirror(new PollMirror
        {
            Id = PollMirror.KeyOf(pollId, link.PartnerId),
            PollId = pollId,
            CommunityId = link.PartnerId,
            Platform = link.PartnerPlatform,
            ChatId = link.PartnerChatId,
            MessageId = sent.MessageId,
            At = time.GetUtcNow(),
        });
        return link.PartnerId;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {PollId} cannot be posted in linked {Community}: that platform is not running")]
    private partial void LogNoMessenger(int pollId, string community);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {PollId} could not be posted in linked {Community}")]
    private partial void LogMirrorFailed(int pollId, string community);
}
