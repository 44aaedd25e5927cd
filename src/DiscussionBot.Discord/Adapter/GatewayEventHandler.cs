using System.Collections.Concurrent;
using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>What the adapter learns at READY and keeps for the process: the bot's own user id.</summary>
public sealed class DiscordBotIdentity
{
    private string? _userId;

    public string? UserId => Volatile.Read(ref _userId);

    public void Set(string userId) => Volatile.Write(ref _userId, userId);
}

/// <summary>
/// Each member's current answers per native poll. Discord reports one answer added or removed at a time; Core wants
/// the whole set. Seeded from Core's vote log the first time a member is seen, so a restart does not lose earlier answers.
/// </summary>
public sealed class PollAnswerSets
{
    private readonly ConcurrentDictionary<(string MessageId, string UserId), SortedSet<int>> _sets = new();

    /// <summary>Applies one change (0-based option) and returns the member's options after it.</summary>
    public IReadOnlyList<int> Apply(string messageId, string userId, int option, bool added, Func<IReadOnlyList<int>?> seed)
    {
        var set = _sets.GetOrAdd((messageId, userId), _ => new SortedSet<int>(seed() ?? []));
        lock (set)
        {
            if (added)
            {
                set.Add(option);
            }
            else
            {
                set.Remove(option);
            }

            return [.. set];
        }
    }

    /// <summary>Forgets a poll that has ended.</summary>
    public void Forget(string messageId)
    {
        foreach (var key in _sets.Keys.Where(k => k.MessageId == messageId))
        {
            _sets.TryRemove(key, out _);
        }
    }
}

