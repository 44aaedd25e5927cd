using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using ChatLocation = DiscussionBot.Core.Chat.ChatLocation;
using Poll = Telegram.Bot.Types.Poll;

namespace DiscussionBot.Telegram;

/// <summary>Turns one Telegram update into Core's chat events, runs them through the router and hands the replies to
/// the messenger. Created in the update's own DI scope.</summary>
public sealed partial class TelegramUpdateHandler(
    ChatRouter router,
    ITelegramBotClient client,
    BotApiCalls calls,
    TelegramMessenger messenger,
    AdminCache admins,
    BotIdentity identity,
    IPlatformPollMap polls,
    ITallyLog tallies,
    TimeProvider time,
    ILogger<TelegramUpdateHandler> logger)
{
    private const string Platform = TelegramMessenger.PlatformName;

    /// <summary>Telegram shows "typing…" for about five seconds; slow work renews it.</summary>
    private static readonly TimeSpan TypingRenewal = TimeSpan.FromSeconds(4);

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        switch (update)
        {
            case { Message: { } message }:
                await HandleMessageAsync(message, ct);
                break;
            case { CallbackQuery: { } callback }:
                await HandleCallbackAsync(callback, ct);
                break;
            case { PollAnswer: { } answer }:
                await HandlePollAnswerAsync(answer, ct);
                break;
            case { Poll: { } poll }:
                HandlePoll(poll);
                break;
            case { MessageReaction: { } reaction }:
                await HandleReactionAsync(reaction, ct);
                break;
            case { MessageReactionCount: { } counts }:
                HandleReactionCount(counts);
                break;
            case { MyChatMember: { } mine }:
                admins.Invalidate(mine.Chat.Id);
                HandleMyMembership(mine);
                break;
            case { ChatMember: { } member }:
                admins.Invalidate(member.Chat.Id);
                break;
            default:
                // Edited messages and anything else: a command is run when it is sent, not again when it is edited.
                break;
        }
    }

    private async Task HandleMessageAsync(Message message, CancellationToken ct)
    {
        if (message.Text is not { } text)
        {
            return;
        }
        if (message.Entities is not { } entities || !entities.Any(e => e.Type == MessageEntityType.BotCommand && e.Offset == 0))
        {
            await HandlePlainMessageAsync(message, text, ct);
            return;
        }
        if (!ArgumentParser.TryParseCommand(text, out var name, out var arguments, out var botName))
        {
            return;
        }
        if (!identity.IsAddressedToMe(botName))
        {
            LogOtherBot(name, botName);
            return;
        }
        var where = LocationOf(message.Chat);
        var author = await UserAsync(message.Chat, message.From, message.SenderChat, ct);
        var reference = new MessageRef(Platform, where.ChatId, message.MessageId.ToString(CultureInfo.InvariantCulture));
        var command = new CommandReceived(where, author, message.Date.ToUniversalTime(), name, arguments, reference);
        var reply = await RouteAsync(command, message.Chat.Id, ct);
        if (reply is { Private: true } && message.From is { } from && message.Chat.Type != ChatType.Private)
        {
            DeliverPrivately(where, from.Id, message.Chat.Id, reply, message.MessageId);
        }
        else if (reply is not null)
        {
            Deliver(where, message.Chat.Id, reply, message.MessageId);
        }
    }

    /// <summary>A plain message (not a command): a posted link may get an automatic summary where the chat turned it on.</summary>
    private async Task HandlePlainMessageAsync(Message message, string text, CancellationToken ct)
    {
        if (message.From is { IsBot: true })
        {
            return;
        }
        var where = LocationOf(message.Chat);
        var author = await UserAsync(message.Chat, message.From, message.SenderChat, ct);
        var reference = new MessageRef(Platform, where.ChatId, message.MessageId.ToString(CultureInfo.InvariantCulture));
        var reply = await RouteAsync(new MessagePosted(where, author, message.Date.ToUniversalTime(), text, reference), message.Chat.Id, ct);
        if (reply is not null)
        {
            Deliver(where, message.Chat.Id, reply, message.MessageId);
        }
    }

    private async Task HandleCallbackAsync(CallbackQuery callback, CancellationToken ct)
    {
        Reply? reply = null;
        try
        {
            if (callback.Message is { } message && callback.Data is { } data)
            {
                var where = LocationOf(message.Chat);
                var author = await UserAsync(message.Chat, callback.From, null, ct);
                var reference = new MessageRef(Platform, where.ChatId, message.MessageId.ToString(CultureInfo.InvariantCulture));
                reply = await RouteAsync(new ButtonPressed(where, author, time.GetUtcNow(), data, reference), message.Chat.Id, ct);
                if (reply is { Kind: ReplyKind.Normal })
                {
                    Deliver(where, message.Chat.Id, reply, replyTo: null);
                }
            }
        }
        finally
        {
            // Every callback is answered, or the member's client shows a spinner; problems and refusals are a toast
            // only the presser sees.
            var toast = reply is { Kind: not ReplyKind.Normal } ? TelegramRenderer.Plain(reply.Text, 200) : null;
            await AnswerCallbackAsync(callback.Id, toast, ct);
        }
    }

    /// <summary>An expired callback (older than a few minutes) cannot be answered; the press itself was handled.</summary>
    private Task AnswerCallbackAsync(string id, string? toast, CancellationToken ct) =>
        calls.OptionalAsync("answerCallbackQuery", t => client.AnswerCallbackQuery(id, toast, cancellationToken: t), ct);

    private async Task HandlePollAnswerAsync(PollAnswer answer, CancellationToken ct)
    {
        var poll = polls.Find(Platform, answer.PollId);
        if (poll is null)
        {
            LogUnknownPoll(answer.PollId);
            return;
        }
        var voter = answer.User is { } user
            ? new ChatUser(user.Id.ToString(CultureInfo.InvariantCulture), DisplayName(user), IsModerator: false)
            : new ChatUser("chat:" + answer.VoterChat?.Id.ToString(CultureInfo.InvariantCulture), answer.VoterChat?.Title ?? "a channel", IsModerator: false);
        var where = new ChatLocation(Platform, poll.ChatId, poll.ChatId);
        var vote = new VoteCast(where, voter, time.GetUtcNow(), answer.PollId, answer.OptionIds);
        var reply = await router.HandleAsync(vote, ct);
        // A vote is silent in the group; only an announcement (e.g. a result) is posted, never a per-voter problem.
        if (reply is { Kind: ReplyKind.Normal } && long.TryParse(poll.ChatId, CultureInfo.InvariantCulture, out var chatId))
        {
            Deliver(where, chatId, reply, replyTo: null);
        }
    }

    private void HandlePoll(Poll poll)
    {
        var mapped = polls.Find(Platform, poll.Id);
        tallies.Record(new PlatformTally
        {
            Id = PlatformTally.ForPoll(Platform, poll.Id),
            CommunityId = mapped?.CommunityId ?? "",
            PollId = mapped?.PollId,
            Counts = poll.Options.Select((o, i) => (Key: i.ToString(CultureInfo.InvariantCulture), o.VoterCount)).ToDictionary(p => p.Key, p => p.VoterCount, StringComparer.Ordinal),
            Total = poll.TotalVoterCount,
            Final = poll.IsClosed,
            At = time.GetUtcNow(),
        });
        if (poll.IsClosed && mapped is { Closed: false })
        {
            polls.Record(mapped with { Closed = true });
        }
    }

    private async Task HandleReactionAsync(MessageReactionUpdated update, CancellationToken ct)
    {
        var where = LocationOf(update.Chat);
        var author = update.User is { } user
            ? new ChatUser(user.Id.ToString(CultureInfo.InvariantCulture), DisplayName(user), IsModerator: false)
            : new ChatUser("chat:" + update.ActorChat?.Id.ToString(CultureInfo.InvariantCulture), update.ActorChat?.Title ?? "anonymous", IsModerator: false);
        var reference = new MessageRef(Platform, where.ChatId, update.MessageId.ToString(CultureInfo.InvariantCulture));
        var before = update.OldReaction.Select(EmojiOf).ToHashSet(StringComparer.Ordinal);
        var after = update.NewReaction.Select(EmojiOf).ToHashSet(StringComparer.Ordinal);
        var at = update.Date.ToUniversalTime();
        foreach (var removed in before.Except(after))
        {
            await router.HandleAsync(new ReactionChanged(where, author, at, reference, removed, Added: false), ct);
        }
        foreach (var added in after.Except(before))
        {
            await router.HandleAsync(new ReactionChanged(where, author, at, reference, added, Added: true), ct);
        }
    }

    private void HandleReactionCount(MessageReactionCountUpdated update)
    {
        var where = LocationOf(update.Chat);
        var reference = new MessageRef(Platform, where.ChatId, update.MessageId.ToString(CultureInfo.InvariantCulture));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var count in update.Reactions)
        {
            counts[EmojiOf(count.Type)] = count.TotalCount;
        }
        tallies.Record(new PlatformTally
        {
            Id = PlatformTally.ForReactions(reference.Key),
            CommunityId = where.CommunityKey,
            MessageKey = reference.Key,
            Counts = counts,
            Total = counts.Values.Sum(),
            At = update.Date.ToUniversalTime(),
        });
    }

    private void HandleMyMembership(ChatMemberUpdated update)
    {
        // Telegram sends message_reaction updates only to administrators: tell the group what the bot is missing.
        var joinedAsMember = update.NewChatMember.Status == ChatMemberStatus.Member
            && update.OldChatMember.Status is ChatMemberStatus.Left or ChatMemberStatus.Kicked or ChatMemberStatus.Administrator;
        if (joinedAsMember && update.Chat.Type is ChatType.Group or ChatType.Supergroup)
        {
            var note = Reply.Of("Hello! I answer the commands in /help here. To log reactions to my posts, I need to be an administrator of this group: a moderator can promote me (no rights beyond reading are needed).");
            Deliver(LocationOf(update.Chat), update.Chat.Id, note, replyTo: null);
        }
    }

    private async Task<Reply?> RouteAsync(ChatEvent chatEvent, long chatId, CancellationToken ct)
    {
        if (!router.IsSlow(chatEvent))
        {
            return await router.HandleAsync(chatEvent, ct);
        }
        using var typing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var indicator = ShowTypingAsync(chatId, typing.Token);
        try
        {
            return await router.HandleAsync(chatEvent, ct);
        }
        finally
        {
            await typing.CancelAsync();
            await indicator;
        }
    }

    /// <summary>"Typing…" is a courtesy: when Telegram refuses it, the answer still comes.</summary>
    private async Task ShowTypingAsync(long chatId, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await calls.OptionalAsync("sendChatAction", t => client.SendChatAction(chatId, ChatAction.Typing, cancellationToken: t), ct);
                await Task.Delay(TypingRenewal, time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Replies are sent by the chat's lane in the scheduler; the update is done once they are queued, so one
    /// rate-limited chat does not hold up the updates of the others.</summary>
    private void Deliver(ChatLocation where, long chatId, Reply reply, int? replyTo)
    {
        var task = messenger.DeliverAsync(where, chatId, reply, replyTo, CancellationToken.None);
        _ = task.ContinueWith(t => ReportDeliveryFailure(t.Exception!.GetBaseException(), chatId), CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A private answer (a dashboard sign-in link) goes to the member's own chat with the bot. Telegram lets a bot
    /// write there only once the member has started it, so when that fails the group is told how, without the secret.</summary>
    private void DeliverPrivately(ChatLocation where, long userId, long groupId, Reply reply, int replyTo)
    {
        var task = messenger.DeliverAsync(where, userId, reply, replyTo: null, CancellationToken.None);
        _ = task.ContinueWith(t =>
        {
            var failure = t.Exception!.GetBaseException();
            ReportDeliveryFailure(failure, userId);
            if (BotApiCalls.IsUnreadableSuccess(failure))
            {
                return; // it did reach the member's private chat
            }
            Deliver(where, groupId, Reply.Problem("I could not send you that privately: open a private chat with me, press Start, then send the command here again."), replyTo);
        }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<ChatUser> UserAsync(Chat chat, User? user, Chat? senderChat, CancellationToken ct)
    {
        var moderator = await admins.IsModeratorAsync(chat, user, senderChat, ct);
        return user is null
            ? new ChatUser("chat:" + (senderChat?.Id ?? chat.Id).ToString(CultureInfo.InvariantCulture), senderChat?.Title ?? chat.Title ?? "anonymous", moderator)
            : new ChatUser(user.Id.ToString(CultureInfo.InvariantCulture), DisplayName(user), moderator);
    }

    private static ChatLocation LocationOf(Chat chat)
    {
        var id = chat.Id.ToString(CultureInfo.InvariantCulture);
        return new ChatLocation(Platform, id, id);
    }

    private static string DisplayName(User user) => user.Username is { Length: > 0 } name ? "@" + name : $"{user.FirstName} {user.LastName}".Trim();

    private static string EmojiOf(ReactionType type) => type switch
    {
        ReactionTypeEmoji emoji => emoji.Emoji,
        ReactionTypeCustomEmoji custom => "custom:" + custom.CustomEmojiId,
        _ => type.Type.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored /{Command}@{BotName}: addressed to another bot")]
    private partial void LogOtherBot(string command, string? botName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A vote on poll {PollId} that this bot did not post was ignored")]
    private partial void LogUnknownPoll(string pollId);

    private void ReportDeliveryFailure(Exception exception, long chatId)
    {
        if (BotApiCalls.IsUnreadableSuccess(exception))
        {
            LogDeliveredUnreadable(chatId, exception.Message);
        }
        else
        {
            LogDeliveryFailed(exception, chatId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply to chat {ChatId} was accepted, but the server's answer could not be read ({Reason}); is Telegram:ApiBaseUrl a Bot API server that follows Telegram's types?")]
    private partial void LogDeliveredUnreadable(long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reply to chat {ChatId} could not be delivered")]
    private partial void LogDeliveryFailed(Exception exception, long chatId);
}
