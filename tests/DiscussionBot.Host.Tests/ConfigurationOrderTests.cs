using System.Diagnostics;

namespace DiscussionBot.Host.Tests;

/// <summary>The order in which configuration sources win, as the README states it (later wins): appsettings.json
/// beside the binary, appsettings.{Environment}.json beside it, user secrets (Development only), appsettings.json in
/// the working directory, environment variables, the command line.</summary>
public sealed class ConfigurationOrderTests
{
    [Fact]
    public async Task Each_source_beats_the_ones_before_it_and_config_names_the_winner()
    {
        using var runner = new HostRunner();
        // Bot:ListLimit is set by every source, Bot:CooldownSeconds by all but the command line, and so on down.
        File.WriteAllText(runner.File("appsettings.json"), """
            { "Bot": { "ListLimit": 13, "CooldownSeconds": 13, "MaxArticleChars": 13000 } }
            """);
        var home = runner.File("home");
        var secrets = Path.Combine(home, ".microsoft", "usersecrets", "discussionbot-7c1f5a52");
        Directory.CreateDirectory(secrets);
        File.WriteAllText(Path.Combine(secrets, "secrets.json"), """
            { "Bot": { "ListLimit": 12, "CooldownSeconds": 12, "MaxArticleChars": 12000, "Telegram": "x" }, "Storage": { "WriterMaxBatch": 1200 } }
            """);

        var info = Config(runner, home, "Bot:ListLimit", "Bot:CooldownSeconds", "Bot:MaxArticleChars", "Storage:WriterMaxBatch", "Logging:LogLevel:Default", "--Bot:ListLimit=15");
        info.Environment["Bot__ListLimit"] = "14";
        info.Environment["Bot__CooldownSeconds"] = "14";
        var lines = await RunAsync(info);

        Assert.StartsWith("Bot:ListLimit = 15    from CommandLineConfigurationProvider", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Bot:CooldownSeconds = 14    from EnvironmentVariablesConfigurationProvider", lines[1], StringComparison.Ordinal);
        Assert.Equal($"Bot:MaxArticleChars = 13000    from {runner.File("appsettings.json")}", lines[2]);
        Assert.Equal($"Storage:WriterMaxBatch = 1200    from {Path.Combine(secrets, "secrets.json")}", lines[3]);
        Assert.Equal($"Logging:LogLevel:Default = Information    from {Path.Combine(AppContext.BaseDirectory, "appsettings.json")}", lines[4]);

        // Outside Development, user secrets are not read at all.
        var production = Config(runner, home, "Storage:WriterMaxBatch");
        production.Environment["DOTNET_ENVIRONMENT"] = "Production";
        Assert.Equal("Storage:WriterMaxBatch (not set: the default applies)", (await RunAsync(production))[0]);
    }

    private static ProcessStartInfo Config(HostRunner runner, string home, params string[] args)
    {
        var info = runner.StartInfo(["config", .. args]);
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return info;
    }

    private static async Task<string[]> RunAsync(ProcessStartInfo info)
    {
        await using var process = new HostProcess(info);
        Assert.Equal(0, await process.ExitCodeAsync());
        return process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
