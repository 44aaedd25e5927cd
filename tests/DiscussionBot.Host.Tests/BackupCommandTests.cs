using DiscussionBot.Host.Cli;
using DiscussionBot.Storage.LiteDb;
using Microsoft.AspNetCore.DataProtection;

namespace DiscussionBot.Host.Tests;

/// <summary><c>discussionbot backup</c> copies the web endpoint's Data Protection keys beside the database copy, so a
/// restore keeps moderators signed in and open forms valid.</summary>
public sealed class BackupCommandTests
{
    private const string Purpose = "DiscussionBot.Tests.Backup";

    [Fact]
    public async Task A_backup_holds_the_database_the_voter_key_and_the_web_keys_and_the_copied_keys_still_read_what_the_originals_signed()
    {
        using var runner = new HostRunner();
        await runner.RunAsync("/demo\n", "console");
        var keys = Path.Combine(runner.Directory, "data", "web-keys");
        var token = Protector(keys).Protect("moderator session 42");
        var keyFiles = Directory.GetFiles(keys).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var target = runner.File("backup/bot-copy.db");

        var (code, output) = await runner.RunAsync("", "backup", target);

        Assert.Equal(0, code);
        Assert.Contains($"Copied the web endpoint's Data Protection keys ({keyFiles.Length} file(s)) from {keys} to {target}{BackupCommand.KeysSuffix}.", output, StringComparison.Ordinal);
        using (var copy = new BotDatabase(target))
        {
            Assert.Equal(4, new LiteArticleStore(copy).Count());
        }
        Assert.NotEmpty(keyFiles);
        Assert.Equal(keyFiles, Directory.GetFiles(target + BackupCommand.KeysSuffix).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("moderator session 42", Protector(target + BackupCommand.KeysSuffix).Unprotect(token));
        Assert.Equal(File.ReadAllText(Path.Combine(runner.Directory, "data", "voter.key")), File.ReadAllText(target + BackupCommand.VoterKeySuffix));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(target + BackupCommand.KeysSuffix));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target + BackupCommand.VoterKeySuffix));
        }
    }

    [Fact]
    public async Task A_backup_copies_the_keys_from_a_configured_keys_directory_and_replaces_an_older_copy()
    {
        using var runner = new HostRunner();
        var keys = runner.File("elsewhere/keys");
        var token = Protector(keys).Protect("open form");
        var target = runner.File("backup/bot.db");
        Directory.CreateDirectory(target + BackupCommand.KeysSuffix);
        File.WriteAllText(Path.Combine(target + BackupCommand.KeysSuffix, "stale.xml"), "<key/>");

        var (code, output) = await runner.RunAsync("", "backup", target, $"--Web:KeysDirectory={keys}");

        Assert.Equal(0, code);
        Assert.Contains($"from {keys} to {target}{BackupCommand.KeysSuffix}.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target + BackupCommand.KeysSuffix, "stale.xml")));
        Assert.DoesNotContain("Backup failed", output, StringComparison.Ordinal);
        Assert.Equal("open form", Protector(target + BackupCommand.KeysSuffix).Unprotect(token));
    }

    [Fact]
    public async Task Without_a_keys_folder_the_backup_copies_the_database_and_says_there_were_no_keys()
    {
        using var runner = new HostRunner();
        var target = runner.File("backup/bot.db");

        var (code, output) = await runner.RunAsync("", "backup", target);

        Assert.Equal(0, code);
        Assert.Contains($"No web keys folder at {Path.Combine(runner.Directory, "data", "web-keys")}", output, StringComparison.Ordinal);
        Assert.Contains("no keys were copied", output, StringComparison.Ordinal);
        Assert.True(File.Exists(target));
        Assert.False(Directory.Exists(target + BackupCommand.KeysSuffix));
    }

    [Fact]
    public async Task A_voter_key_set_in_configuration_is_not_looked_for_beside_the_database_and_the_output_says_where_it_lives()
    {
        using var runner = new HostRunner();
        var target = runner.File("backup/bot.db");

        var (code, output) = await runner.RunAsync("", "backup", target, $"--Storage:VoterKey={Convert.ToBase64String(new byte[32])}");

        Assert.Equal(0, code);
        Assert.Contains("The voter key is set in configuration (Storage:VoterKey)", output, StringComparison.Ordinal);
        Assert.False(File.Exists(target + BackupCommand.VoterKeySuffix));
    }

    /// <summary>A protector over a key folder, named as the web endpoint names its application.</summary>
    private static IDataProtector Protector(string keys) =>
        DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("DiscussionBot")).CreateProtector(Purpose);
}
