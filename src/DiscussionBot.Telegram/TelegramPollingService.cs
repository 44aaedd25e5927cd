using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace DiscussionBot.Telegram;

/// <summary>Long polling, our own loop rather than Telegram.Bot's receiver: the offset lives in the database
/// (<see cref="UpdateLedger"/>) and a batch is confirmed only once all of it is handled.</summary>
public sealed partial class TelegramPollingService(
    ITelegramBotClient client,
    TelegramStartup startup,
    UpdateLedger ledger,
    UpdateDispatcher dispatcher,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<TelegramOptions> options,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    /// <summary>The update types the bot asks for; Telegram sends reactions and chat_member only when they are named.</summary>
    public static readonly UpdateType[] AllowedUpdates =
    [
        UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.Poll, UpdateType.PollAnswer,
        UpdateType.MessageReaction, UpdateType.MessageReactionCount, UpdateType.MyChatMember, UpdateType.ChatMember,
    ];

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await startup.InitializeAsync(stoppingToken);
            // getUpdates fails with 409 while a webhook is set; keep pending updates, they are ours to handle.
            await client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken);
            await PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ApiRequestException ex) when (IsFatal(ex))
        {
            LogFatal(ex, ex.ErrorCode);
            lifetime.StopApplication();
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var timeout = options.Value.PollingTimeoutSeconds;
        while (!ct.IsCancellationRequested)
        {
            global::Telegram.Bot.Types.Update[] updates;
            try
            {
                updates = await client.GetUpdates(ledger.Offset, limit: 100, timeout: timeout, allowedUpdates: AllowedUpdates, cancellationToken: ct);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (ApiRequestException ex) when (IsFatal(ex))
            {
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Network trouble, a 5xx, or 409 (another instance polls the same bot): wait and try again.
                LogPollFailed(ex, backoff.TotalSeconds);
                await Task.Delay(backoff, time, ct);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                continue;
            }
            await dispatcher.HandleBatchAsync(updates, ct);
        }
    }

    /// <summary>401: the token was revoked or mistyped; 404: not a token at all. Retrying cannot help.</summary>
    internal static bool IsFatal(ApiRequestException ex) => ex.ErrorCode is 401 or 404;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Telegram refused the bot token ({ErrorCode}): check Telegram:BotToken. The host stops")]
    private partial void LogFatal(Exception exception, int errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "getUpdates failed; retrying in {Seconds} s")]
    private partial void LogPollFailed(Exception exception, double seconds);
}
