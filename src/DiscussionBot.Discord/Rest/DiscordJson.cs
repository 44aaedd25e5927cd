using System.Text.Json;
using System.Text.Json.Serialization;
using DiscussionBot.Discord.Gateway;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// Source-generated metadata for every Discord payload: snake_case as on the wire, nulls left out
/// (Discord treats a present <c>null</c> as "clear this field" on edits).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(GatewayBotInfo))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredCommand>))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommandDefinition>))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(AutocompleteResponse))]
[JsonSerializable(typeof(InteractionCallbackResponse))]
[JsonSerializable(typeof(RateLimitResponse))]
[JsonSerializable(typeof(DiscordErrorResponse))]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(HelloEvent))]
[JsonSerializable(typeof(ReadyEvent))]
[JsonSerializable(typeof(MessageReactionAddEvent))]
[JsonSerializable(typeof(MessageReactionRemoveEvent))]
[JsonSerializable(typeof(MessageReactionRemoveAllEvent))]
[JsonSerializable(typeof(MessageReactionRemoveEmojiEvent))]
[JsonSerializable(typeof(MessagePollVoteEvent))]
[JsonSerializable(typeof(GuildCreateEvent))]
[JsonSerializable(typeof(GuildRoleEvent))]
[JsonSerializable(typeof(GuildRoleDeleteEvent))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext
{
    /// <summary>Typed metadata for <typeparamref name="T"/>, for generic parse helpers.</summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Info<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)(Default.GetTypeInfo(typeof(T))
            ?? throw new NotSupportedException($"{typeof(T).Name} is not a Discord payload type."));
}

/// <summary>Body of a 429.</summary>
internal sealed record RateLimitResponse(string? Message, double RetryAfter, bool Global, int? Code);

/// <summary>Body of a 4xx error (https://discord.com/developers/docs/reference#error-messages).</summary>
internal sealed record DiscordErrorResponse(int Code, string? Message, JsonElement? Errors);
