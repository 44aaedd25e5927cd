using System.Text.Json;

namespace DiscussionBot.Discord.Rest;

// Incoming resources: only the fields the bot reads. Snowflakes stay strings, as on the wire,
// so nothing is lost to parsing and Core can treat them as opaque platform ids.

/// <summary>A Discord user (https://discord.com/developers/docs/resources/user#user-object).</summary>
public sealed record DiscordUser(string Id, string Username, string? GlobalName = null, bool? Bot = null);

/// <summary>A guild role (https://discord.com/developers/docs/topics/permissions#role-object), trimmed to what permissions need;
/// the role whose id is the guild's is @everyone.</summary>
public sealed record DiscordRole(string Id, string Permissions, string? Name = null);

/// <summary>A guild member as carried by interactions and reaction events.</summary>
public sealed record GuildMember(DiscordUser? User = null, IReadOnlyList<string>? Roles = null, string? Permissions = null, string? Nick = null);

/// <summary>An emoji reference: <see cref="Id"/> is null for unicode emoji, whose <see cref="Name"/> is the character itself.</summary>
public sealed record Emoji(string? Id, string? Name);

/// <summary>Interaction types the bot receives.</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>An incoming interaction (INTERACTION_CREATE). Answer it within 3 seconds via <see cref="DiscordRestClient.CreateInteractionResponseAsync"/>.</summary>
public sealed record Interaction(
    string Id,
    string ApplicationId,
    InteractionType Type,
    string Token,
    InteractionData? Data = null,
    string? GuildId = null,
    string? ChannelId = null,
    GuildMember? Member = null,
    DiscordUser? User = null,
    DiscordMessage? Message = null,
    string? Locale = null)
{
    /// <summary>The person who acted: <see cref="Member"/>.User in guilds, <see cref="User"/> in DMs.</summary>
    public DiscordUser? Invoker => Member?.User ?? User;
}

/// <summary>
/// Interaction data: for application commands <see cref="Name"/> and <see cref="Options"/>;
/// for components <see cref="CustomId"/>, <see cref="ComponentType"/> and (selects) <see cref="Values"/>.
/// </summary>
public sealed record InteractionData(
    string? Id = null,
    string? Name = null,
    int? Type = null,
    IReadOnlyList<InteractionDataOption>? Options = null,
    string? CustomId = null,
    int? ComponentType = null,
    IReadOnlyList<string>? Values = null);

/// <summary>An option the member filled in; <see cref="Value"/> is raw because its JSON type follows <see cref="Type"/>.</summary>
public sealed record InteractionDataOption(
    string Name,
    ApplicationCommandOptionType Type,
    JsonElement? Value = null,
    IReadOnlyList<InteractionDataOption>? Options = null,
    bool? Focused = null);

/// <summary>A message (https://discord.com/developers/docs/resources/message#message-object), trimmed to what the bot uses.</summary>
public sealed record DiscordMessage(
    string Id,
    string ChannelId,
    DiscordUser? Author = null,
    string? Content = null,
    string? GuildId = null,
    DiscordPoll? Poll = null,
    string? Timestamp = null,
    GuildMember? Member = null,
    string? WebhookId = null,
    IReadOnlyList<DiscordUser>? Mentions = null);

/// <summary>A native poll as found on a message; <see cref="Results"/> is final when <c>IsFinalized</c>.</summary>
public sealed record DiscordPoll(
    PollMedia Question,
    IReadOnlyList<PollAnswer> Answers,
    string? Expiry = null,
    bool AllowMultiselect = false,
    PollResults? Results = null);

/// <summary>An answer of a poll on a message.</summary>
public sealed record PollAnswer(int AnswerId, PollMedia PollMedia);

/// <summary>Counts of a poll; Discord may leave them out or be imprecise until <see cref="IsFinalized"/>.</summary>
public sealed record PollResults(bool IsFinalized, IReadOnlyList<PollAnswerCount> AnswerCounts);

/// <summary>Votes for one answer.</summary>
public sealed record PollAnswerCount(int Id, int Count, bool MeVoted = false);

/// <summary>GET /gateway/bot.</summary>
public sealed record GatewayBotInfo(string Url, int Shards, SessionStartLimit SessionStartLimit);

/// <summary>How many identifies are left today; <see cref="ResetAfter"/> is in milliseconds.</summary>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

/// <summary>A command as Discord stored it after registration.</summary>
public sealed record RegisteredCommand(string Id, string Name, string? ApplicationId = null, string? GuildId = null);

/// <summary>The body of a callback sent with <c>with_response=true</c>: the message the response created, when it created one.</summary>
public sealed record InteractionCallbackResponse(InteractionCallbackResource? Resource = null);

/// <summary>What an interaction response created; <see cref="Message"/> for types 4 and 7.</summary>
public sealed record InteractionCallbackResource(int Type, DiscordMessage? Message = null);
