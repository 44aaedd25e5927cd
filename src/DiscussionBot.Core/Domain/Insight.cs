namespace DiscussionBot.Core.Domain;

// Stored documents of the community insight features (fairness ratings, story opens, belief-shift polls).
// Like votes they carry only the pseudonymous voter id, are exported by /export and deleted by /forgetme.

/// <summary>A member's rating of whether one source's take on a story was shown fairly. One current rating per
/// voter, story and source: rating again replaces it.</summary>
public sealed record FairnessRating
{
    /// <summary><see cref="KeyOf"/>: community, story, source and voter.</summary>
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    public string StoryId { get; init; } = "";

    /// <summary>The source as the article names it.</summary>
    public string Source { get; init; } = "";

    /// <summary>The stance label the source had when it was rated ("" when none).</summary>
    public string StanceLabel { get; init; } = "";

    public int ArticleId { get; init; }

    public string Voter { get; init; } = "";

    public bool Fair { get; init; }

    public DateTimeOffset At { get; init; }

    public static string KeyOf(string communityId, string storyId, string source, string voter) =>
        $"{communityId}|{storyId}|{source.ToLowerInvariant()}|{voter}";
}

/// <summary>That a member opened a story (asked for its summary or viewpoints, or pressed their buttons): one
/// document per voter and story, so /blindspots counts how many members opened it, never who.</summary>
public sealed record StoryOpen
{
    /// <summary><c>community|story|voter</c>.</summary>
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    public string StoryId { get; init; } = "";

    public string Voter { get; init; } = "";

    /// <summary>How it was first opened: <c>summary</c> or <c>viewpoints</c>.</summary>
    public string Via { get; init; } = "";

    public DateTimeOffset At { get; init; }

    public static string KeyOf(string communityId, string storyId, string voter) => $"{communityId}|{storyId}|{voter}";
}

public enum ShiftPhase
{
    Before,
    After,
}

/// <summary>A belief-shift poll: a claim of a story asked before and after members read its viewpoints.</summary>
public sealed record ShiftPoll
{
    public int Id { get; init; }

    public string CommunityId { get; init; } = "";

    public string StoryId { get; init; } = "";

    public int? ClaimId { get; init; }

    public string Question { get; init; } = "";

    public List<string> Options { get; init; } = [];

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A member's answer to a belief-shift poll in one phase; answering the same phase again replaces it.</summary>
public sealed record ShiftAnswer
{
    /// <summary><c>poll|voter|phase</c>.</summary>
    public string Id { get; init; } = "";

    public int PollId { get; init; }

    public string CommunityId { get; init; } = "";

    public string Voter { get; init; } = "";

    public ShiftPhase Phase { get; init; }

    public int Option { get; init; }

    public DateTimeOffset At { get; init; }

    public static string KeyOf(int pollId, string voter, ShiftPhase phase) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pollId}|{voter}|{phase}");
}
