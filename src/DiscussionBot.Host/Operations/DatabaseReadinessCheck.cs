using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Web.Operations;

namespace DiscussionBot.Host.Operations;

/// <summary><c>/readyz</c>'s "database" part: the LiteDB file is open and answers a read.</summary>
public sealed class DatabaseReadinessCheck(BotDatabase database) : IReadinessCheck
{
    public string Name => "database";

    public ReadinessResult Check()
    {
        try
        {
            // A read of the smallest collection: it fails once the database is disposed or its file is gone bad.
            _ = database.Database.CollectionExists("meta");
            return new ReadinessResult(true, "open");
        }
        catch (Exception ex) when (ex is ObjectDisposedException or LiteDB.LiteException or IOException)
        {
            return new ReadinessResult(false, ex.Message);
        }
    }
}
