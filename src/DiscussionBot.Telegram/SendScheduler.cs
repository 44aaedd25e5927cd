using DiscussionBot.Core.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Exceptions;

namespace DiscussionBot.Telegram;

/// <summary>Paces what the bot sends as Telegram asks: one queue per chat; at most one message every
/// <see cref="TelegramOptions.SecondsBetweenMessagesPerChat"/> to a chat; at most
/// <see cref="TelegramOptions.MessagesPerMinutePerGroup"/> a minute to a group (negative chat ids: groups, supergroups and
/// channels; private chats have no per-minute cap); <see cref="TelegramOptions.MessagesPerSecond"/> a second overall.
/// A 429 pauses only the chat it was about, for the retry_after Telegram gave, so other chats keep going.</summary>
/// <remarks>Telegram.Bot's own 429 retry is switched off (see <see cref="TelegramServiceCollectionExtensions"/>): it
/// would sleep inside the request and hold the chat's lane without telling us why. Written by hand: the limits are
/// per chat with a sliding minute for groups only, which System.Threading.RateLimiting's partitioned limiters do not
/// combine with "pause this chat for retry_after".</remarks>
public sealed partial class SendScheduler(TimeProvider time, IOptions<TelegramOptions> options, ILogger<SendScheduler> logger) : IDisposable
{
    /// <summary>Attempts at one send that keeps getting 429s before it is given up.</summary>
    public const int MaxRateLimitedAttempts = 5;

    private readonly Dictionary<long, Lane> _lanes = [];
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _globalSlots = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _perMinute = options.Value.MessagesPerMinutePerGroup;
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(options.Value.SecondsBetweenMessagesPerChat);
    private readonly int _perSecond = options.Value.MessagesPerSecond;
    private int _pruneAt = PruneThreshold;

    /// <summary>Lanes kept before idle ones are looked for.</summary>
    public const int PruneThreshold = 1024;

    /// <summary>Queues <paramref name="send"/> behind the chat's earlier sends; completes with its result once sent.</summary>
    public Task<T> EnqueueAsync<T>(long chatId, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken = default)
    {
        var job = new Job<T>(send, cancellationToken);
        bool start;
        Lane lane;
        lock (_gate)
        {
            if (!_lanes.TryGetValue(chatId, out lane!))
            {
                if (_lanes.Count >= _pruneAt)
                {
                    PruneIdleLanes();
                }
                lane = new Lane(chatId);
                _lanes[chatId] = lane;
            }
            lane.Jobs.Enqueue(job);
            start = !lane.Running;
            lane.Running = true;
        }
        if (start)
        {
            _ = Task.Run(() => DrainAsync(lane));
        }
        return job.Completion.Task;
    }

    /// <summary>Chats with a lane (for tests and diagnostics).</summary>
    public int Lanes
    {
        get
        {
            lock (_gate)
            {
                return _lanes.Count;
            }
        }
    }

    /// <summary>A bot in many chats would keep a lane per chat forever: lanes that are idle and whose limits have run
    /// out (nothing sent for a minute, no 429 pause) are dropped; the next message makes a fresh one.</summary>
    private void PruneIdleLanes()
    {
        var now = time.GetUtcNow();
        foreach (var id in _lanes.Where(l => !l.Value.Running && l.Value.IsIdle(now)).Select(l => l.Key).ToList())
        {
            _lanes.Remove(id);
        }
        _pruneAt = Math.Max(PruneThreshold, _lanes.Count * 2);
    }

    /// <summary>How many sends wait in a chat's lane (for tests and diagnostics).</summary>
    public int Pending(long chatId)
    {
        lock (_gate)
        {
            return _lanes.TryGetValue(chatId, out var lane) ? lane.Jobs.Count : 0;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task DrainAsync(Lane lane)
    {
        while (true)
        {
            IJob job;
            lock (_gate)
            {
                if (lane.Jobs.Count == 0)
                {
                    lane.Running = false;
                    return;
                }
                job = lane.Jobs.Peek();
            }
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, _stopping.Token);
                await RunAsync(lane, job, linked.Token);
            }
            catch (OperationCanceledException ex)
            {
                job.Fail(ex);
            }
            catch (Exception ex)
            {
                // The job has failed for good; the lane moves on to the chat's next message.
                job.Fail(ex);
            }
            lock (_gate)
            {
                lane.Jobs.Dequeue();
            }
        }
    }

