namespace DiscussionBot.Core.Storage;

/// <summary>
/// Groups the calling thread's writes into one commit: one flush to disk for a batch of articles instead of one per
/// write, which is what an import spends most of its time waiting for otherwise. Nothing of a batch is stored until
/// it commits, so an import reports an article as added only after its batch has committed.
/// </summary>
public interface IWriteBatches
{
    /// <summary>Starts a batch on the calling thread, or joins the one already open there (only the outer one commits).
    /// Disposed without <see cref="IWriteBatch.Commit"/>, the batch's writes are discarded.</summary>
    IWriteBatch Begin();
}

/// <summary>An open batch of writes (see <see cref="IWriteBatches"/>).</summary>
public interface IWriteBatch : IDisposable
{
    void Commit();
}
