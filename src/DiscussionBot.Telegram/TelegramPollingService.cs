using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace DiscussionBot.Telegram;

/// <summary>Long polling, our own loop rather than Telegram.Bot's receiver: the offset lives in the database
/// (<see cref="UpdateLedger"/>) and a batch is confirmed only once all of it is handled. Telegram being unreachable is
/// retried for as long as it lasts (<see cref="BotApiCalls.RequiredAsync{T}"/>); only a refused token or a wrong address
/// ends the process, and any other trouble of this service leaves the other platforms running.</summary>
public sealed partial class TelegramPollingService(
    ITelegramBotClient client,
    BotApiCalls calls,
    TelegramStartup startup,
    UpdateLedger ledger,
    UpdateDispatcher dispatcher,
    PlatformHealth health,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    /// <summary>The update types the bot asks for; Telegram sends reactions and chat_member only when they are named.</summary>
    public static readonly UpdateType[] AllowedUpdates =
    [
        UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.Poll, UpdateType.PollAnswer,
        UpdateType.MessageReaction, UpdateType.MessageReactionCount, UpdateType.MyChatMember, UpdateType.ChatMember,
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Expect(BotApiCalls.Platform);
        // Let the host finish starting (and the other platforms begin) before the first network call.
        await Task.Yield();
        try
        {
            await startup.InitializeAsync(stoppingToken);
            await DeleteWebhookAsync(stoppingToken);
            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (TelegramFatalException ex)
        {
            calls.StopForGood(ex);
        }
        catch (Exception ex)
        {
            calls.ReportCrashed(ex);
        }
    }

    /// <summary>getUpdates fails with 409 while a webhook is set; pending updates are kept, they are ours to handle.</summary>
    private Task<bool> DeleteWebhookAsync(CancellationToken ct) =>
        calls.OptionalAsync("deleteWebhook", t => client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: t), ct);

    private async Task PollAsync(CancellationToken ct)
    {
        var timeout = options.Value.PollingTimeoutSeconds;
        while (!ct.IsCancellationRequested)
        {
            var updates = await calls.RequiredAsync("getUpdates", async t =>
            {
                try
                {
                    return await client.GetUpdates(ledger.Offset, limit: 100, timeout: timeout, allowedUpdates: AllowedUpdates, cancellationToken: t);
                }
                catch (ApiRequestException ex) when (ex.ErrorCode == 409 && ex.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
                {
                    // Somebody set a webhook since we started: take it down again, then retry (with backoff).
                    LogWebhookActive();
                    await DeleteWebhookAsync(t);
                    throw;
                }
            }, ct);
            health.Report(BotApiCalls.Platform, PlatformState.Connected);
            try
            {
                await dispatcher.HandleBatchAsync(updates, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not an update's fault (each is caught on its own) but the bot's, e.g. the database: the batch stays
                // unconfirmed and comes again; the updates done meanwhile are skipped by the ledger.
                LogBatchFailed(ex, BatchRetry.TotalSeconds);
                await Task.Delay(BatchRetry, time, ct);
            }
        }
    }

    private static readonly TimeSpan BatchRetry = TimeSpan.FromSeconds(5);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of Telegram updates could not be finished; fetching it again in {Seconds} s")]
    private partial void LogBatchFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "getUpdates refused: a webhook is set for this bot; deleting it so long polling can go on")]
    private partial void LogWebhookActive();
}
