using System.Diagnostics;
using System.Globalization;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary><c>bench summarize</c>.</summary>
internal static class SummarizeBench
{
    /// <summary>
    /// Summaries per second, median latency on a 5,000-word article, allocations per summary, and,
    /// when the <c>ots</c> binary is on PATH, ots on the same articles (one process per article, the
    /// way ots is used; its figure includes process start).
    /// </summary>
    public static async Task<int> RunAsync(string corpusPath, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(corpusPath))
        {
            await error.WriteLineAsync($"No such corpus file: {corpusPath}");
            return 2;
        }
        var rows = new List<JsonlRows.Row>();
        var n = 0;
        foreach (var line in await File.ReadAllLinesAsync(corpusPath, ct))
        {
            n++;
            if (!string.IsNullOrWhiteSpace(line) && JsonlRows.ParseArticle(line, n, error) is { } row && row.Text.Length > 0)
            {
                rows.Add(row);
            }
        }
        if (rows.Count == 0)
        {
            await error.WriteLineAsync($"{corpusPath} has no articles.");
            return 2;
        }
        var summarizer = new Summarizer();
        var length = SummaryLength.Ratio(0.4);

        // Warm up: tiered JIT needs a few hundred calls before the optimised code runs.
        foreach (var r in rows.Take(500))
        {
            summarizer.Summarize(r.Text, r.Title, length);
        }

        var watch = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            summarizer.Summarize(r.Text, r.Title, length);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var single = rows.Count / watch.Elapsed.TotalSeconds;

        watch.Restart();
        rows.AsParallel().WithCancellation(ct).ForAll(r => summarizer.Summarize(r.Text, r.Title, length));
        var parallel = rows.Count / watch.Elapsed.TotalSeconds;

        var article = FiveThousandWords(rows);
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            summarizer.Summarize(article, SummaryLength.Short);
        }
        for (var i = 0; i < 200; i++)
        {
            var t = Stopwatch.GetTimestamp();
            summarizer.Summarize(article, SummaryLength.Short);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        times.Sort();

        await output.WriteLineAsync($"{Path.GetFileName(corpusPath)}: {rows.Count} articles, 40% summaries");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ours: {single:F0} summaries/s on one thread, {parallel:F0}/s on {Environment.ProcessorCount} cores, {allocated / rows.Count / 1024.0:F0} KiB allocated per summary"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"5,000-word article: median {times[times.Count / 2]:F2} ms, p90 {times[times.Count * 9 / 10]:F2} ms, p99 {times[times.Count * 99 / 100]:F2} ms"));

        var ots = Ots.FindOnPath("ots");
        if (ots is null)
        {
            await output.WriteLineAsync("ots: not on PATH (bench/ots.sh installs it) - no side-by-side figure");
            return 0;
        }
        var sample = rows.Take(300).ToList();
        watch.Restart();
        foreach (var r in sample)
        {
            ct.ThrowIfCancellationRequested();
            await Ots.RunAsync(ots, r.Text, 40, ct);
        }
        var otsRate = sample.Count / watch.Elapsed.TotalSeconds;
        watch.Restart();
        foreach (var r in sample)
        {
            summarizer.Summarize(r.Text, r.Title, length);
        }
        var oursSameRate = sample.Count / watch.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ots --ratio=40 on the same {sample.Count} articles: {otsRate:F0} summaries/s (one process each); ours {oursSameRate:F0}/s on one thread: {oursSameRate / otsRate:F1}x"));
        return 0;
    }

    static string FiveThousandWords(List<JsonlRows.Row> rows)
    {
        var words = new List<string>(5000);
        var i = 0;
        while (words.Count < 5000 && i < rows.Count * 10)
        {
            var text = rows[i % rows.Count].Text;
            words.AddRange(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(5000 - words.Count));
            i++;
        }
        return string.Join(' ', words);
    }
}
