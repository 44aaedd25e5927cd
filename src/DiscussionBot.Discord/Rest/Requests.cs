using System.Text.Json.Serialization;

namespace DiscussionBot.Discord.Rest;

/// <summary>Option types of application commands.</summary>
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>Where a command may be used.</summary>
public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}

/// <summary>
/// A slash command for bulk overwrite. <see cref="DefaultMemberPermissions"/> is a permission bitfield as a
/// string (the docs' type), e.g. <c>Permissions.ManageGuild.ToString()</c> for moderator commands.
/// </summary>
public sealed record ApplicationCommandDefinition(
    string Name,
    string Description,
    IReadOnlyList<ApplicationCommandOptionDefinition>? Options = null,
    string? DefaultMemberPermissions = null,
    IReadOnlyList<InteractionContextType>? Contexts = null)
{
    /// <summary>Always CHAT_INPUT (1): the bot has only slash commands.</summary>
    public int Type => 1;
}

/// <summary>An option of a command; sub-commands nest their own <see cref="Options"/>.</summary>
public sealed record ApplicationCommandOptionDefinition(
    ApplicationCommandOptionType Type,
    string Name,
    string Description,
    bool? Required = null,
    IReadOnlyList<ApplicationCommandOptionChoice>? Choices = null,
    IReadOnlyList<ApplicationCommandOptionDefinition>? Options = null,
    int? MinLength = null,
    int? MaxLength = null,
    long? MinValue = null,
    long? MaxValue = null,
    bool? Autocomplete = null);

/// <summary>A fixed choice of a string option.</summary>
public sealed record ApplicationCommandOptionChoice(string Name, string Value);

/// <summary>Button styles; <see cref="Link"/> takes a URL instead of a custom id.</summary>
public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}

/// <summary>A row of up to five buttons (component type 1).</summary>
public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type => 1;
}

/// <summary>A button (component type 2): <see cref="CustomId"/> (≤ 100 chars) comes back in the interaction; link buttons carry <see cref="Url"/>.</summary>
public sealed record Button(ButtonStyle Style, string? Label = null, string? CustomId = null, string? Url = null, bool? Disabled = null)
{
    public int Type => 2;
}

/// <summary>A rich embed, trimmed to the fields the bot fills.</summary>
public sealed record Embed(
    string? Title = null,
    string? Description = null,
    string? Url = null,
    int? Color = null,
    IReadOnlyList<EmbedField>? Fields = null,
    EmbedFooter? Footer = null,
    EmbedImage? Image = null);

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record EmbedFooter(string Text);

/// <summary>An embed image; <c>attachment://chart.png</c> points at a file sent with the same message.</summary>
public sealed record EmbedImage(string Url);

/// <summary>Question or answer text of a poll (question ≤ 300, answer ≤ 55 characters).</summary>
public sealed record PollMedia(string? Text);

/// <summary>An answer of a poll being created.</summary>
public sealed record PollAnswerCreate(PollMedia PollMedia);

/// <summary>A native poll to send with a message: ≤ 10 answers, <see cref="Duration"/> in hours, 1–768 (32 days).</summary>
public sealed record PollCreate(PollMedia Question, IReadOnlyList<PollAnswerCreate> Answers, int? Duration = null, bool? AllowMultiselect = null)
{
    public const int MaxAnswers = 10;
    public const int MaxAnswerLength = 55;
    public const int MaxQuestionLength = 300;
    public const int MaxDurationHours = 768;

    /// <summary>Builds a poll from plain strings.</summary>
    public static PollCreate Of(string question, IEnumerable<string> answers, int? durationHours = null, bool allowMultiselect = false) =>
        new(new PollMedia(question), [.. answers.Select(a => new PollAnswerCreate(new PollMedia(a)))], durationHours, allowMultiselect);
}

/// <summary>Message flags the bot sets.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    SuppressEmbeds = 1 << 2,
    /// <summary>Only the invoking member sees the reply (interaction responses only).</summary>
    Ephemeral = 1 << 6,
}

/// <summary>
/// Always <c>{"parse": []}</c>: the bot relays article text, so nothing it sends may ping anyone.
/// There is deliberately no way to configure it.
/// </summary>
public sealed record AllowedMentions
{
    public static AllowedMentions None { get; } = new();

    private AllowedMentions()
    {
    }

    /// <summary>A reply that pings nobody, its asker included: <c>{"parse": [], "replied_user": false}</c>.</summary>
    public static AllowedMentions NoneInReply { get; } = new() { RepliedUser = false };

    public IReadOnlyList<string> Parse => [];

