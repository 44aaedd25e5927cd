using System.Text.RegularExpressions;
using DiscussionBot.Host.Console;
using DiscussionBot.Testing.Console;

namespace DiscussionBot.Host.Tests;

/// <summary>Fairness ratings, /blindspots and a before/after poll through the real host's console chat.</summary>
public sealed partial class InsightConsoleTests
{
    private const string Buttons = @"— press with /press <number>";

    /// <summary>
    /// Button numbers depend on what a report holds before them (one "Poll clash n" button per clash), and a report read
    /// by wording right after /demo may hold other clashes than the same story read by meaning after a restart. So every
    /// button pressed here is looked up in the output it belongs to, line by line, never carried from another report.
    /// </summary>
    [Fact]
    public async Task Members_rate_a_side_unfair_see_the_blind_spots_and_move_in_a_before_after_poll_through_the_console()
    {
        using var runner = new HostRunner();
        var (first, shown) = await runner.RunAsync("/demo\n/viewpoints housing\n", "console");
        Assert.Equal(0, first);
        Assert.Matches(UnfairToTenants(), shown);

        await using var console = new ConsoleSession(runner);
        foreach (var member in new[] { "alice", "bob", "carol" })
        {
            await console.SendAsync($"/as {member}", $"You are now {member}");
            var report = await console.SendAsync("/viewpoints housing", Regex.Escape(Buttons));
            await console.SendAsync($"/press {Button(UnfairToTenants(), report)}", "as shown unfairly");
        }

        await console.SendAsync("/as moderator", "moderator again");
        await console.SendAsync("/stats", @"\[#\d+\] Community statistics");
        await console.SendAsync("/blindspots housing", "Sources read least");
        var poll = await console.SendAsync("/viewpoints housing --poll", Regex.Escape(Buttons));
        await console.SendAsync("/as dave", "You are now dave");
        var before = await console.SendAsync($"/press {Button(BeforeAgree(), poll)}", Regex.Escape(Buttons));
        await console.SendAsync($"/press {Button(AfterDisagree(), before)}", "is recorded");
        await console.SendAsync("/results b1", "changed their answer");
        var (code, output) = await console.EndAsync();

        Assert.Equal(0, code);
        Assert.Equal(3, Regex.Matches(output, "you rated tenants-voice.example's take on story .+ as shown unfairly").Count);
        Assert.Contains("tenants-voice.example fair 0, unfair 3 (3 rating(s))", output, StringComparison.Ordinal);
        Assert.Matches("⚠ story .+: tenants-voice.example \\(tenant advocacy\\) — unfair to 3 of 3 rater\\(s\\)", output);
        Assert.Contains("Blind spots in housing", output, StringComparison.Ordinal);
        // Four members opened the story: the moderator in the first run, then alice, bob and carol.
        Assert.Contains("tenant advocacy: library 33% (1), opened 33% (4)", output, StringComparison.Ordinal);
        Assert.Contains("Before/after poll b1", output, StringComparison.Ordinal);
        Assert.Contains("A before answer to poll b1 is recorded", output, StringComparison.Ordinal);
        Assert.Contains("your after answer “Disagree” is recorded", output, StringComparison.Ordinal);
        Assert.Contains("1 changed their answer, 0 kept it.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", output[output.IndexOf("Blind spots", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    /// <summary>The number of the one button <paramref name="button"/> finds in the last button row of <paramref name="output"/>.</summary>
    private static string Button(Regex button, string output)
    {
        var row = output.Split('\n').Last(l => l.Contains(Buttons, StringComparison.Ordinal));
        return Assert.Single(button.Matches(row)).Groups[1].Value;
    }

    [GeneratedRegex(@"\[(\d+)\] Unfair to tenants-voice\.example")]
    private static partial Regex UnfairToTenants();

    [GeneratedRegex(@"\[(\d+)\] Agree\b")]
    private static partial Regex BeforeAgree();

    [GeneratedRegex(@"\[(\d+)\] After: Disagree")]
    private static partial Regex AfterDisagree();

    /// <summary>
    /// The real host's console chat (the CLI entry point, as <see cref="HostRunner.RunAsync"/> runs it, on the runner's
    /// database) typed into one line at a time: a line's reply is read before the next line is written.
    /// </summary>
    private sealed class ConsoleSession : IAsyncDisposable
    {
        private readonly ConsoleInput _in = new();
        private readonly WatchedOutput _out = new();
        private readonly Task<int> _run;

        public ConsoleSession(HostRunner runner)
        {
            var io = new ConsoleIO(_in, _out, Interactive: false);
            string[] args = [.. HostRunner.WithPrivatePort(["console"]), $"--Storage:DatabasePath={runner.DatabasePath}",
                $"--Console:AttachmentDirectory={Path.Combine(runner.Directory, "out")}"];
            _run = Task.Run(() => Cli.CommandLine.InvokeAsync(args, io));
        }

        /// <summary>Types <paramref name="line"/> and returns what was printed after it, once that matches <paramref name="until"/>.</summary>
        public async Task<string> SendAsync(string line, string until)
        {
            var mark = _out.Length;
            _in.Add(line);
            return await _out.WaitForAsync(mark, new Regex(until), TimeSpan.FromSeconds(60), _run);
        }

        /// <summary>Ends the input and waits for the host to stop: its exit code and everything it printed.</summary>
        public async Task<(int ExitCode, string Output)> EndAsync()
        {
            _in.Add(null);
            var code = await _run.WaitAsync(TimeSpan.FromMinutes(2));
            return (code, _out.Text);
        }

        public async ValueTask DisposeAsync()
        {
            _in.Add(null);
            try
            {
                await _run.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (Exception) when (_run.IsFaulted)
            {
                // The test already failed on what it saw; the host's own failure is in its output.
            }
        }
    }
}
