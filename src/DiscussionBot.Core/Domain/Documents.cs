namespace DiscussionBot.Core.Domain;

// Stored documents. They are records with init-only properties so LiteDB can map them;
// no member is typed object (LiteDB's deserialization advisory).

/// <summary>A Discord guild, a Telegram group or the local console: platform + id, and its settings.</summary>
public sealed record Community
{
    /// <summary><c>platform:id</c>, e.g. <c>telegram:-1001234</c>.</summary>
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public Dictionary<string, string> Settings { get; init; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A stored document that belongs to one community (the key of <see cref="Community"/>): a dashboard session
/// may see and change only its own community's.</summary>
public interface ICommunityOwned
{
    string CommunityId { get; }
}

/// <summary>A moderator-defined subject in a community.</summary>
public sealed record Topic : ICommunityOwned
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    public string Slug { get; init; } = "";

    public string Description { get; init; } = "";

    public List<string> Keywords { get; init; } = [];

    public List<string> Feeds { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A publisher and the stance label a community's moderators gave it, on the community's own axes.</summary>
public sealed record Source
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    /// <summary>Normalized key: a lower-case domain without <c>www.</c>, or a lower-case name.</summary>
    public string Key { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string StanceLabel { get; init; } = "";

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An article in the library (shared by every community of this deployment).</summary>
public sealed record Article
{
    public int Id { get; init; }

    public string? Url { get; init; }

    public string Title { get; init; } = "";

    /// <summary>The publisher: the row's source, the site name, or the domain.</summary>
    public string Source { get; init; } = "";

    public string? Author { get; init; }

    public DateTimeOffset? Published { get; init; }

    public DateTimeOffset AddedAt { get; init; }

    public string Text { get; init; } = "";

    /// <summary>SHA-256 of the normalized text: the same text imported twice is recognized.</summary>
    public string ContentHash { get; init; } = "";

    public List<int> TopicIds { get; init; } = [];

    /// <summary>Topics the article belongs to whatever its words say (it came from the topic's own feed): a change
    /// of the topic's keywords keeps it there.</summary>
    public List<int> PinnedTopicIds { get; init; } = [];

    public string? StoryId { get; init; }

    public string AddedBy { get; init; } = "";

    public string Language { get; init; } = "en";

    /// <summary>The cached short summary (sentences of the article).</summary>
    public List<string>? Summary { get; init; }

    /// <summary>When the text was dropped by the retention setting (title, link, story and summary stay); null while kept.</summary>
    public DateTimeOffset? TextDroppedAt { get; init; }

    /// <summary>The time stories are clustered by: publication, else arrival (UTC). Stored and indexed so start-up
    /// reads only the recent window; derived, never set.</summary>
    public DateTime StoryTime => (Published ?? AddedAt).UtcDateTime;
}

/// <summary>A cluster of articles about one event, across sources.</summary>
public sealed record Story
{
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public List<int> ArticleIds { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; init; }
}

public enum ClaimOrigin
{
    Clash,
    Sentence,
    Moderator,
}

public enum ClaimStatus
{
    Candidate,
    Approved,
    Rejected,
    Polled,
}

public enum Stance
{
    Silent,
    Asserts,
    Denies,
}

public sealed record SourceStance
{
    public string Source { get; init; } = "";

    public Stance Stance { get; init; }

    /// <summary>The source's own sentence behind the stance, if any.</summary>
    public string? Sentence { get; init; }
}

/// <summary>A contested statement, found in a story's clashes or added by a moderator.</summary>
public sealed record Claim : ICommunityOwned
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    /// <summary>Stable key of the candidate (from the analyzer), so re-running analysis does not duplicate it.</summary>
    public string Key { get; init; } = "";

    public int? TopicId { get; init; }

    public string? StoryId { get; init; }

    public string Text { get; init; } = "";

    public ClaimOrigin Origin { get; init; }

    public int? ArticleId { get; init; }

    public List<SourceStance> Stances { get; init; } = [];

    public ClaimStatus Status { get; init; }

    public double Score { get; init; }

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Who changed what configuration, when.</summary>
public sealed record AuditEntry
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    public string ActorId { get; init; } = "";

    public string ActorName { get; init; } = "";

    public string Action { get; init; } = "";

    public string Detail { get; init; } = "";

    public DateTimeOffset At { get; init; }

    /// <summary>Where the change was made: <c>chat</c> (a command on the platform) or <c>dashboard</c>; entries from
    /// before this field read as empty, which means chat.</summary>
    public string Origin { get; init; } = "";
}

/// <summary>A message the bot posted, and what it was about, so reactions on it can be attributed.</summary>
public sealed record BotPost
{
    /// <summary><see cref="Chat.MessageRef.Key"/> of the posted message.</summary>
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    public Chat.PostKind Kind { get; init; }

    public int? ArticleId { get; init; }

    public string? StoryId { get; init; }

    public int? ClaimId { get; init; }

    public int? PollId { get; init; }

    public string? Source { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The record of a message the bot just posted in <paramref name="where"/>, about <paramref name="about"/>.</summary>
    public static BotPost Of(Chat.MessageRef message, Chat.ChatLocation where, Chat.PostSubject about, DateTimeOffset at) => new()
    {
        Id = message.Key,
        CommunityId = where.CommunityKey,
        Kind = about.Kind,
        ArticleId = about.ArticleId,
        StoryId = about.StoryId,
        ClaimId = about.ClaimId,
        PollId = about.PollId,
        Source = about.Source,
        At = at,
    };
}
