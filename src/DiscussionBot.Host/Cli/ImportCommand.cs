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
        // Everything imported is grouped into stories in one batch at the end: far quicker than one by one.
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

    private async Task ImportAllAsync(IReadOnlyList<string> inputs, CancellationToken ct)
    {
        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            if (UrlArgument.IsUrl(input))
            {
                await ImportUrlAsync(input, ct);
            }
            else if (Directory.Exists(input))
            {
                var files = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0)
                {
                    Problem($"{input}: no .txt, .md, .html or .jsonl files in this folder");
                }
                foreach (var file in files)
                {
                    await ImportFileAsync(file, ct);
                }
            }
            else if (File.Exists(input))
            {
                await ImportFileAsync(input, ct);
            }
            else
            {
                Problem($"{input}: no such file or folder");
            }
        }
    }

    private async Task ImportFileAsync(string path, CancellationToken ct)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            Problem($"{path}: unsupported file type {extension} (use .txt, .md, .html or .jsonl)");
            return;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(await File.ReadAllBytesAsync(path, ct)).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Problem($"{path}: not UTF-8 text");
            return;
        }
        catch (IOException ex)
        {
            Problem($"{path}: cannot be read ({ex.Message})");
            return;
        }
        if (text.Trim().Length == 0)
        {
            Problem($"{path}: the file is empty");
            return;
        }
        switch (extension)
        {
            case ".jsonl":
                ImportJsonLines(path, text);
                break;
            case ".html" or ".htm":
                var reader = htmlReaders.FirstOrDefault();
                if (reader is null)
                {
                    Problem($"{path}: HTML import is not available in this build");
                    return;
                }
                var outcome = reader.Read(text, new Uri(Path.GetFullPath(path)).AbsoluteUri);
                if (outcome.Draft is null)
                {
                    Problem($"{path}: {outcome.Problem}");
                    return;
                }
                Report(path, library.Add(WithSource(outcome.Draft with { Url = null }), "import"));
                break;
            default:
                var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', 2);
                var title = lines[0].Trim().TrimStart('#').Trim();
                var body = lines.Length > 1 ? lines[1] : "";
                Report(path, library.Add(WithSource(new ArticleDraft(title, body)), "import"));
                break;
        }
    }

    private void ImportJsonLines(string path, string text)
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
            ArticleRow? row;
            try
            {
                row = JsonSerializer.Deserialize(line, CliJson.Default.ArticleRow);
            }
            catch (JsonException ex)
            {
                Problem($"{where}: not a JSON article row ({FirstSentence(ex.Message)})");
                continue;
            }
            if (row is null || string.IsNullOrWhiteSpace(row.Text))
            {
                Problem($"{where}: the row has no \"text\"");
                continue;
            }
            Report(where, library.Add(WithSource(row.ToDraft()), "import"));
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
