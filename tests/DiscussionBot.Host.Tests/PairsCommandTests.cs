using System.Text.Json;
using DiscussionBot.Testing;

namespace DiscussionBot.Host.Tests;

/// <summary><c>discussionbot pairs --jsonl</c> as a user runs it: rows in on stdin, rows out on stdout.</summary>
public sealed class PairsCommandTests
{
    [Fact]
    public async Task Pairs_rows_get_same_and_opposed_probabilities_and_a_bad_row_is_named_without_stopping_the_rest()
    {
        var rows = new[]
        {
            """{"id":"p1","a":"The minister resigned on Monday after the scandal.","b":"After the scandal broke, the minister stepped down on Monday."}""",
            """{"id":"p2","a":"Uniforms reduce bullying in schools.","b":"The weather in the mountains was cold and wet all week."}""",
            "not json",
            """{"id":3,"a":"","b":"Only one side has text."}""",
            """{"id":"p4","a":"Президент посетил Турцию.","b":"Президент вернулся из Анкары."}""",
        };
        var (exitCode, results, stderr) = await RunAsync(rows);

        Assert.Equal(1, exitCode); // one bad row
        Assert.Contains("line 3: not a pair row", stderr, StringComparison.Ordinal);
        Assert.Equal(4, results.Count);
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

    static async Task<(int ExitCode, Dictionary<string, JsonElement> Rows, string Stderr)> RunAsync(IEnumerable<string> rows)
    {
        using var runner = new HostRunner();
        using var process = runner.Start("pairs", "--jsonl");
        foreach (var row in rows)
        {
            await process.StandardInput.WriteLineAsync(row);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("id").GetString()!), await stderr);
    }

    static readonly string[] Arguments = StanceFixtures.UniformArguments;

    static string Row(string id, string a, string b, string? group = null) =>
        JsonSerializer.Serialize(group is null ? new Dictionary<string, string> { ["id"] = id, ["a"] = a, ["b"] = b } : new Dictionary<string, string> { ["id"] = id, ["a"] = a, ["b"] = b, ["group"] = group });

    [Fact]
    public async Task Rows_of_one_group_are_read_as_one_discussion_while_a_row_alone_in_its_group_scores_as_a_lone_pair()
    {
        var lone = await RunAsync([Row("q", Arguments[0], Arguments[6])]);
        var rows = Arguments.Skip(1).Select((a, i) => Row($"r{i}", Arguments[0], a, "uniforms"))
            .Append(Row("q", Arguments[0], Arguments[6], "uniforms"))
            .Append(Row("alone", Arguments[0], Arguments[6], "another topic"));
        var grouped = await RunAsync(rows);

        Assert.Equal(0, grouped.ExitCode);
        Assert.Equal(Arguments.Length + 1, grouped.Rows.Count);
        // The same pair inside its topic's discussion is re-read; its same-point probability is not.
        Assert.Equal(lone.Rows["q"].GetProperty("same").GetDouble(), grouped.Rows["q"].GetProperty("same").GetDouble());
        Assert.NotEqual(lone.Rows["q"].GetProperty("opposed").GetDouble(), grouped.Rows["q"].GetProperty("opposed").GetDouble());
        // Alone in its group, the pair scores as a lone pair.
        Assert.Equal(lone.Rows["q"].GetProperty("same").GetDouble(), grouped.Rows["alone"].GetProperty("same").GetDouble());
        Assert.Equal(lone.Rows["q"].GetProperty("opposed").GetDouble(), grouped.Rows["alone"].GetProperty("opposed").GetDouble());
        Assert.All(grouped.Rows.Values, e => Assert.InRange(e.GetProperty("opposed").GetDouble(), 0, 1));
    }

    [Fact]
    public async Task Headline_and_article_rows_given_without_groups_score_as_lone_pairs()
    {
        // FNC-1-like input: one-sentence headlines against multi-sentence bodies, the whole input one discussion.
        // Fewer than Discussion.MinMemberShare of its texts are one sentence, so nothing is re-read.
        var bodies = Enumerable.Range(0, 8).Select(i =>
            $"Uniform rules came up again at meeting {i}. Parents argued for an hour. The head teacher said the policy stays. " +
            "Some pupils said they would rather choose their own clothes.").ToList();
        var rows = Arguments.Select((a, i) => (Id: $"r{i}", A: a, B: bodies[i % bodies.Count])).ToList();
        var together = await RunAsync(rows.Select(r => Row(r.Id, r.A, r.B)));
        Assert.Equal(0, together.ExitCode);
        Assert.Equal(rows.Count, together.Rows.Count);
        // Each row alone in its own group: a lone pair.
        var alone = await RunAsync(rows.Select(r => Row(r.Id, r.A, r.B, r.Id)));
        foreach (var r in rows)
        {
            Assert.Equal(alone.Rows[r.Id].GetProperty("opposed").GetDouble(), together.Rows[r.Id].GetProperty("opposed").GetDouble());
            Assert.Equal(alone.Rows[r.Id].GetProperty("same").GetDouble(), together.Rows[r.Id].GetProperty("same").GetDouble());
        }
        // The same headlines against each other (all one sentence) are one discussion and are re-read.
        var arguments = await RunAsync(Arguments.Skip(1).Select((a, i) => Row($"r{i}", Arguments[0], a)));
        var lone = await RunAsync([Row("q", Arguments[0], Arguments[6])]);
        Assert.NotEqual(lone.Rows["q"].GetProperty("opposed").GetDouble(), arguments.Rows["r5"].GetProperty("opposed").GetDouble());
    }

    [Fact]
    public async Task An_empty_input_writes_nothing_and_a_ten_megabyte_text_gets_a_row()
    {
        var empty = await RunAsync([]);
        Assert.Equal(0, empty.ExitCode);
        Assert.Empty(empty.Rows);

        var huge = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"The council will vote on bridge number {i} next week. "));
        var result = await RunAsync([Row("huge", huge, "The bridge opened after two years."), Row("small", Arguments[0], Arguments[6])]);
        Assert.Equal(0, result.ExitCode);
        Assert.InRange(result.Rows["huge"].GetProperty("same").GetDouble(), 0, 1);
        Assert.InRange(result.Rows["small"].GetProperty("opposed").GetDouble(), 0, 1);
    }
}
