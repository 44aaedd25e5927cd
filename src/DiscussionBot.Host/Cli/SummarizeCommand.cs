using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary><c>summarize</c>: stdin text (or JSONL article rows with <c>--jsonl</c>) to summary sentences.</summary>
internal static class SummarizeCommand
{
    public static async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter error, int? sentences, double? ratio, bool jsonl, CancellationToken ct)
    {
        var length = JsonlRows.LengthOf(sentences, ratio, SummaryLength.Short);
        var summarizer = new Summarizer();
        if (!jsonl)
        {
            var text = await input.ReadToEndAsync(ct);
            var summary = summarizer.Summarize(text, length);
            foreach (var s in summary.Sentences)
            {
                await output.WriteLineAsync(s.Text);
            }
            if (summary.Note is not null)
            {
                await error.WriteLineAsync(summary.Note);
            }
            return summary.Sentences.Count > 0 ? 0 : 1;
        }

        var bad = 0;
        var lineNumber = 0;
        // Rows are summarized in parallel batches (the summarizer is thread-safe) and written in input order.
        var batch = new List<(int Line, JsonlRows.Row? Row)>(256);
        async Task FlushAsync()
        {
            var results = batch.AsParallel().AsOrdered().WithCancellation(ct)
                .Select(b => b.Row is null ? ((string Id, Summary Summary)?)null : (b.Row.Id, summarizer.Summarize(b.Row.Text, b.Row.Title, length)))
                .ToList();
            foreach (var r in results)
            {
                if (r is null)
                {
                    continue;
                }
                await output.WriteLineAsync(JsonlRows.Json(w =>
                {
                    w.WriteString("id", r.Value.Id);
                    w.WriteStartArray("summary");
                    foreach (var s in r.Value.Summary.Sentences)
                    {
                        w.WriteStringValue(s.Text);
                    }
                    w.WriteEndArray();
                    if (r.Value.Summary.Note is { } note)
                    {
                        w.WriteString("note", note);
                    }
                }));
            }
            batch.Clear();
        }

        while (await input.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var row = JsonlRows.ParseArticle(line, lineNumber, error);
            if (row is null)
            {
                bad++;
            }
            batch.Add((lineNumber, row));
            if (batch.Count >= 256)
            {
                await FlushAsync();
            }
        }
        await FlushAsync();
        return bad == 0 ? 0 : 1;
    }
}
