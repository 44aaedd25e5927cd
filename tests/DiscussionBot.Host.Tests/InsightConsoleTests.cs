using System.Text.RegularExpressions;

namespace DiscussionBot.Host.Tests;

/// <summary>Fairness ratings, /blindspots and a before/after poll through the real host's console chat.</summary>
public sealed partial class InsightConsoleTests
{
    [Fact]
    public async Task Members_rate_a_side_unfair_see_the_blind_spots_and_move_in_a_before_after_poll_through_the_console()
    {
        using var runner = new HostRunner();
        var (first, shown) = await runner.RunAsync("/demo\n/viewpoints housing\n", "console");
        Assert.Equal(0, first);
        var unfair = UnfairToTenants().Match(shown).Groups[1].Value;
        Assert.NotEmpty(unfair);

        var script = $"""
            /as alice
            /viewpoints housing
            /press {unfair}
            /as bob
            /viewpoints housing
            /press {unfair}
            /as carol
            /viewpoints housing
            /press {unfair}
            /as moderator
            /stats
            /blindspots housing
            /viewpoints housing --poll
            /as dave
            /press 1
            /press 2
            /results b1
            """;
        var (code, output) = await runner.RunAsync(script, "console");

        Assert.Equal(0, code);
        Assert.Equal(3, Regex.Matches(output, "you rated tenants-voice.example's take on story .+ as shown unfairly").Count);
        Assert.Contains("tenants-voice.example fair 0, unfair 3 (3 rating(s))", output, StringComparison.Ordinal);
        Assert.Matches("⚠ story .+: tenants-voice.example \\(tenant advocacy\\) — unfair to 3 of 3 rater\\(s\\)", output);
        Assert.Contains("Blind spots in housing", output, StringComparison.Ordinal);
        // Four members opened the story: the moderator in the first run, then alice, bob and carol.
        Assert.Contains("tenant advocacy: library 33% (1), opened 33% (4)", output, StringComparison.Ordinal);
        Assert.Contains("Before/after poll b1", output, StringComparison.Ordinal);
        Assert.Contains("A before answer to poll b1 is recorded", output, StringComparison.Ordinal);
        Assert.Contains("1 changed their answer, 0 kept it.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", output[output.IndexOf("Blind spots", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[(\d+)\] Unfair to tenants-voice\.example")]
    private static partial Regex UnfairToTenants();
}
