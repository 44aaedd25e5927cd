using System.Diagnostics;
using DiscussionBot.Storage.LiteDb;

namespace DiscussionBot.Host.Tests;

public sealed class ConsoleEndToEndTests
{
    [Fact]
    public async Task A_piped_script_runs_through_the_real_host_and_every_reply_is_printed()
    {
        using var runner = new HostRunner();
        var script = """
            /help
            /demo
            /topics
            # comments and blank lines are skipped

            /articles housing
            /as alice
            /topic add gardens
            /search robotics
            /as moderator
            /topic add gardens Allotments and parks
            /audit
            """;

        var (code, output) = await runner.RunAsync(script, "console");

        Assert.Equal(0, code);
        Assert.Contains("[#1] DiscussionBot", output, StringComparison.Ordinal);
        Assert.Contains("Demo loaded: 4 new article(s)", output, StringComparison.Ordinal);
        Assert.Contains("housing — Rents, zoning and the Harbor Point tower", output, StringComparison.Ordinal);
        Assert.Contains("Council approves Harbor Point tower", output, StringComparison.Ordinal);
        Assert.Contains("You are now alice, a member.", output, StringComparison.Ordinal);
        Assert.Contains("⛔ /topic is for moderators only", output, StringComparison.Ordinal);
        Assert.Contains("robotics club wins", output, StringComparison.Ordinal);
        Assert.Contains("Added topic gardens", output, StringComparison.Ordinal);
        Assert.Contains("moderator: topic add gardens: Allotments and parks", output, StringComparison.Ordinal);
        Assert.DoesNotContain("comments and blank lines", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_moderator_configures_survives_a_restart_of_the_host()
    {
        using var runner = new HostRunner();
        var first = await runner.RunAsync("/topic add transit Buses and trams\n/source set tram-times.example pro-transit\n/settings poll.duration 3d\n", "console");
        Assert.Equal(0, first.ExitCode);

        var (code, output) = await runner.RunAsync("/topics\n/sources\n/settings\n", "console");

        Assert.Equal(0, code);
        Assert.Contains("transit — Buses and trams", output, StringComparison.Ordinal);
        Assert.Contains("tram-times.example — pro-transit", output, StringComparison.Ordinal);
        Assert.Contains("poll.duration = 3d", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stories_survive_a_restart_with_the_same_ids_and_imported_articles_join_them()
    {
        using var runner = new HostRunner();
        var first = await runner.RunAsync("/demo\n/viewpoints housing\n", "console");
        var storyLine = first.Output.Split('\n').First(l => l.StartsWith("story st", StringComparison.Ordinal));
        Assert.Contains("3 source(s)", storyLine, StringComparison.Ordinal);

        // A fourth take on the same council vote, imported in bulk while the bot is down.
        File.WriteAllText(runner.File("take.txt"), """
            Harbor Point tower vote splits Millbrook council
            The Millbrook city council approved the Harbor Point tower 6-3 on Tuesday after a long debate about rents in Eastbank.
            Castellan Homes will build 410 homes on the former cannery site by the Ash River, 15 percent of them affordable.
            Opponents on the council said the tower would raise rents; the mayor said it would ease them.
            """);
        var import = await runner.RunAsync("", "import", runner.File("take.txt"), "--Storage:DatabasePath=" + runner.DatabasePath);
        Assert.Equal(0, import.ExitCode);

        var (_, output) = await runner.RunAsync("/viewpoints housing\n", "console");
        Assert.Contains(storyLine.Replace("3 source(s)", "4 source(s)", StringComparison.Ordinal), output, StringComparison.Ordinal);
        Assert.Contains("unknown (no stance label)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_flag_loads_the_demo_before_the_chat_starts()
    {
        using var runner = new HostRunner();
        var (code, output) = await runner.RunAsync("/articles housing\n", "console", "--demo");
        Assert.Equal(0, code);
        Assert.Contains("Harbor Point vote hands the riverfront", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasted_text_continues_over_lines_ending_in_a_backslash()
    {
        using var runner = new HostRunner();
        var (_, output) = await runner.RunAsync("/add Library hours change\\\nThe central library will open an hour earlier on weekdays from next month.\n/search library hours\n", "console");
        Assert.Contains("Added #1 Library hours change", output, StringComparison.Ordinal);
        Assert.Contains("#1 Library hours change", output.Split("[#2]")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_buttons_and_reactions_report_bad_numbers_clearly()
    {
        using var runner = new HostRunner();
        var (_, output) = await runner.RunAsync("/press 1\n/react 9 👍\n/as two words\n", "console");
        Assert.Contains("The last reply has no buttons", output, StringComparison.Ordinal);
        Assert.Contains("Usage: /react <message number> <emoji>", output, StringComparison.Ordinal);
        Assert.Contains("Usage: /as <name>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_binary_with_no_token_starts_the_console_chat_and_stops_cleanly_on_sigterm()
    {
        using var runner = new HostRunner();
        using var process = runner.Start();
        try
        {
            await process.StandardInput.WriteLineAsync("/topic add bikes Cycling and lanes");
            await process.StandardInput.FlushAsync();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("[#1] Added topic bikes with keyword \"bikes\" (0 article(s) match). Set more with /topic keywords bikes <words>.", line);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // Closed cleanly: the database opens, with the topic in it.
        using var db = new BotDatabase(runner.DatabasePath);
        Assert.Equal("bikes", Assert.Single(new LiteTopicStore(db).All()).Slug);
    }
}
