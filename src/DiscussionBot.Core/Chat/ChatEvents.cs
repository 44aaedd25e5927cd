namespace DiscussionBot.Core.Chat;

/// <summary>Where an event happened: a platform, the community (guild or group) and the chat inside it.</summary>
public sealed record ChatLocation(string Platform, string CommunityId, string ChatId)
{
    /// <summary>The stored community key, e.g. <c>telegram:-1001234</c>.</summary>
    public string CommunityKey => $"{Platform}:{CommunityId}";
}

/// <summary>The member who caused an event. <see cref="IsModerator"/> is decided by the adapter.</summary>
public sealed record ChatUser(string Id, string Name, bool IsModerator)
{
    /// <summary>Where the member acted from, as the audit trail records it: <see cref="ViaChat"/>, or
    /// <see cref="ViaDashboard"/> for a change made on the moderators' web dashboard.</summary>
    public string Via { get; init; } = ViaChat;

    public const string ViaChat = "chat";
    public const string ViaDashboard = "dashboard";
}

/// <summary>A message on a platform, as the adapter can address it again.</summary>
public sealed record MessageRef(string Platform, string ChatId, string MessageId)
{
    public string Key => $"{Platform}:{ChatId}:{MessageId}";
}

/// <summary>Anything that reaches the bot from a chat.</summary>
public abstract record ChatEvent(ChatLocation Where, ChatUser Author, DateTimeOffset At);

/// <summary>A slash command: <c>/name arguments</c>. <see cref="Options"/> carries the typed options when the
/// platform has them (Discord), <see cref="Record"/> the finished command record when the dashboard built it from form
/// fields; <see cref="Arguments"/> is then the same in text syntax, for logs and limits.</summary>
public sealed record CommandReceived(ChatLocation Where, ChatUser Author, DateTimeOffset At, string Name, string Arguments, MessageRef? Message = null,
    Commands.CommandOptions? Options = null, Commands.Records.ICommandRecord? Record = null)
    : ChatEvent(Where, Author, At);

/// <summary>A press on one of the bot's buttons; <see cref="Data"/> is the button's data (≤ 64 bytes).</summary>
public sealed record ButtonPressed(ChatLocation Where, ChatUser Author, DateTimeOffset At, string Data, MessageRef? Message = null)
    : ChatEvent(Where, Author, At);

/// <summary>A member's vote on a platform-native poll; an empty <see cref="Options"/> list retracts the vote.</summary>
public sealed record VoteCast(ChatLocation Where, ChatUser Author, DateTimeOffset At, string PlatformPollId, IReadOnlyList<int> Options)
    : ChatEvent(Where, Author, At);

/// <summary>A reaction added to or removed from a message.</summary>
/// <remarks><see cref="EventId"/>: the platform's identity of the event, where it has one that survives redelivery
/// (Discord: gateway session and sequence); the reaction log stores a redelivered event once.</remarks>
public sealed record ReactionChanged(ChatLocation Where, ChatUser Author, DateTimeOffset At, MessageRef Message, string Emoji, bool Added, string? EventId = null)
    : ChatEvent(Where, Author, At);

/// <summary>Every reaction on a message removed at once (of one emoji, or all when <see cref="Emoji"/> is null), by a
/// moderator or the platform; no member is named, so the reaction log works out whose reactions went.</summary>
public sealed record ReactionsCleared(ChatLocation Where, ChatUser Author, DateTimeOffset At, MessageRef Message, string? Emoji, string? EventId = null)
    : ChatEvent(Where, Author, At);

/// <summary>A plain message (not a command) posted in a chat the bot reads, e.g. a member sharing a link.</summary>
public sealed record MessagePosted(ChatLocation Where, ChatUser Author, DateTimeOffset At, string Text, MessageRef? Message = null)
    : ChatEvent(Where, Author, At);
