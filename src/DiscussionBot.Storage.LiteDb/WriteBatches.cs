using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>A LiteDB transaction of the calling thread (LiteDB binds transactions to threads): the writes of every
/// store on this thread go into it until it commits, with one flush of the log.</summary>
public sealed class LiteWriteBatches(BotDatabase db) : IWriteBatches
{
    public IWriteBatch Begin()
    {
        // The log is flushed to disk once, when the batch ends, not once a page as LiteDB would.
        var deferred = db.DeferLogFlushes();
        if (db.Database.BeginTrans())
        {
            return new Batch(db.Database, deferred);
        }
        deferred.Dispose();
        return Joined.Instance;
    }

    private sealed class Batch(LiteDatabase database, IDisposable deferred) : IWriteBatch
    {
        private bool _done;

        public void Commit()
        {
            try
            {
                database.Commit();
                _done = true;
            }
            finally
            {
                deferred.Dispose();
            }
        }

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                try
                {
                    database.Rollback();
                }
                finally
                {
                    deferred.Dispose();
                }
            }
        }
    }

    /// <summary>Inside a batch already open on this thread: the outer one commits.</summary>
    private sealed class Joined : IWriteBatch
    {
        public static readonly Joined Instance = new();

        public void Commit()
        {
        }

        public void Dispose()
        {
        }
    }
}
