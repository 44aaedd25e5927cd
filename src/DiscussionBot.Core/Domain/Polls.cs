namespace DiscussionBot.Core.Domain;

/// <summary>A poll on a claim, or a free poll, in one chat.</summary>
public sealed record Poll : ICommunityOwned
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    public string Platform { get; init; } = "";

    public string ChatId { get; init; } = "";

    public int? ClaimId { get; init; }

    public int? TopicId { get; init; }

    public string Question { get; init; } = "";

    public List<string> Options { get; init; } = [];

    public bool MultipleChoice { get; init; }

    public bool Anonymous { get; init; }

    public bool HiddenUntilClose { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ClosesAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public bool IsClosed(DateTimeOffset now) => ClosedAt is not null || now >= ClosesAt;
}

/// <summary>One vote event: a voter's choice on a poll at a moment. The voter's latest event is their
/// current vote; an empty <see cref="Options"/> list retracts it. Written only through the durable writer.</summary>
public sealed record VoteRecord
{
    /// <summary>Unique per event; a platform event's own id where there is one, so a redelivered event is stored once.</summary>
    public string Id { get; init; } = "";

    public int PollId { get; init; }

    public string CommunityId { get; init; } = "";

    /// <summary>The pseudonymous voter id (a keyed hash), never a raw platform id.</summary>
    public string Voter { get; init; } = "";

    public List<int> Options { get; init; } = [];

    public DateTimeOffset At { get; init; }

    /// <summary>Order of events, assigned by the writer: the latest event of a voter wins.</summary>
    public long Seq { get; init; }
}

/// <summary>A reaction added to or removed from a bot post, with what the post was about.</summary>
public sealed record ReactionRecord
{
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    public string MessageKey { get; init; } = "";

    public Chat.PostKind Kind { get; init; }

    public int? ArticleId { get; init; }

    public string? StoryId { get; init; }

    public int? ClaimId { get; init; }

    public int? PollId { get; init; }

    public string? Source { get; init; }

    public string Voter { get; init; } = "";

    public string Emoji { get; init; } = "";

    public bool Added { get; init; }

    public DateTimeOffset At { get; init; }

    public long Seq { get; init; }
}
