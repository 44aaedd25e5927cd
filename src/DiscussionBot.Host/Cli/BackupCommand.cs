using DiscussionBot.Storage.LiteDb;
using Microsoft.Extensions.Configuration;

namespace DiscussionBot.Host.Cli;

/// <summary>
/// <c>discussionbot backup &lt;path&gt;</c>: a consistent copy of the database (checkpoint first) that opens on its own,
/// and beside it <c>&lt;path&gt;.web-keys/</c>, a copy of the web endpoint's Data Protection keys (<c>Web:KeysDirectory</c>,
/// by default <c>web-keys/</c> beside the database). Without those keys a restored bot cannot read the dashboard's
/// sign-in cookies and form tokens: every moderator would be signed out and every open form would fail. And
/// <c>&lt;path&gt;.voter.key</c>, the voter-id secret (unless it is set in configuration): without it every voter would
/// get a new pseudonym, and a member could vote again in a poll that is still open.
/// </summary>
public static class BackupCommand
{
    /// <summary>What the keys folder copy is called: the database copy's path with this suffix.</summary>
    public const string KeysSuffix = ".web-keys";

    /// <summary>What the voter key copy is called: the database copy's path with this suffix.</summary>
    public const string VoterKeySuffix = ".voter.key";

    public static int Run(BotDatabase database, IConfiguration configuration, string target, TextWriter output, TextWriter error)
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

        var full = Path.GetFullPath(target);
        var keysDirectory = KeysDirectoryOf(database, configuration);
        var keysTarget = full + KeysSuffix;
        var voterKeyTarget = full + VoterKeySuffix;
        var step = "";
        try
        {
            step = $"copying the web keys from {keysDirectory} to {keysTarget}";
            if (keysDirectory is null || !Directory.Exists(keysDirectory))
            {
                output.WriteLine(keysDirectory is null
                    ? "No web keys to copy (Web:KeysDirectory is not set and the database has no folder)."
                    : $"No web keys folder at {keysDirectory} (the web endpoint has not run with this database): no keys were copied.");
            }
            else
            {
                var count = CopyFolder(keysDirectory, keysTarget);
                output.WriteLine($"Copied the web endpoint's Data Protection keys ({count} file(s)) from {keysDirectory} to {keysTarget}.");
            }

            var voterKey = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path))!, "voter.key");
            step = $"copying {voterKey} to {voterKeyTarget}";
            if (configuration["Storage:VoterKey"] is { Length: > 0 })
            {
                output.WriteLine("The voter key is set in configuration (Storage:VoterKey): keep it with your secrets; no voter.key was copied.");
            }
            else if (!File.Exists(voterKey))
            {
                output.WriteLine($"No voter.key at {voterKey}: no voter key was copied.");
            }
            else
            {
                CopyPrivateFile(voterKey, voterKeyTarget);
                output.WriteLine($"Copied the voter key from {voterKey} to {voterKeyTarget}.");
            }

            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"The database copy is complete, but {step} failed: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Where the web endpoint keeps its keys: <c>Web:KeysDirectory</c>, or <c>web-keys/</c> beside the database
    /// (the web endpoint's own default, WebServiceCollectionExtensions).</summary>
    public static string? KeysDirectoryOf(BotDatabase database, IConfiguration configuration) =>
        DiscussionBot.Web.WebOptions.KeysDirectoryFor(configuration["Web:KeysDirectory"], database.Path);

    /// <summary>Copies into a fresh folder first, then puts it in place of an older copy, so a failed copy never leaves a
    /// mixture. The folder is the owner's alone, as the keys folder is.</summary>
    private static int CopyFolder(string source, string destination)
    {
        var partial = destination + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        CreatePrivate(partial);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var copy = Path.Combine(partial, relative);
            if (Path.GetDirectoryName(copy) is { } folder && !Directory.Exists(folder))
            {
                CreatePrivate(folder);
            }

            File.Copy(file, copy);
            count++;
        }

        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        Directory.Move(partial, destination);
        return count;
    }

    /// <summary>Writes a fresh copy beside the target, readable by the owner only, then puts it in place.</summary>
    private static void CopyPrivateFile(string source, string destination)
    {
        var partial = destination + ".partial";
        File.Copy(source, partial, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(partial, destination, overwrite: true);
    }

    private static void CreatePrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
