using System.Diagnostics;
using System.Text.Json;
using DiscussionBot.Storage.LiteDb;
using LiteDB;

namespace DiscussionBot.Host.Tests;

/// <summary>Issue 15: <c>discussionbot import</c> in a child process, killed with SIGKILL halfway: the library opens
/// and answers, and every article the import reported as added is stored exactly once.</summary>
public sealed class ImportCrashTests
{
    // Killed while it reads the third batch's reports (batches of 128), with most of the 2,000 still to come.
    private const int KillAfter = 300;

    private static string Corpus(string name) => DiscussionBot.Testing.SharedFiles.Find("corpora", name);

    [Fact]
    public async Task An_import_killed_halfway_leaves_a_library_that_opens_answers_and_holds_every_reported_article_once()
    {
        using var runner = new HostRunner();
        // 2,000 real AllSides takes (read from ../shared/corpora at run time; each text once) as article rows with links
        // and dates: enough that an import of several batches is still running when the first ones are reported.
        var rows = File.ReadLines(Corpus("allsides-val.jsonl")).Concat(File.ReadLines(Corpus("allsides-train.jsonl")))
            .SelectMany((line, story) => JsonDocument.Parse(line).RootElement.GetProperty("articles").EnumerateArray()
                .Select((a, take) => (Title: a.GetProperty("title").GetString()!, Text: a.GetProperty("text").GetString()!, Story: story, Take: take)))
            .Where(r => r.Text.Length > 200)
            .DistinctBy(r => r.Text.Trim())
            .Take(2000)
            .Select(r => System.Text.Json.JsonSerializer.Serialize(new
            {
                id = $"{r.Story}-{r.Take}",
                title = r.Title,
                source = $"outlet-{r.Take}",
                url = $"https://example.org/{r.Story}/{r.Take}",
                published = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).AddDays(r.Story / 3.0).ToString("O"),
                text = r.Text,
            }))
            .ToList();
        var file = runner.File("takes.jsonl");
        await File.WriteAllLinesAsync(file, rows);

        var reported = new List<int>();
        using (var process = runner.Start("import", file, "--Encoder:Enabled=false"))
        {
            try
            {
                while (reported.Count < KillAfter && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120)) is { } line)
                {
                    if (line.StartsWith("added #", StringComparison.Ordinal))
                    {
                        reported.Add(int.Parse(line[7..line.IndexOf(' ', 7)], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            finally
            {
                process.Kill(); // SIGKILL: no shutdown, no checkpoint, the batch being written and the last window's stories left undone
                await process.WaitForExitAsync();
            }
        }
        Assert.Equal(KillAfter, reported.Count);

        // The database opens (LiteDB replays its log) and holds every reported article once, none twice.
        using (var db = new BotDatabase(runner.DatabasePath))
        {
            var stored = db.Database.GetCollection(Collections.Articles).Query().Select("{ id: $._id, url: $.Url }").ToList();
            Assert.Equal(stored.Count, stored.Select(d => d["url"].AsString).Distinct(StringComparer.Ordinal).Count());
            var ids = stored.Select(d => d["id"].AsInt32).ToHashSet();
            Assert.All(reported, id => Assert.Contains(id, ids));
            // Each reported article's story features were committed with it (one batch, one commit).
            var features = db.Database.GetCollection(Collections.ArticleTerms);
            Assert.All(reported, id => Assert.NotNull(features.FindById(id)));
        }

        // The bot opens it and answers: the search index and the stories catch up on what the import left undone.
        // The last reported article: the search index commits every 5,000 articles, so it was not yet in the index.
        var title = JsonDocument.Parse(rows[reported.Count - 1]).RootElement.GetProperty("title").GetString()!;
        var words = string.Join(' ', title.Split(' ').Where(w => w.Length > 3).Take(3));
        var (code, output) = await runner.RunAsync($"/search {words}\n/viewpoints {words}\n", "console", "--Encoder:Enabled=false");
        Assert.True(code == 0, $"exit code {code}:\n{output}");
        Assert.Contains(title[..Math.Min(30, title.Length)], output, StringComparison.Ordinal);
        Assert.Contains("Viewpoints", output, StringComparison.Ordinal);

        // Importing the whole file again adds only what the kill cut off: each article is stored once.
        // (Batches are reported once committed, so the kill can land after the last one: then there is nothing new,
        // which the import says with its own exit code.)
        int storedBeforeAgain;
        using (var db = new BotDatabase(runner.DatabasePath))
        {
            storedBeforeAgain = db.Database.GetCollection(Collections.Articles).Count();
        }
        var (again, summary) = await runner.RunAsync("", "import", file, "--Encoder:Enabled=false");
        Assert.True(again == (storedBeforeAgain < rows.Count ? 0 : 1), $"exit code {again} with {storedBeforeAgain} of {rows.Count} stored:\n{summary}");
        using (var db = new BotDatabase(runner.DatabasePath))
        {
            var articles = db.Database.GetCollection(Collections.Articles);
            Assert.Equal(rows.Count, articles.Count());
            Assert.Equal(0, articles.Count("$.StoryId = null"));
        }
        Assert.Contains("already present", summary, StringComparison.Ordinal);
    }
}
