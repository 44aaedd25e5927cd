using System.Text.Json;

namespace DiscussionBot.Host.Tests;

/// <summary><c>discussionbot pairs --jsonl</c> as a user runs it: rows in on stdin, rows out on stdout.</summary>
public sealed class PairsCommandTests
{
    [Fact]
    public async Task Pairs_rows_get_same_and_opposed_probabilities_and_a_bad_row_is_named_without_stopping_the_rest()
    {
        using var runner = new HostRunner();
        using var process = runner.Start("pairs", "--jsonl");
        var rows = new[]
        {
            """{"id":"p1","a":"The minister resigned on Monday after the scandal.","b":"After the scandal broke, the minister stepped down on Monday."}""",
            """{"id":"p2","a":"Uniforms reduce bullying in schools.","b":"The weather in the mountains was cold and wet all week."}""",
            "not json",
            """{"id":3,"a":"","b":"Only one side has text."}""",
            """{"id":"p4","a":"Президент посетил Турцию.","b":"Президент вернулся из Анкары."}""",
        };
        foreach (var row in rows)
        {
            await process.StandardInput.WriteLineAsync(row);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, process.ExitCode); // one bad row
        Assert.Contains("line 3: not a pair row", await stderr, StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        var results = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("id").GetString()!);
        foreach (var e in results.Values)
        {
            Assert.InRange(e.GetProperty("same").GetDouble(), 0, 1);
            Assert.InRange(e.GetProperty("opposed").GetDouble(), 0, 1);
        }
        // A paraphrase makes the same point; an unrelated sentence does not.
        Assert.True(results["p1"].GetProperty("same").GetDouble() > results["p2"].GetProperty("same").GetDouble());
        Assert.Equal(0, results["3"].GetProperty("same").GetDouble());
        Assert.Contains("rough", results["p4"].GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.False(results["p1"].TryGetProperty("note", out _));
        // A short English argument with few function words is not called "not English".
        Assert.False(results["p2"].TryGetProperty("note", out _));
    }
}
