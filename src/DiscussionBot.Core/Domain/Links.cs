namespace DiscussionBot.Core.Domain;

/// <summary>A one-time code a moderator of one community generated with <c>/link</c>, for a moderator of a community
/// on the other platform to confirm with <c>/link &lt;code&gt;</c>.</summary>
public sealed record LinkCode
{
    /// <summary>The code itself (upper case).</summary>
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    public string Platform { get; init; } = "";

    /// <summary>The chat the code was made in: linked polls are posted there.</summary>
    public string ChatId { get; init; } = "";

    /// <summary>The moderator who made it, as a pseudonymous voter id.</summary>
    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? UsedAt { get; init; }
}

/// <summary>Two communities on different platforms whose polls are posted in both. One document per community side
/// (<see cref="Id"/> = the community), each naming its partner, so either side finds its link by id.</summary>
public sealed record CommunityLink
{
    /// <summary>This side's community key.</summary>
    public string Id { get; init; } = "";

    public string Platform { get; init; } = "";

    /// <summary>This side's chat that receives the partner's polls.</summary>
    public string ChatId { get; init; } = "";

    public string PartnerId { get; init; } = "";

    public string PartnerPlatform { get; init; } = "";

    public string PartnerChatId { get; init; } = "";

    public DateTimeOffset LinkedAt { get; init; }
}

/// <summary>A poll of one community posted in its linked partner: votes there count for the poll, stored under the
/// partner's community.</summary>
public sealed record PollMirror
{
    /// <summary><c>pollId|community</c>.</summary>
    public string Id { get; init; } = "";

    public int PollId { get; init; }

    public string CommunityId { get; init; } = "";

    public string Platform { get; init; } = "";

    public string ChatId { get; init; } = "";

    public string? MessageId { get; init; }

    public DateTimeOffset At { get; init; }

    public static string KeyOf(int pollId, string communityId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pollId}|{communityId}");
}
