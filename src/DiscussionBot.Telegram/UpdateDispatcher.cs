using System.Globalization;
using System.Text.Json;
using DiscussionBot.Core.Operations;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DiscussionBot.Telegram;

/// <summary>A dead-lettered update as stored: the update's JSON and why it kept failing.</summary>
public sealed record DeadLetter(int UpdateId, string Update, string Error, int Attempts, DateTimeOffset At)
{
    public static string KeyOf(int updateId) => "telegram:dead-letter:" + updateId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Handles a batch of updates: each chat's updates in order, different chats side by side, one DI scope per
/// update, each update recorded in the <see cref="UpdateLedger"/> as soon as it is done. An update that keeps failing
/// is stored as a <see cref="DeadLetter"/> and the rest go on.</summary>
public sealed partial class UpdateDispatcher(
    IServiceScopeFactory scopes,
    UpdateLedger ledger,
    IStateStore state,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<UpdateDispatcher> logger)
{
    private readonly int _maxAttempts = options.Value.MaxAttemptsPerUpdate;
    private long _handled;

    /// <summary>Updates handled (or dead-lettered) since start.</summary>
    public long HandledCount => Interlocked.Read(ref _handled);

    public async Task HandleBatchAsync(IReadOnlyList<Update> updates, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }
        foreach (var _ in updates)
        {
            BotMetrics.PlatformEvent(TelegramMessenger.PlatformName);
        }
        var lanes = updates.Where(u => !ledger.IsHandled(u.Id)).GroupBy(OrderingKey).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentChats, CancellationToken = ct },
            async (lane, token) =>
            {
                foreach (var update in lane)
                {
                    await HandleOneAsync(update, webhook: false, token);
                }
            });
        ledger.CompleteBatch(updates.Max(u => u.Id));
    }

    /// <summary>Webhook mode: one update per request; a redelivery of a handled update is skipped.</summary>
    public async Task HandleWebhookUpdateAsync(Update update, CancellationToken ct)
    {
        BotMetrics.PlatformEvent(TelegramMessenger.PlatformName);
        if (!ledger.IsHandled(update.Id))
        {
            await HandleOneAsync(update, webhook: true, ct);
        }
    }

    private async Task HandleOneAsync(Update update, bool webhook, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TelegramUpdateHandler>().HandleAsync(update, ct);
                break;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopping: the update stays unhandled and comes again after the restart.
                throw;
            }
            catch (Exception ex) when (attempt < _maxAttempts)
            {
                LogAttemptFailed(ex, update.Id, attempt, _maxAttempts);
            }
            catch (Exception ex)
            {
                LogDeadLettered(ex, update.Id, attempt);
                var letter = new DeadLetter(update.Id, JsonSerializer.Serialize(update, JsonBotAPI.Options), ex.ToString(), attempt, time.GetUtcNow());
                state.Set(DeadLetter.KeyOf(update.Id), JsonSerializer.Serialize(letter));
                break;
            }
        }
        ledger.MarkHandled(update.Id, webhook);
        Interlocked.Increment(ref _handled);
    }

    /// <summary>Updates that must keep their order share a key: a chat's messages, reactions and member changes;
    /// the answers to one poll (a changed vote must not overtake the first one).</summary>
    internal static string OrderingKey(Update update) => update switch
    {
        { Message.Chat: { } chat } => ChatKey(chat),
        { EditedMessage.Chat: { } chat } => ChatKey(chat),
        { CallbackQuery.Message.Chat: { } chat } => ChatKey(chat),
        { MessageReaction.Chat: { } chat } => ChatKey(chat),
        { MessageReactionCount.Chat: { } chat } => ChatKey(chat),
        { MyChatMember.Chat: { } chat } => ChatKey(chat),
        { ChatMember.Chat: { } chat } => ChatKey(chat),
        { PollAnswer.PollId: { } poll } => "poll:" + poll,
        { Poll.Id: { } poll } => "poll:" + poll,
        _ => "other",
    };

    private static string ChatKey(Chat chat) => "chat:" + chat.Id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} failed (attempt {Attempt} of {MaxAttempts}); trying again")]
    private partial void LogAttemptFailed(Exception exception, int updateId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update {UpdateId} failed {Attempts} times and is set aside as a dead letter; the other updates go on")]
    private partial void LogDeadLettered(Exception exception, int updateId, int attempts);
}
