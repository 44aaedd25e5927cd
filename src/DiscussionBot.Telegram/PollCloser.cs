using System.Globalization;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace DiscussionBot.Telegram;

/// <summary>Stops Telegram polls at their deadline (stopPoll) when it is beyond Telegram's own open_period use. The
/// deadlines are in the database, so a poll due while the bot was down is stopped right after the restart.</summary>
public sealed partial class PollCloser(
    ITelegramBotClient client,
    IPlatformPollMap polls,
    SendScheduler scheduler,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<PollCloser> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollCloseCheckSeconds), time);
        try
        {
            do
            {
                await CloseDueAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task CloseDueAsync(CancellationToken ct)
    {
        foreach (var poll in polls.DueForClosing(TelegramMessenger.PlatformName, time.GetUtcNow()))
        {
            if (!long.TryParse(poll.ChatId, CultureInfo.InvariantCulture, out var chatId) || !int.TryParse(poll.MessageId, CultureInfo.InvariantCulture, out var messageId))
            {
                continue;
            }
            try
            {
                await scheduler.EnqueueAsync(chatId, token => client.StopPoll(chatId, messageId, cancellationToken: token), ct);
                polls.Record(poll with { Closed = true });
                LogClosed(poll.PollId, poll.PlatformPollId);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400)
            {
                // Already closed, or the message was deleted: nothing left to stop.
                polls.Record(poll with { Closed = true });
                LogCloseFailed(ex, poll.PollId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCloseFailed(ex, poll.PollId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped poll {PollId} (Telegram poll {PlatformPollId}) at its deadline")]
    private partial void LogClosed(int pollId, string platformPollId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop poll {PollId}")]
    private partial void LogCloseFailed(Exception exception, int pollId);
}
