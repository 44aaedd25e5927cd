using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Library;

/// <summary>Records every configuration change: who, what, when.</summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider time)
{
    public void Record(string communityId, ChatUser actor, string action, string detail) =>
        log.Append(new AuditEntry
        {
            CommunityId = communityId,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Detail = detail,
            At = time.GetUtcNow(),
            Origin = actor.Via,
        });
}
