using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using ChatLocation = DiscussionBot.Core.Chat.ChatLocation;
using Poll = Telegram.Bot.Types.Poll;

namespace DiscussionBot.Telegram;

/// <summary>Posts replies to Telegram chats: HTML text split under the limit, inline keyboards, photos, documents and
/// native polls, all through the <see cref="SendScheduler"/>. Records a <see cref="BotPost"/> for every message of a
/// reply that says what it is about, and which Telegram poll is which Core poll.</summary>
public sealed partial class TelegramMessenger(
    ITelegramBotClient client,
    SendScheduler scheduler,
    IPostLog posts,
    IPlatformPollMap polls,
    TimeProvider time,
    ILogger<TelegramMessenger> logger) : IMessenger
{
    public const string PlatformName = "telegram";

    /// <summary>Telegram's own open_period is used up to this; longer polls are stopped by <see cref="PollCloser"/>.</summary>
    public static readonly TimeSpan MaxOpenPeriod = TimeSpan.FromSeconds(600);

    public string Platform => PlatformName;

    public async Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct)
    {
        if (where.Platform != PlatformName || !long.TryParse(where.ChatId, CultureInfo.InvariantCulture, out var chatId))
        {
            return null;
        }
        try
        {
            var sent = await DeliverAsync(where, chatId, reply, replyTo: null, ct);
            return sent.Count > 0 ? sent[0] : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex, chatId);
            return null;
        }
    }

    /// <summary>Sends every message of the reply, in order, and returns them.</summary>
    public async Task<IReadOnlyList<MessageRef>> DeliverAsync(ChatLocation where, long chatId, Reply reply, int? replyTo, CancellationToken ct)
    {
        var outcome = TelegramRenderer.Render(reply);
        if (outcome is RenderOutcome.Refused refused)
        {
            // A handler built something Telegram cannot show; say so rather than post half of it.
            LogRenderRefused(chatId, refused.Reason);
            reply = Reply.Problem("Sorry, that answer cannot be shown on Telegram. The moderators can find the details in the bot's log.");
            outcome = TelegramRenderer.Render(reply);
        }
        var rendered = (RenderOutcome.Rendered)outcome;
        var replyParameters = replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;

        // Every message of the reply is queued at once, so a second reply to the same chat cannot slip between its parts.
        var jobs = new List<Func<CancellationToken, Task<Message>>>();
        var parts = rendered.Parts;
        var captionUsed = false;
        if (reply.Image is { } image)
        {
            var caption = image.Caption is { } c ? TelegramRenderer.Escape(c) : FirstPartAsCaption(parts, out captionUsed);
            var keyboard = parts.Count <= (captionUsed ? 1 : 0) && reply.File is null ? rendered.Keyboard : null;
            var parameters = replyParameters;
            jobs.Add(token => client.SendPhoto(chatId, InputFile.FromStream(new MemoryStream(image.Png), image.FileName),
                caption: caption, parseMode: ParseMode.Html, replyParameters: parameters, replyMarkup: keyboard, cancellationToken: token));
            replyParameters = null;
        }
        if (reply.File is { } file)
        {
            var caption = reply.Image is null ? FirstPartAsCaption(parts, out captionUsed) : null;
            var keyboard = parts.Count <= (captionUsed ? 1 : 0) ? rendered.Keyboard : null;
            var parameters = replyParameters;
            jobs.Add(token => client.SendDocument(chatId, InputFile.FromStream(new MemoryStream(file.Content), file.FileName),
                caption: caption, parseMode: ParseMode.Html, replyParameters: parameters, replyMarkup: keyboard, cancellationToken: token));
            replyParameters = null;
        }
        var textParts = captionUsed ? parts.Skip(1).ToList() : parts.ToList();
        for (var i = 0; i < textParts.Count; i++)
        {
            var html = textParts[i];
            var keyboard = i == textParts.Count - 1 && reply.Poll is null ? rendered.Keyboard : null;
            var parameters = replyParameters;
            jobs.Add(token => client.SendMessage(chatId, html, ParseMode.Html, replyParameters: parameters, replyMarkup: keyboard,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: token));
            replyParameters = null;
        }
        if (reply.Poll is { } poll)
        {
            jobs.Add(PollJob(chatId, poll, rendered));
        }

        var queued = jobs.Select(job => scheduler.EnqueueAsync(chatId, job, ct)).ToList();
        var sent = new List<MessageRef>();
        foreach (var task in queued)
        {
            var message = await task;
            var about = reply.About;
            if (message.Poll is { } posted && reply.Poll is { } spec)
            {
                about ??= new PostSubject(PostKind.Poll, PollId: spec.PollId);
                RecordPoll(where, message, posted, spec);
            }
            sent.Add(Record(where, message, about));
        }
        return sent;
    }

    private Func<CancellationToken, Task<Message>> PollJob(long chatId, PollSpec poll, RenderOutcome.Rendered rendered)
    {
        var remaining = poll.ClosesAt - time.GetUtcNow();
        // Telegram closes short polls itself; longer ones PollCloser stops at the deadline, which survives restarts.
        int? openPeriod = remaining >= TimeSpan.FromSeconds(5) && remaining <= MaxOpenPeriod ? (int)Math.Ceiling(remaining.TotalSeconds) : null;
        var question = poll.Question.Length <= 300 ? poll.Question : poll.Question[..299] + "…";
        var options = poll.Options.Select(o => new InputPollOption(o.Length <= 100 ? o : o[..99] + "…")).ToArray();
        return token => client.SendPoll(chatId, question, options,
            isAnonymous: poll.Anonymous, type: PollType.Regular, allowsMultipleAnswers: poll.MultipleChoice,
            openPeriod: openPeriod, hideResultsUntilCloses: poll.HiddenUntilClose,
            replyMarkup: rendered.Keyboard, cancellationToken: token);
    }

    private void RecordPoll(ChatLocation where, Message message, Poll posted, PollSpec spec) =>
        polls.Record(new PlatformPoll
        {
            Id = PlatformPoll.KeyOf(PlatformName, posted.Id),
            Platform = PlatformName,
            PlatformPollId = posted.Id,
            PollId = spec.PollId,
            CommunityId = where.CommunityKey,
            ChatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            MessageId = message.MessageId.ToString(CultureInfo.InvariantCulture),
            Anonymous = spec.Anonymous,
            ClosesAt = spec.ClosesAt,
            // Telegram stops polls with an open_period itself.
            Closed = false,
        });

    private static string? FirstPartAsCaption(IReadOnlyList<string> parts, out bool used)
    {
        // A caption is limited to 1024 characters; a longer text follows as its own messages.
        used = parts.Count > 0 && parts[0].Length <= TelegramRenderer.MaxCaptionChars;
        return used ? parts[0] : null;
    }

    private MessageRef Record(ChatLocation where, Message message, PostSubject? about)
    {
        var reference = new MessageRef(PlatformName, message.Chat.Id.ToString(CultureInfo.InvariantCulture), message.MessageId.ToString(CultureInfo.InvariantCulture));
        if (about is not null)
        {
            posts.Record(BotPost.Of(reference, where, about, time.GetUtcNow()));
        }
        return reference;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A reply to chat {ChatId} could not be rendered for Telegram: {Reason}")]
    private partial void LogRenderRefused(long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A post to chat {ChatId} could not be delivered")]
    private partial void LogDeliveryFailed(Exception exception, long chatId);
}
