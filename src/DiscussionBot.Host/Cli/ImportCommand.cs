using System.Text;
using System.Text.Json;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot import &lt;file|dir|url&gt;…</c>: adds .txt/.md files (first line = title), JSONL article
/// rows and, where the ingest feature is present, web pages and HTML files. Prints what it added; a problem
/// names the file (and line) and why.</summary>
public sealed class ImportCommand(ArticleLibrary library, StoryIndex stories, IEnumerable<IArticleFetcher> fetchers, IEnumerable<IHtmlArticleReader> htmlReaders, TextWriter output, TextWriter error)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Extensions = [".txt", ".md", ".html", ".htm", ".jsonl"];

    /// <summary>Source given to files and rows that name none (<c>--source</c>); web pages keep their domain.</summary>
    public string? DefaultSource { get; init; }

    public int Added { get; private set; }

    public int Duplicates { get; private set; }

    public int Problems { get; private set; }

    public async Task<int> RunAsync(IReadOnlyList<string> inputs, CancellationToken ct)
    {
        // A bulk import: stories are clustered block by block as the import moves past them (and the last window at
        // the end), far quicker than one article at a time.
        using (stories.BeginBulk())
        {
            await ImportAllAsync(inputs, ct);
        }
        await output.WriteLineAsync($"Added {Added}, already present {Duplicates}, problems {Problems}.");
        if (Added == 0)
        {
            await error.WriteLineAsync("Nothing was added.");
            return 1;
        }
        return 0;
    }

    /// <summary>One thing found in the inputs: a draft to add (named by where it came from), or a problem.</summary>
    private sealed record Item(string Where, string? Problem = null);

    private async Task ImportAllAsync(IReadOnlyList<string> inputs, CancellationToken ct)
    {
        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            if (UrlArgument.IsUrl(input))
            {
                await ImportUrlAsync(input, ct);
                continue;
            }
            // Files are read in order, each article prepared on every core and stored in batches (one commit each);
            // an article is reported as added only once its batch has committed.
            library.AddAll(ItemsOf(input, ct), "import", (item, outcome) =>
            {
                if (item.Problem is not null)
                {
                    Problem(item.Problem);
                }
                else
                {
                    Report(item.Where, outcome!);
                }
            }, ct);
        }
    }

    private IEnumerable<(Item, ArticleDraft?)> ItemsOf(string input, CancellationToken ct)
    {
        if (Directory.Exists(input))
        {
            var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                yield return (new Item(input, $"{input}: no .txt, .md, .html or .jsonl files in this folder"), null);
            }
            foreach (var file in files)
            {
                foreach (var item in FileItems(file, ct))
                {
                    yield return item;
                }
            }
        }
        else if (File.Exists(input))
        {
            foreach (var item in FileItems(input, ct))
            {
                yield return item;
            }
        }
        else
        {
            yield return (new Item(input, $"{input}: no such file or folder"), null);
        }
    }

    private IEnumerable<(Item, ArticleDraft?)> FileItems(string path, CancellationToken ct)
    {
        (Item, ArticleDraft?) Skip(string problem) => (new Item(path, problem), null);
        ct.ThrowIfCancellationRequested();
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            yield return Skip($"{path}: unsupported file type {extension} (use .txt, .md, .html or .jsonl)");
            yield break;
        }
        string? text = null;
        string? problem = null;
        try
        {
            text = StrictUtf8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problem = $"{path}: not UTF-8 text";
        }
        catch (IOException ex)
        {
            problem = $"{path}: cannot be read ({ex.Message})";
        }
        if (problem is not null || text is null)
        {
            yield return Skip(problem ?? $"{path}: cannot be read");
            yield break;
        }
        if (text.Trim().Length == 0)
        {
            yield return Skip($"{path}: the file is empty");
            yield break;
        }
        switch (extension)
        {
            case ".jsonl":
                foreach (var item in JsonLines(path, text))
                {
                    yield return item;
                }
                break;
            case ".html" or ".htm":
                var reader = htmlReaders.FirstOrDefault();
                if (reader is null)
                {
                    yield return Skip($"{path}: HTML import is not available in this build");
                    yield break;
                }
                var outcome = reader.Read(text, new Uri(Path.GetFullPath(path)).AbsoluteUri);
                yield return outcome.Draft is null ? Skip($"{path}: {outcome.Problem}") : (new Item(path), WithSource(outcome.Draft with { Url = null }));
                break;
            default:
                var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', 2);
                var title = lines[0].Trim().TrimStart('#').Trim();
                var body = lines.Length > 1 ? lines[1] : "";
                yield return (new Item(path), WithSource(new ArticleDraft(title, body)));
                break;
        }
    }

    private IEnumerable<(Item, ArticleDraft?)> JsonLines(string path, string text)
    {
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var where = $"{path}:{number}";
            ArticleRow? row = null;
            string? problem = null;
            try
            {
                row = JsonSerializer.Deserialize(line, CliJson.Default.ArticleRow);
            }
            catch (JsonException ex)
            {
                problem = $"{where}: not a JSON article row ({FirstSentence(ex.Message)})";
            }
            if (problem is null && (row is null || string.IsNullOrWhiteSpace(row.Text)))
            {
                problem = $"{where}: the row has no \"text\"";
            }
            yield return problem is not null ? (new Item(where, problem), null) : (new Item(where), WithSource(row!.ToDraft()));
        }
    }

    private ArticleDraft WithSource(ArticleDraft draft) =>
        string.IsNullOrWhiteSpace(draft.Source) && !string.IsNullOrWhiteSpace(DefaultSource) ? draft with { Source = DefaultSource.Trim() } : draft;

    private async Task ImportUrlAsync(string url, CancellationToken ct)
    {
        var fetcher = fetchers.FirstOrDefault();
        if (fetcher is null)
        {
            Problem($"{url}: fetching web pages is not available in this build");
            return;
        }
        var fetched = await fetcher.FetchAsync(url, ct);
        if (fetched.Draft is null)
        {
            Problem($"{url}: {fetched.Problem}");
            return;
        }
        Report(url, library.Add(fetched.Draft, "import"));
    }

    private void Report(string where, AddOutcome outcome)
    {
        switch (outcome)
        {
            case AddOutcome.Added added:
                Added++;
                output.WriteLine($"added #{added.Article.Id} {added.Article.Title} — {added.Article.Source}");
                break;
            case AddOutcome.Duplicate dup:
                Duplicates++;
                output.WriteLine($"already present ({dup.Why}): #{dup.Existing.Id} {dup.Existing.Title} — {where}");
                break;
            case AddOutcome.Refused refused:
                Problem($"{where}: {refused.Reason}");
                break;
        }
    }

    private void Problem(string message)
    {
        Problems++;
        error.WriteLine("skipped " + message);
    }

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
