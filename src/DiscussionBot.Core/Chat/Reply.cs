namespace DiscussionBot.Core.Chat;

public enum ReplyKind
{
    /// <summary>An answer.</summary>
    Normal,

    /// <summary>The user asked for something that cannot be done (bad argument, unknown id); shown privately where the platform can.</summary>
    Problem,

    /// <summary>The user may not do this (not a moderator, cooling down).</summary>
    Refusal,

    /// <summary>An acknowledgement only the member who acted should see (their rating or answer was recorded); shown
    /// privately where the platform can (Discord: ephemeral; Telegram: the button's toast).</summary>
    Private,
}

/// <summary>A button under a reply. <see cref="Data"/> comes back in <see cref="ButtonPressed"/>; keep it ≤ 64 bytes (Telegram's limit).</summary>
public sealed record ReplyButton(string Label, string Data)
{
    public const int MaxDataBytes = 64;
}

/// <summary>A poll the adapter should post natively (or as buttons where the platform lacks a feature).</summary>
public sealed record PollSpec(int PollId, string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous, bool HiddenUntilClose, DateTimeOffset ClosesAt);

public sealed record ImageAttachment(byte[] Png, string FileName, string? Caption = null);

public sealed record FileAttachment(byte[] Content, string FileName, string ContentType);

/// <summary>What a bot post is about, so reactions on it can be analysed per article, story, claim, source and poll.</summary>
public sealed record PostSubject(PostKind Kind, int? ArticleId = null, string? StoryId = null, int? ClaimId = null, int? PollId = null, string? Source = null);

public enum PostKind
{
    Other,
    Summary,
    Viewpoints,
    Claims,
    Claim,
    Poll,
    Article,
    Results,
}

/// <summary>A reply to an event, in the platform-neutral chat model.</summary>
public sealed record Reply
{
    public required RichText Text { get; init; }

    public ReplyKind Kind { get; init; } = ReplyKind.Normal;

    public IReadOnlyList<IReadOnlyList<ReplyButton>> Buttons { get; init; } = [];

    public PollSpec? Poll { get; init; }

    public ImageAttachment? Image { get; init; }

    public FileAttachment? File { get; init; }

    public PostSubject? About { get; init; }

    /// <summary>Only the member who asked may see it (a dashboard sign-in link): Discord answers ephemerally, Telegram
    /// sends it as a private message, the console prints it as a line of its own.</summary>
    public bool Private { get; init; }

    public static Reply Of(RichText text, PostSubject? about = null) => new() { Text = text, About = about };

    public static Reply Of(string text) => new() { Text = RichText.Plain(text) };

    public static Reply Problem(string text) => new() { Text = RichText.Plain(text), Kind = ReplyKind.Problem };

    public static Reply Refusal(string text) => new() { Text = RichText.Plain(text), Kind = ReplyKind.Refusal };

    /// <summary>The one answer to a topic name that names no topic of the community (the name shortened: it is the member's text).</summary>
    public static Reply UnknownTopic(string slug) => Problem($"There is no topic {Shortening.Shorten(slug, 40)}. /topics lists them.");
}
