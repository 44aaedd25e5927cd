using DiscussionBot.Storage.LiteDb;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot backup &lt;path&gt;</c>: a consistent copy of the database (checkpoint first) that opens on its own.</summary>
public static class BackupCommand
{
    public static int Run(BotDatabase database, string target, TextWriter output, TextWriter error)
    {
        try
        {
            database.Backup(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"Backup failed: {ex.Message}");
            return 1;
        }
        output.WriteLine($"Backed up {database.Path} to {Path.GetFullPath(target)} ({new FileInfo(target).Length:N0} bytes).");
        return 0;
    }
}
