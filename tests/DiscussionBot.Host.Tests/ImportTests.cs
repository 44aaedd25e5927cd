using System.Text;
using DiscussionBot.Storage.LiteDb;

namespace DiscussionBot.Host.Tests;

public sealed class ImportTests
{
    [Fact]
    public async Task Files_folders_and_jsonl_rows_are_imported_once_with_broken_lines_named()
    {
        using var runner = new HostRunner();
        var folder = Directory.CreateDirectory(runner.File("articles")).FullName;
        File.WriteAllText(Path.Combine(folder, "one.txt"), "Bridge repairs start\nCrews began repairing the old stone bridge on Monday morning.");
        File.WriteAllText(Path.Combine(folder, "two.md"), "# Market moves indoors\nThe Saturday market will move into the old depot for the winter months.");
        File.WriteAllText(Path.Combine(folder, "copy.txt"), "Bridge repairs start\nCrews began repairing the old stone bridge on Monday morning.");
        File.WriteAllText(Path.Combine(folder, "notes.csv"), "ignored,because,csv");
        var jsonl = runner.File("rows.jsonl");
        File.WriteAllLines(jsonl,
        [
            """{"id": 1, "title": "Council budget passes", "source": "Civic Ledger", "url": "https://civic-ledger.example/budget", "published": "2026-02-01T10:00:00Z", "text": "The council passed the budget by seven votes to two after a long debate."}""",
            """{"id": "2", "title": "Council budget passes again", "url": "https://civic-ledger.example/budget", "text": "A different text under the same address, recognized by its URL."}""",
            "this is not json",
            """{"title": "No text here"}""",
            "",
        ]);

        var (code, output) = await runner.RunAsync("", "import", folder, jsonl);

        Assert.Equal(0, code);
        Assert.Contains("added #1 Bridge repairs start", output, StringComparison.Ordinal);
        Assert.Contains("added #2 Market moves indoors", output, StringComparison.Ordinal);
        Assert.Contains("already present (same text): #1 Bridge repairs start", output, StringComparison.Ordinal);
        Assert.Contains("added #3 Council budget passes — Civic Ledger", output, StringComparison.Ordinal);
        Assert.Contains("already present (same URL): #3", output, StringComparison.Ordinal);
        Assert.Contains($"skipped {jsonl}:3: not a JSON article row", output, StringComparison.Ordinal);
        Assert.Contains($"skipped {jsonl}:4: the row has no \"text\"", output, StringComparison.Ordinal);
        Assert.Contains("Added 3, already present 2, problems 2.", output, StringComparison.Ordinal);

        using var db = new BotDatabase(runner.DatabasePath);
        var articles = new LiteArticleStore(db);
        Assert.Equal(3, articles.Count());
        var budget = articles.FindByUrl("https://civic-ledger.example/budget")!;
        Assert.Equal("Civic Ledger", budget.Source);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero), budget.Published);
    }

    [Fact]
    public async Task Source_option_names_the_source_of_files_and_rows_that_name_none()
    {
        using var runner = new HostRunner();
        File.WriteAllText(runner.File("take.txt"), "Ferry service ends\nThe old ferry across the river will stop running at the end of next month.");
        var jsonl = runner.File("rows.jsonl");
        File.WriteAllLines(jsonl,
        [
            """{"title": "Ferry fares frozen", "text": "Fares on the river ferry stay the same until the service closes next month."}""",
            """{"title": "Ferry farewell", "source": "Civic Ledger", "text": "Regular passengers plan a farewell trip on the last day of the old ferry."}""",
        ]);

        var (first, output) = await runner.RunAsync("", "import", "--source", "Harbour Gazette", runner.File("take.txt"), jsonl);
        var (second, plain) = await runner.RunAsync("", "import", Write(runner, "other.txt", "Ferry replaced by bus\nA shuttle bus will replace the ferry once the crossing closes next month."));

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Contains("added #1 Ferry service ends — Harbour Gazette", output, StringComparison.Ordinal);
        Assert.Contains("added #2 Ferry fares frozen — Harbour Gazette", output, StringComparison.Ordinal);
        Assert.Contains("added #3 Ferry farewell — Civic Ledger", output, StringComparison.Ordinal);
        Assert.Contains("added #4 Ferry replaced by bus — unknown", plain, StringComparison.Ordinal);
    }

    static string Write(HostRunner runner, string name, string text)
    {
        File.WriteAllText(runner.File(name), text);
        return runner.File(name);
    }

    [Fact]
    public async Task Importing_nothing_new_exits_non_zero_with_the_reasons()
    {
        using var runner = new HostRunner();
        File.WriteAllBytes(runner.File("latin1.txt"), [0x54, 0x69, 0x74, 0x6C, 0x65, 0x0A, 0xE9, 0xE8, 0xFF, 0x20, 0x61]);
        File.WriteAllText(runner.File("empty.txt"), "  \n");
        File.WriteAllText(runner.File("short.txt"), "Title\ntoo short");

        var (code, output) = await runner.RunAsync("", "import", runner.File("latin1.txt"), runner.File("empty.txt"), runner.File("short.txt"), runner.File("missing.txt"), runner.File("x.pdf"));

        Assert.Equal(1, code);
        Assert.Contains("latin1.txt: not UTF-8 text", output, StringComparison.Ordinal);
        Assert.Contains("empty.txt: the file is empty", output, StringComparison.Ordinal);
        Assert.Contains("short.txt: the text is too short", output, StringComparison.Ordinal);
        Assert.Contains("missing.txt: no such file or folder", output, StringComparison.Ordinal);
        Assert.Contains("Nothing was added.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_written_by_the_cli_opens_on_its_own()
    {
        using var runner = new HostRunner();
        await runner.RunAsync("/demo\n", "console");
        var (code, output) = await runner.RunAsync("", "backup", runner.File("backup/bot-copy.db"));
        Assert.Equal(0, code);
        Assert.Contains("Backed up", output, StringComparison.Ordinal);
        using var copy = new BotDatabase(runner.File("backup/bot-copy.db"));
        Assert.Equal(4, new LiteArticleStore(copy).Count());
    }

    [Fact]
    public async Task The_same_article_imported_twice_is_stored_once()
    {
        using var runner = new HostRunner();
        File.WriteAllText(runner.File("a.txt"), "Pool reopens\nThe municipal pool reopens on Friday after a month of repairs to its roof.", Encoding.UTF8);
        Assert.Equal(0, (await runner.RunAsync("", "import", runner.File("a.txt"))).ExitCode);
        var (code, output) = await runner.RunAsync("", "import", runner.File("a.txt"));
        Assert.Equal(1, code);
        Assert.Contains("already present (same text)", output, StringComparison.Ordinal);
    }
}
