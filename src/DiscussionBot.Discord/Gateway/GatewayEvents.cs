using System.Text.Json;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Gateway;

/// <summary>Names (<c>t</c>) of the dispatches the bot handles.</summary>
public static class GatewayEventNames
{
    public const string Ready = "READY";
    public const string Resumed = "RESUMED";
    public const string GuildCreate = "GUILD_CREATE";
    public const string GuildUpdate = "GUILD_UPDATE";
    public const string GuildDelete = "GUILD_DELETE";
    public const string GuildRoleCreate = "GUILD_ROLE_CREATE";
    public const string GuildRoleUpdate = "GUILD_ROLE_UPDATE";
    public const string GuildRoleDelete = "GUILD_ROLE_DELETE";
    public const string InteractionCreate = "INTERACTION_CREATE";
    public const string MessageCreate = "MESSAGE_CREATE";
    public const string MessageReactionAdd = "MESSAGE_REACTION_ADD";
    public const string MessageReactionRemove = "MESSAGE_REACTION_REMOVE";
    public const string MessageReactionRemoveAll = "MESSAGE_REACTION_REMOVE_ALL";
    public const string MessageReactionRemoveEmoji = "MESSAGE_REACTION_REMOVE_EMOJI";
    public const string MessagePollVoteAdd = "MESSAGE_POLL_VOTE_ADD";
    public const string MessagePollVoteRemove = "MESSAGE_POLL_VOTE_REMOVE";
}

/// <summary>
/// One dispatch (op 0) as received: event name, raw data and sequence number.
/// Parse the data with <see cref="Parse{T}"/> into one of the event records (or <see cref="Interaction"/>, <see cref="DiscordMessage"/>).
/// </summary>
public sealed record GatewayDispatch(string EventName, JsonElement Data, int Sequence, string? SessionId = null)
{
    /// <summary>The event's identity: a RESUME after a crash replays it under the same session and sequence, so
    /// whatever is stored under this key is stored once however often the event arrives.</summary>
    public string? EventKey => SessionId is null ? null : $"{SessionId}:{Sequence}";

    /// <summary>Deserializes <see cref="Data"/> with the Discord JSON settings (snake_case, source-generated).</summary>
    public T Parse<T>() => Data.Deserialize(DiscordJsonContext.Info<T>())
        ?? throw new JsonException($"{EventName} #{Sequence} has no data.");
}

/// <summary>MESSAGE_REACTION_ADD.</summary>
public sealed record MessageReactionAddEvent(
    string UserId,
    string ChannelId,
    string MessageId,
    Emoji Emoji,
    string? GuildId = null,
    GuildMember? Member = null,
    string? MessageAuthorId = null,
    bool? Burst = null);

/// <summary>MESSAGE_REACTION_REMOVE.</summary>
public sealed record MessageReactionRemoveEvent(string UserId, string ChannelId, string MessageId, Emoji Emoji, string? GuildId = null, bool? Burst = null);

/// <summary>MESSAGE_REACTION_REMOVE_ALL: every reaction of a message was cleared.</summary>
public sealed record MessageReactionRemoveAllEvent(string ChannelId, string MessageId, string? GuildId = null);

/// <summary>MESSAGE_REACTION_REMOVE_EMOJI: every reaction of one emoji was cleared.</summary>
public sealed record MessageReactionRemoveEmojiEvent(string ChannelId, string MessageId, Emoji Emoji, string? GuildId = null);

/// <summary>MESSAGE_POLL_VOTE_ADD and MESSAGE_POLL_VOTE_REMOVE (same shape).</summary>
public sealed record MessagePollVoteEvent(string UserId, string ChannelId, string MessageId, int AnswerId, string? GuildId = null);

/// <summary>
/// GUILD_CREATE and GUILD_UPDATE (a guild object), and GUILD_DELETE (an unavailable guild: <see cref="Unavailable"/> set
/// for an outage, unset when the bot was removed), trimmed to the community's name and what permissions need.
/// </summary>
public sealed record GuildCreateEvent(string Id, string? Name = null, bool? Unavailable = null, string? OwnerId = null, IReadOnlyList<DiscordRole>? Roles = null);

/// <summary>GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE.</summary>
public sealed record GuildRoleEvent(string GuildId, DiscordRole Role);

/// <summary>GUILD_ROLE_DELETE.</summary>
public sealed record GuildRoleDeleteEvent(string GuildId, string RoleId);

/// <summary>
/// Receives dispatches from <see cref="GatewayClient"/>, one at a time, on a task separate from the socket,
/// so a slow handler never delays heartbeats. Exceptions are logged and the next dispatch follows.
/// </summary>
public interface IGatewayEventSink
{
    Task HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the dispatch over and returns, once it is accepted, a task that completes when it has been handled for
    /// good. The client saves for RESUME only sequences whose handling completed, so a sink that finishes work on
    /// other tasks must say when. By default, handling is accepting.
    /// </summary>
    async ValueTask<Task> AcceptAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        await HandleAsync(dispatch, cancellationToken).ConfigureAwait(false);
        return Task.CompletedTask;
    }
}