    private async Task RunAsync(Lane lane, IJob job, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitUntilAsync(lane.NextSlot(time.GetUtcNow(), _perMinute, _interval), ct);
            await WaitUntilAsync(ReserveGlobalSlot(), ct);
            try
            {
                await job.RunAsync(ct);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429 && attempt < MaxRateLimitedAttempts)
            {
                BotMetrics.PlatformApiError(BotApiCalls.Platform, "429");
                var wait = TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1));
                lane.PausedUntil = time.GetUtcNow() + wait;
                LogRateLimited(lane.ChatId, wait.TotalSeconds, attempt);
            }
            catch (Exception ex) when (attempt < MaxRateLimitedAttempts && IsSafeToRepeat(ex, ct))
            {
                // Telegram unreachable or failing (5xx): the message did not get through; wait 1, 2, 4 … s and send it again.
                BotMetrics.PlatformApiError(BotApiCalls.Platform, BotApiCalls.StatusOf(ex));
                var wait = TimeSpan.FromSeconds(1 << (attempt - 1));
                lane.PausedUntil = time.GetUtcNow() + wait;
                LogSendRetry(lane.ChatId, ex.Message, wait.TotalSeconds, attempt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                BotMetrics.PlatformApiError(BotApiCalls.Platform, BotApiCalls.StatusOf(ex));
                throw;
            }
            finally
            {
                // Counted from when Telegram answered, not from when the request left: Telegram counts a message when it
                // arrives, and the next one then cannot arrive within the interval however the network delays either.
                lane.Sent(time.GetUtcNow(), _perMinute);
            }
        }
    }

    private DateTimeOffset ReserveGlobalSlot()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var slot = now;
            if (_globalSlots.Count >= _perSecond)
            {
                // The (limit)-th most recent send decides: a one-second window never holds more than the limit.
                var oldest = _globalSlots.Dequeue();
                if (oldest + TimeSpan.FromSeconds(1) > slot)
                {
                    slot = oldest + TimeSpan.FromSeconds(1);
                }
            }
            _globalSlots.Enqueue(slot);
            return slot;
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset when, CancellationToken ct)
    {
        // A timer may fire a millisecond before the clock says it is due (their ticks differ); wait out the rest.
        for (var wait = when - time.GetUtcNow(); wait > TimeSpan.Zero; wait = when - time.GetUtcNow())
        {
            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>A send is repeated only when it cannot have reached Telegram (no name resolution, no connection) or
    /// Telegram says it failed (5xx). After a timeout or a connection dropped mid-request the message may have been
    /// posted, and a repeat would post it twice: that send fails instead.</summary>
    private static bool IsSafeToRepeat(Exception exception, CancellationToken ct) =>
        !ct.IsCancellationRequested && exception switch
        {
            ApiRequestException api => api.ErrorCode >= 500,
            RequestException { HttpStatusCode: { } status } => (int)status >= 500,
            RequestException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError } } => true,
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError } => true,
            _ => false,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message to chat {ChatId} failed ({Reason}); sending it again in {Seconds} s (attempt {Attempt})")]
    private partial void LogSendRetry(long chatId, string reason, double seconds, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram asked to slow down in chat {ChatId}: waiting {Seconds} s (attempt {Attempt})")]
    private partial void LogRateLimited(long chatId, double seconds, int attempt);

    private sealed class Lane(long chatId)
    {
        private readonly Queue<DateTimeOffset> _recent = new();
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public long ChatId { get; } = chatId;

        /// <summary>Groups, supergroups and channels have negative ids; private chats are the user's own (positive) id.</summary>
        public bool IsGroup => ChatId < 0;

        public Queue<IJob> Jobs { get; } = new();

        public bool Running { get; set; }

        public DateTimeOffset PausedUntil { get; set; }

        /// <summary>The earliest moment the chat may get its next message: after a 429 pause, at least
        /// <paramref name="interval"/> after the last one, and in a group no more than the per-minute limit in any minute.</summary>
        public DateTimeOffset NextSlot(DateTimeOffset now, int perMinute, TimeSpan interval)
        {
            var slot = PausedUntil > now ? PausedUntil : now;
            if (_last != DateTimeOffset.MinValue && _last + interval > slot)
            {
                slot = _last + interval;
            }
            if (!IsGroup)
            {
                return slot;
            }
            while (_recent.Count > 0 && _recent.Peek() + TimeSpan.FromMinutes(1) <= now)
            {
                _recent.Dequeue();
            }
            if (_recent.Count >= perMinute)
            {
                var free = _recent.Peek() + TimeSpan.FromMinutes(1);
                if (free > slot)
                {
                    slot = free;
                }
            }
            return slot;
        }

        /// <summary>No limit of this chat can hold its next message back any more.</summary>
        public bool IsIdle(DateTimeOffset now) => Jobs.Count == 0 && PausedUntil <= now && _last + TimeSpan.FromMinutes(1) <= now;

        public void Sent(DateTimeOffset at, int perMinute)
        {
            _last = at;
            if (!IsGroup)
            {
                return;
            }
            _recent.Enqueue(at);
            while (_recent.Count > perMinute)
            {
                _recent.Dequeue();
            }
        }
    }

    private interface IJob
    {
        CancellationToken CancellationToken { get; }

        Task RunAsync(CancellationToken ct);

        void Fail(Exception exception);
    }

    private sealed class Job<T>(Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken) : IJob
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken CancellationToken => cancellationToken;

        public async Task RunAsync(CancellationToken ct) => Completion.TrySetResult(await send(ct));

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException oce)
            {
                Completion.TrySetCanceled(oce.CancellationToken);
            }
            else
            {
                Completion.TrySetException(exception);
            }
        }
    }
}