/// <summary>
/// Turns the non-interaction dispatches into Core events, in the event's own DI scope: plain messages, reactions on the
/// bot's posts, native poll votes, final poll counts and guild names.
/// </summary>
public sealed partial class GatewayEventHandler(
    ChatRouter router,
    DiscordRestClient rest,
    DiscordPosts posts,
    DiscordModerators moderators,
    GuildPermissions permissions,
    DiscordBotIdentity identity,
    PollAnswerSets answerSets,
    IPostLog postLog,
    IPlatformPollMap pollMap,
    ITallyLog tallies,
    PollService pollService,
    VoterIds voters,
    ICommunityStore communities,
    GatewayIntentState intents,
    TimeProvider time,
    ILogger<GatewayEventHandler> logger)
{
    public const string MessageUpdate = "MESSAGE_UPDATE";

    private const string Platform = DiscordPosts.Platform;

    public async Task HandleAsync(GatewayDispatch dispatch, CancellationToken ct)
    {
        switch (dispatch.EventName)
        {
            case GatewayEventNames.MessageCreate:
                await OnMessageAsync(dispatch.Parse<DiscordMessage>(), ct);
                break;
            case MessageUpdate:
                OnMessageUpdate(dispatch.Parse<DiscordMessage>());
                break;
            case GatewayEventNames.MessageReactionAdd:
                var add = dispatch.Parse<MessageReactionAddEvent>();
                await OnReactionAsync(add.GuildId, add.ChannelId, add.MessageId, add.UserId, add.Emoji, added: true, dispatch.EventKey, ct);
                break;
            case GatewayEventNames.MessageReactionRemove:
                var remove = dispatch.Parse<MessageReactionRemoveEvent>();
                await OnReactionAsync(remove.GuildId, remove.ChannelId, remove.MessageId, remove.UserId, remove.Emoji, added: false, dispatch.EventKey, ct);
                break;
            case GatewayEventNames.MessageReactionRemoveAll:
                var all = dispatch.Parse<MessageReactionRemoveAllEvent>();
                await OnBulkRemovalAsync(all.GuildId, all.ChannelId, all.MessageId, emoji: null, dispatch.EventKey, ct);
                break;
            case GatewayEventNames.MessageReactionRemoveEmoji:
                var one = dispatch.Parse<MessageReactionRemoveEmojiEvent>();
                await OnBulkRemovalAsync(one.GuildId, one.ChannelId, one.MessageId, EmojiText(one.Emoji), dispatch.EventKey, ct);
                break;
            case GatewayEventNames.MessagePollVoteAdd:
                await OnPollVoteAsync(dispatch.Parse<MessagePollVoteEvent>(), added: true, ct);
                break;
            case GatewayEventNames.MessagePollVoteRemove:
                await OnPollVoteAsync(dispatch.Parse<MessagePollVoteEvent>(), added: false, ct);
                break;
            case GatewayEventNames.GuildCreate or GatewayEventNames.GuildUpdate:
                OnGuildCreate(dispatch.Parse<GuildCreateEvent>());
                break;
        }
    }

    /// <summary>The lane a dispatch runs in: events about one message (or one poll, one channel) keep their order.</summary>
    public static string LaneOf(GatewayDispatch dispatch)
    {
        var data = dispatch.Data;
        string? Get(string name) => data.ValueKind == System.Text.Json.JsonValueKind.Object && data.TryGetProperty(name, out var value)
            && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        return dispatch.EventName switch
        {
            GatewayEventNames.MessageCreate => "channel:" + Get("channel_id"),
            GatewayEventNames.GuildCreate or GatewayEventNames.GuildUpdate => "guild:" + Get("id"),
            MessageUpdate => "message:" + Get("id"),
            _ => "message:" + Get("message_id"),
        };
    }

    private async Task OnMessageAsync(DiscordMessage message, CancellationToken ct)
    {
        if (message.Author is not { } author || author.Bot == true || author.Id == identity.UserId || message.WebhookId is not null
            || string.IsNullOrWhiteSpace(message.Content))
        {
            return;
        }

        var where = new ChatLocation(Platform, message.GuildId ?? "dm:" + message.ChannelId, message.ChannelId);
        var user = new ChatUser(author.Id, InteractionHandler.DisplayName(message.Member, author), moderators.IsModerator(message.GuildId, message.Member, author.Id));
        var reference = new MessageRef(Platform, message.ChannelId, message.Id);
        if (AddressedText(message, identity.UserId) is { } addressed)
        {
            // A DM or a mention of the bot asks the bot, and Discord delivers its content with or without the Message
            // Content intent: a link in it is summarised whatever the community's autosummary setting, and a problem
            // (an unreadable page, a cooldown) is said rather than kept quiet. A text command in it ("@bot /help" or "@bot help",
            // or "/help" in a DM) runs through the router like a slash command: the same rights, cooldowns and limits.
            // The answer is a reply to the asker's message, so in a busy channel it is clear whom it answers.
            var asked = new MessageReference(message.Id, message.ChannelId, message.GuildId);
            if (ArgumentParser.TryParseCommand(addressed, out var name, out var arguments, out _) || IsBareCommand(addressed, out name, out arguments))
            {
                var command = new CommandReceived(where, user, time.GetUtcNow(), name, arguments, reference);
                await TypingIfSlowAsync(command, ct);
                var reply = InChannel(await router.HandleAsync(command, ct), name, message.GuildId);
                await PostAsync(where, message.ChannelId, WithPermissionHint(reply, name, message.GuildId), ct, asked);
            }
            else if (UrlArgument.IsUrl(addressed))
            {
                var command = new CommandReceived(where, user, time.GetUtcNow(), "summary", addressed, reference);
                await TypingIfSlowAsync(command, ct);
                await PostAsync(where, message.ChannelId, await router.HandleAsync(command, ct), ct, asked);
            }
            else
            {
                await PostAsync(where, message.ChannelId, Normal(await router.HandleAsync(new MessagePosted(where, user, time.GetUtcNow(), addressed, reference), ct)), ct, asked);
            }

            return;
        }

        // Without Message Content other guild messages carry no text: automatic summaries of links posted in channels
        // are off (the status line and /help say so) rather than working for a few messages only.
        if (!intents.MessageContent || message.GuildId is null)
        {
            return;
        }

        await PostAsync(where, message.ChannelId, Normal(await router.HandleAsync(new MessagePosted(where, user, time.GetUtcNow(), message.Content, reference), ct)), ct);
    }

    /// <summary>
    /// "@bot help" asks what "@bot /help" asks: the message is addressed to the bot, so a first word that names one of
    /// its commands is that command (members rarely type the slash after a mention). Any other first word leaves the
    /// text a message, so "@bot ping" or a link still reach the message handlers.
    /// </summary>
    private bool IsBareCommand(string addressed, out string name, out string arguments) =>
        ArgumentParser.TryParseCommand("/" + addressed.TrimStart(), out name, out arguments, out var botName)
        && botName is null && router.Find(name) is not null;

    /// <summary>
    /// The text of a message addressed to the bot, without the bot's own mention: every DM, and a guild message that
    /// mentions the bot (in <c>mentions</c>, or as <c>&lt;@id&gt;</c> in the text); null for any other message.
    /// </summary>
    internal static string? AddressedText(DiscordMessage message, string? botUserId)
    {
        var content = message.Content ?? "";
        if (botUserId is null)
        {
            return message.GuildId is null ? content.Trim() : null;
        }

        var tags = new[] { $"<@{botUserId}>", $"<@!{botUserId}>" };
        var mentioned = message.Mentions?.Any(u => u.Id == botUserId) == true || tags.Any(t => content.Contains(t, StringComparison.Ordinal));
        if (message.GuildId is not null && !mentioned)
        {
            return null;
        }

        foreach (var tag in tags)
        {
            content = content.Replace(tag, " ", StringComparison.Ordinal);
        }

        return content.Trim();
    }

    /// <summary>
    /// A slow command (a page to fetch) shows "DiscussionBot is typing…", as a slash command shows "thinking…". Only a
    /// courtesy: when Discord refuses it, the command still runs and answers.
    /// </summary>
    private async Task TypingIfSlowAsync(CommandReceived command, CancellationToken ct)
    {
        if (!router.IsSlow(command))
        {
            return;
        }

        try
        {
            await rest.TriggerTypingAsync(command.Where.ChatId, ct);
        }
        catch (Exception ex) when (ex is DiscordHttpException or TimeoutException or HttpRequestException)
        {
            LogTypingRefused(ex, command.Where.ChatId);
        }
    }

    /// <summary>
    /// A text command's answer is an ordinary channel message, which everyone in a guild channel sees: an answer meant
    /// for the asker alone (a dashboard sign-in link) is not posted there; the member is pointed to the slash command,
    /// whose answer Discord shows to them only. In a DM the asker is the only reader, so it is posted as it is.
    /// </summary>
    private static Reply? InChannel(Reply? reply, string command, string? guildId) =>
        reply is { Private: true } && guildId is not null
            ? Reply.Problem($"The answer to /{command} is for you alone, so it is not posted in this channel: use the /{command} slash command, whose answer only you see.")
            : reply;

    /// <summary>
    /// A message carries the member's roles but not their permissions, which the bot works out from the guild's roles as
    /// GUILD_CREATE gave them. Until that has arrived (just after the bot connects) Manage Server cannot be checked: the
    /// member is refused, told why, and that the slash command, which carries permissions, works now.
    /// </summary>
    private Reply? WithPermissionHint(Reply? reply, string command, string? guildId) =>
        reply is { Kind: ReplyKind.Refusal } && guildId is not null && !permissions.Knows(guildId) && router.Find(command) is { Moderator: true } info
            ? reply with
            {
                Text = new RichText([.. reply.Text.Spans,
                    new TextSpan($" Discord has not yet sent the bot this server's roles, so Manage Server could not be checked: try again in a moment, or use the /{info.Name} slash command.")]),
            }
            : reply;

    /// <summary>Plain messages get an answer only when a handler had something to say, never a problem under a member's post.</summary>
    private static Reply? Normal(Reply? reply) => reply is { Kind: ReplyKind.Normal } ? reply : null;

    /// <summary>Posts the reply; with <paramref name="replyTo"/> its first message is a reply to that message (the rest follow it).</summary>
    private async Task PostAsync(ChatLocation where, string channelId, Reply? reply, CancellationToken ct, MessageReference? replyTo = null)
    {
        if (reply is null)
        {
            return;
        }

        foreach (var rendered in DiscordReplyRenderer.Render(reply, time.GetUtcNow()))
        {
            var payload = replyTo is null ? rendered.Payload : rendered.Payload with { MessageReference = replyTo };
            var sent = await rest.CreateMessageAsync(channelId, payload, ct, rendered.Files);
            posts.Record(where, sent, rendered, reply);
            replyTo = null;
        }
    }

    private void OnMessageUpdate(DiscordMessage message)
    {
        if (message.Poll?.Results is not { IsFinalized: true } results)
        {
            return;
        }

        var mapped = pollMap.Find(Platform, message.Id);
        if (mapped is null)
        {
            return;
        }

        if (!mapped.Closed)
        {
            pollMap.Record(mapped with { Closed = true });
        }

        // The tally keys are Core's 0-based option indexes, mapped from the answer_ids Discord gave the answers.
        var counts = results.AnswerCounts.Where(c => mapped.OptionOf(c.Id) is not null)
            .ToDictionary(c => mapped.OptionOf(c.Id)!.Value.ToString(CultureInfo.InvariantCulture), c => c.Count, StringComparer.Ordinal);
        tallies.Record(new PlatformTally
        {
            Id = PlatformTally.ForPoll(Platform, message.Id),
            CommunityId = mapped.CommunityId,
            PollId = mapped.PollId,
            Counts = counts,
            Total = counts.Values.Sum(),
            Final = true,
            At = time.GetUtcNow(),
        });
        answerSets.Forget(message.Id);
        LogPollFinalized(mapped.PollId, message.Id);
    }

    private async Task OnReactionAsync(string? guildId, string channelId, string messageId, string userId, Emoji emoji, bool added, string? eventKey, CancellationToken ct)
    {
        if (userId == identity.UserId || guildId is null)
        {
            return;
        }

        var reference = new MessageRef(Platform, channelId, messageId);
        if (postLog.Find(reference.Key) is null)
        {
            // Only reactions on the bot's own posts are logged; the rest are the members' business.
            return;
        }

        var text = EmojiText(emoji);
        var where = new ChatLocation(Platform, guildId, channelId);
        await router.HandleAsync(new ReactionChanged(where, new ChatUser(userId, userId, IsModerator: false), time.GetUtcNow(), reference, text, added, eventKey), ct);
    }

    /// <summary>REMOVE_ALL / REMOVE_EMOJI name no member: Core works out from the reaction log whose reactions went.</summary>
    private async Task OnBulkRemovalAsync(string? guildId, string channelId, string messageId, string? emoji, string? eventKey, CancellationToken ct)
    {
        if (guildId is null)
        {
            return;
        }

        var reference = new MessageRef(Platform, channelId, messageId);
        var where = new ChatLocation(Platform, guildId, channelId);
        await router.HandleAsync(new ReactionsCleared(where, new ChatUser("", "", IsModerator: false), time.GetUtcNow(), reference, emoji, eventKey), ct);
    }

    private async Task OnPollVoteAsync(MessagePollVoteEvent vote, bool added, CancellationToken ct)
    {
        if (vote.UserId == identity.UserId)
        {
            return;
        }

        var mapped = pollMap.Find(Platform, vote.MessageId);
        if (mapped is null)
        {
            LogUnknownPoll(vote.MessageId);
            return;
        }

        if (mapped.OptionOf(vote.AnswerId) is not { } option)
        {
            LogUnknownAnswer(vote.AnswerId, vote.MessageId);
            return;
        }

        var options = answerSets.Apply(vote.MessageId, vote.UserId, option, added,
            () => pollService.CurrentVote(mapped.PollId, voters.Of(Platform, vote.UserId)));
        var communityId = vote.GuildId ?? mapped.CommunityId.Split(':', 2)[^1];
        var where = new ChatLocation(Platform, communityId, vote.ChannelId);
        var reply = await router.HandleAsync(new VoteCast(where, new ChatUser(vote.UserId, vote.UserId, IsModerator: false), time.GetUtcNow(), vote.MessageId, options), ct);
        // A native poll shows the vote itself; only an announcement for everyone is posted.
        await PostAsync(where, vote.ChannelId, Normal(reply), ct);
    }

    private void OnGuildCreate(GuildCreateEvent guild)
    {
        if (guild.Unavailable == true || guild.Name is not { Length: > 0 } name)
        {
            return;
        }

        var key = $"{Platform}:{guild.Id}";
        var community = communities.GetOrCreate(key, name, time.GetUtcNow());
        if (community.Title != name)
        {
            communities.Save(community with { Title = name });
        }
    }

    /// <summary>A unicode emoji is its character; a custom emoji is written as Discord writes it in messages, <c>&lt;:name:id&gt;</c>.</summary>
    public static string EmojiText(Emoji emoji) =>
        emoji.Id is { Length: > 0 } id ? $"<:{emoji.Name}:{id}>" : emoji.Name ?? "";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discord did not show the typing indicator in channel {ChannelId}; the command runs anyway")]
    private partial void LogTypingRefused(Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord ended poll {PollId} (message {MessageId}); final counts recorded")]
    private partial void LogPollFinalized(int pollId, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A vote for answer {AnswerId} of poll message {MessageId}, which the bot did not send, was ignored")]
    private partial void LogUnknownAnswer(int answerId, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A vote on poll message {MessageId}, which this bot did not post, was ignored")]
    private partial void LogUnknownPoll(string messageId);
}
