namespace DiscussionBot.Core.Dashboard;

public enum GrantKind
{
    /// <summary>A one-time sign-in link from <c>/dashboard</c>.</summary>
    SignInToken,

    /// <summary>A browser session made from a redeemed link.</summary>
    Session,
}

/// <summary>A sign-in link or a session, stored under the SHA-256 of its secret (the secret itself is never stored),
/// scoped to one community and one moderator, and the chat where <c>/dashboard</c> was sent (polls started on the
/// dashboard are posted there).</summary>
public sealed record DashboardGrant
{
    /// <summary>Hex SHA-256 of the secret.</summary>
    public string Id { get; init; } = "";

    public GrantKind Kind { get; init; }

    public string Platform { get; init; } = "";

    /// <summary>The platform's community id (without the platform), as in <see cref="Chat.ChatLocation.CommunityId"/>.</summary>
    public string CommunityId { get; init; } = "";

    public string ChatId { get; init; } = "";

    public string ModeratorId { get; init; } = "";

    public string ModeratorName { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the link was redeemed, or the session was ended; null while it is usable.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    // Methods, not properties: stored documents carry only their data.

    /// <summary>The stored community key, e.g. <c>telegram:-1001234</c>.</summary>
    public string Community() => $"{Platform}:{CommunityId}";

    public Chat.ChatLocation Location() => new(Platform, CommunityId, ChatId);

    public bool IsUsable(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;
}

/// <summary>The stored sign-in links and sessions.</summary>
public interface IDashboardGrantStore
{
    DashboardGrant? Find(string id);

    void Save(DashboardGrant grant);

    IReadOnlyList<DashboardGrant> OfModerator(string platform, string communityId, string moderatorId);

    /// <summary>Deletes grants that expired before <paramref name="before"/>; returns how many.</summary>
    int DeleteExpired(DateTimeOffset before);
}

/// <summary>The base address of the dashboard's links (from <c>Web:PublicUrl</c>, else where the endpoint listens);
/// registered by the web dashboard. Null when the endpoint is not running.</summary>
public interface IDashboardLinks
{
    string? BaseUrl { get; }
}