    /// <summary>Set on replies only (Discord's default is already false; the bot says so rather than rely on it).</summary>
    public bool? RepliedUser { get; private init; }
}

/// <summary>
/// What a message replies to (<c>message_reference</c>). <see cref="FailIfNotExists"/> false: when the asker's message is
/// gone by the time the answer is ready, the answer is posted as a plain message rather than refused.
/// </summary>
public sealed record MessageReference(string MessageId, string? ChannelId = null, string? GuildId = null, bool? FailIfNotExists = false);

/// <summary>An attachment entry of a message body; <see cref="Id"/> is the index n of <c>files[n]</c>.</summary>
public sealed record AttachmentReference(string Id, string Filename, string? Description = null);

/// <summary>A file to upload with a message (PNG chart, CSV export).</summary>
public sealed record FileUpload(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream", string? Description = null);

/// <summary>
/// The body of any message the bot sends: channel messages, interaction responses, webhook edits and followups.
/// <see cref="AllowedMentions"/> is fixed to parse nothing.
/// </summary>
public sealed record MessagePayload(
    string? Content = null,
    IReadOnlyList<Embed>? Embeds = null,
    IReadOnlyList<ActionRow>? Components = null,
    PollCreate? Poll = null,
    MessageFlags? Flags = null)
{
    public const int MaxContentLength = 2000;
    public const int MaxCustomIdLength = 100;

    [JsonInclude]
    public AllowedMentions AllowedMentions => MessageReference is null ? AllowedMentions.None : AllowedMentions.NoneInReply;

    /// <summary>The message this one answers, on channel messages only (an interaction's answer is tied to it already).</summary>
    public MessageReference? MessageReference { get; init; }

    /// <summary>Filled by the client when files are uploaded; callers leave it empty.</summary>
    public IReadOnlyList<AttachmentReference>? Attachments { get; init; }

    /// <summary>Set by the client on channel messages: with <see cref="EnforceNonce"/>, Discord returns the message already
    /// created under this nonce instead of a second one, so a request retried after a server error never posts twice.</summary>
    public string? Nonce { get; init; }

    public bool? EnforceNonce { get; init; }
}

/// <summary>Interaction callback types the bot uses.</summary>
public enum InteractionCallbackType
{
    /// <summary>Reply with a message now.</summary>
    ChannelMessageWithSource = 4,
    /// <summary>"Bot is thinking…"; edit @original later (within 15 minutes).</summary>
    DeferredChannelMessageWithSource = 5,
    /// <summary>Acknowledge a button press without changing the message yet.</summary>
    DeferredUpdateMessage = 6,
    /// <summary>Replace the message the button is on.</summary>
    UpdateMessage = 7,
    /// <summary>Suggestions for the option being typed (autocomplete interactions only).</summary>
    ApplicationCommandAutocompleteResult = 8,
}

/// <summary>The body of an autocomplete callback: up to 25 choices.</summary>
public sealed record AutocompleteResponse([property: JsonIgnore] IReadOnlyList<ApplicationCommandOptionChoice> Choices)
{
    public InteractionCallbackType Type => InteractionCallbackType.ApplicationCommandAutocompleteResult;

    public AutocompleteData Data => new(Choices);
}

/// <summary>The data of an autocomplete callback.</summary>
public sealed record AutocompleteData(IReadOnlyList<ApplicationCommandOptionChoice> Choices);

/// <summary>The body of POST /interactions/{id}/{token}/callback.</summary>
public sealed record InteractionResponse(InteractionCallbackType Type, MessagePayload? Data = null)
{
    public static InteractionResponse Reply(MessagePayload message) => new(InteractionCallbackType.ChannelMessageWithSource, message);

    /// <summary>Ephemeral reply, e.g. for errors and vote confirmations.</summary>
    public static InteractionResponse EphemeralReply(string content) =>
        new(InteractionCallbackType.ChannelMessageWithSource, new MessagePayload(content, Flags: MessageFlags.Ephemeral));

    /// <summary>Defers; the data carries the flags (ephemeral) the later edit will have, and allowed mentions.</summary>
    public static InteractionResponse Defer(bool ephemeral = false) =>
        new(InteractionCallbackType.DeferredChannelMessageWithSource, new MessagePayload(Flags: ephemeral ? MessageFlags.Ephemeral : null));

    public static InteractionResponse DeferUpdate() => new(InteractionCallbackType.DeferredUpdateMessage);

    public static InteractionResponse Update(MessagePayload message) => new(InteractionCallbackType.UpdateMessage, message);
}
