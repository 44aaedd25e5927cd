using System.Collections.Concurrent;
using System.Threading.Channels;
using DiscussionBot.Core.Operations;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using LiteDB;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>Group commit for votes and reactions: producers enqueue into a bounded queue and wait; one loop
/// takes everything queued (up to a batch), inserts it in one LiteDB transaction and only then completes the
/// producers' tasks — an event counts as acknowledged once committed. The queue drains on shutdown, and a
/// periodic checkpoint folds LiteDB's log into the data file so it cannot grow without bound under load.</summary>
public sealed partial class DurableEventWriter : IEventWriter, IHostedService, IDisposable
{
    private readonly BotDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILogger<DurableEventWriter> _logger;
    private readonly Channel<Pending> _queue;
    private readonly int _maxBatch;
    private readonly TimeSpan _checkpointEvery;
    private readonly ILiteCollection<BsonDocument> _votes;
    private readonly ILiteCollection<BsonDocument> _reactions;
    private long _sequence;
    private Task? _loop;

    // One gauge per process (the meter is static); it sums the writers alive, of which a running bot has one.
    private static readonly ConcurrentDictionary<DurableEventWriter, byte> Live = new();

    static DurableEventWriter() =>
        BotMetrics.ObserveGauge("writer_queue_depth", "Votes and reactions waiting for the durable writer's commit", () => Live.Keys.Sum(w => (long)w.QueueDepth));

    public DurableEventWriter(BotDatabase db, IOptions<StorageOptions> options, TimeProvider time, ILogger<DurableEventWriter> logger)
    {
        _db = db;
        _time = time;
        _logger = logger;
        _maxBatch = options.Value.WriterMaxBatch;
        _checkpointEvery = TimeSpan.FromSeconds(options.Value.CheckpointIntervalSeconds);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.Value.WriterQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _votes = db.Database.GetCollection(Collections.Votes);
        _reactions = db.Database.GetCollection(Collections.Reactions);
        // Continue the order of events after what is stored, so "latest wins" holds across restarts.
        _sequence = Math.Max(MaxSeq(_votes), MaxSeq(_reactions));
        Live.TryAdd(this, 0);
    }

    /// <summary>Events committed since start.</summary>
    public long Committed { get; private set; }

    /// <summary>Transactions committed since start (events / batches = the mean group size).</summary>
    public long Batches { get; private set; }

    /// <summary>Time spent inside LiteDB transactions.</summary>
    public TimeSpan CommitTime { get; private set; }

    /// <summary>Events that were already stored (a redelivered platform event) and so were not stored twice.</summary>
    public long AlreadyStored { get; private set; }

    public ValueTask WriteAsync(VoteRecord vote, CancellationToken cancellationToken = default) =>
        EnqueueAsync(Collections.Votes, vote with { Seq = Interlocked.Increment(ref _sequence) }, cancellationToken);

    public ValueTask WriteAsync(ReactionRecord reaction, CancellationToken cancellationToken = default) =>
        EnqueueAsync(Collections.Reactions, reaction with { Seq = Interlocked.Increment(ref _sequence) }, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking events and commits everything already queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Drains the queue if the host did not stop the writer (tools, tests).</summary>
    public void Dispose()
    {
        Live.TryRemove(this, out _);
        StopAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private async ValueTask EnqueueAsync<T>(string collection, T document, CancellationToken cancellationToken)
    {
        // Continuations run on the completing thread, which is never the writer's own (see Acknowledge).
        var pending = new Pending(collection, _db.Database.Mapper.ToDocument(document), new TaskCompletionSource());
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The event writer has stopped; the event was not recorded.");
        }
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var lastCheckpoint = _time.GetTimestamp();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            Commit(batch);
            batch.Clear();
            if (_time.GetElapsedTime(lastCheckpoint) >= _checkpointEvery)
            {
                Checkpoint();
                lastCheckpoint = _time.GetTimestamp();
            }
        }
        Checkpoint();
    }

    private void Commit(List<Pending> batch)
    {
        try
        {
            var started = _time.GetTimestamp();
            InsertAll(batch);
            CommitTime += _time.GetElapsedTime(started);
            Committed += batch.Count;
            Batches++;
            CountWritten(batch);
            Acknowledge(batch.ToArray());
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // One event of the batch was stored before (a platform redelivered it): store the others one by one.
            var stored = new List<Pending>(batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    Collection(pending.Collection).Insert(pending.Document);
                    Committed++;
                }
                catch (LiteException one) when (one.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                {
                    AlreadyStored++;
                }
                catch (Exception other)
                {
                    Fail([pending], other);
                    continue;
                }
                stored.Add(pending);
            }
            CountWritten(stored);
            Acknowledge([.. stored]);
        }
        catch (Exception ex)
        {
            LogCommitFailed(ex, batch.Count);
            Fail(batch.ToArray(), ex);
        }
    }

    /// <summary>Completes the producers' tasks on a pool thread, so their continuations never hold up the next commit.</summary>
    private static void Acknowledge(Pending[] committed) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static batch =>
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }
            },
            committed,
            preferLocal: false);

    private static void Fail(Pending[] failed, Exception error) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                foreach (var pending in state.Failed)
                {
                    pending.Done.TrySetException(state.Error);
                }
            },
            (Failed: failed, Error: error),
            preferLocal: false);

    private void InsertAll(List<Pending> batch)
    {
        // One transaction for the whole batch: group commit. LiteDB transactions belong to the calling
        // thread, so nothing in here may await.
        _db.Database.BeginTrans();
        try
        {
            var votes = batch.Where(p => p.Collection == Collections.Votes).Select(p => p.Document).ToList();
            var reactions = batch.Where(p => p.Collection == Collections.Reactions).Select(p => p.Document).ToList();
            if (votes.Count > 0)
            {
                _votes.InsertBulk(votes, votes.Count);
            }
            if (reactions.Count > 0)
            {
                _reactions.InsertBulk(reactions, reactions.Count);
            }
            _db.Database.Commit();
        }
        catch
        {
            _db.Database.Rollback();
            throw;
        }
    }

    private void Checkpoint()
    {
        try
        {
            _db.Checkpoint();
        }
        catch (LiteException ex)
        {
            LogCheckpointFailed(ex);
        }
    }

    /// <summary>Votes and reactions in /metrics, counted once committed.</summary>
    private static void CountWritten(List<Pending> committed)
    {
        var votes = committed.Count(p => p.Collection == Collections.Votes);
        if (votes > 0)
        {
            BotMetrics.VotesWritten(votes);
        }
        if (committed.Count > votes)
        {
            BotMetrics.ReactionsWritten(committed.Count - votes);
        }
    }

    /// <summary>Events waiting for their commit.</summary>
    public int QueueDepth => _queue.Reader.Count;

    private ILiteCollection<BsonDocument> Collection(string name) => name == Collections.Votes ? _votes : _reactions;

    private static long MaxSeq(ILiteCollection<BsonDocument> collection)
    {
        var max = collection.Query().OrderByDescending("$.Seq").Select("$.Seq").Limit(1).FirstOrDefault();
        return max is null || max["Seq"].IsNull ? 0 : max["Seq"].AsInt64;
    }

    private sealed record Pending(string Collection, BsonDocument Document, TaskCompletionSource Done);

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing {Count} events failed; their producers were told")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint failed; LiteDB keeps the log and replays it at the next open")]
    private partial void LogCheckpointFailed(Exception exception);
}
