using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary>
/// The text tools of the command line: <c>summarize</c>, <c>stories</c>, <c>eval</c> and
/// <c>bench summarize</c>. Only reading, writing and timing live here; everything worth testing is
/// in DiscussionBot.TextAnalysis.
/// </summary>
internal static class TextCommands
{
    sealed record Row(string Id, string? Title, string? Source, DateTimeOffset? Published, string Text, IReadOnlyList<string>? Reference);

    public static async Task<int> SummarizeAsync(TextReader input, TextWriter output, TextWriter error, int? sentences, double? ratio, bool jsonl, CancellationToken ct)
    {
        var length = LengthOf(sentences, ratio, SummaryLength.Short);
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
        var batch = new List<(int Line, Row? Row)>(256);
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
                await output.WriteLineAsync(Json(w =>
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
            var row = ParseArticle(line, lineNumber, error);
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

    public static async Task<int> StoriesAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var rows = new List<Row>();
        var lineNumber = 0;
        var bad = 0;
        while (await input.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (ParseArticle(line, lineNumber, error) is { } row)
            {
                rows.Add(row);
            }
            else
            {
                bad++;
            }
        }
        var stories = StoryClusterer.Cluster(rows.Select(ToStory));
        foreach (var row in rows.DistinctBy(r => r.Id))
        {
            await output.WriteLineAsync(Json(w =>
            {
                w.WriteString("id", row.Id);
                w.WriteString("story", stories[row.Id]);
            }));
        }
        return bad == 0 ? 0 : 1;
    }

    public static Task<int> EvalAsync(string corpusPath, TextWriter output, TextWriter error, CancellationToken ct) =>
        EvalAsync(corpusPath, output, error, null, null, ct);

    /// <summary>
    /// Summary corpora (rows with "reference"): ROUGE-1/2/L F1 of ours beside lead-k at the same length
    /// (3 sentences when references are short, like CNN/DailyMail highlights; 40% of sentences when
    /// they are long extracts, like BBC; or what --sentences / --ratio say). Story corpora (rows with
    /// "articles"): pairwise P/R/F1 with every story's articles mixed together.
    /// </summary>
    public static async Task<int> EvalAsync(string corpusPath, TextWriter output, TextWriter error, int? sentences, double? ratio, CancellationToken ct) =>
        await EvalAsync(corpusPath, output, error, sentences, ratio, null, ct);

    public static async Task<int> EvalAsync(string corpusPath, TextWriter output, TextWriter error, int? sentences, double? ratio, string? cache, CancellationToken ct)
    {
        if (!File.Exists(corpusPath))
        {
            await error.WriteLineAsync($"No such corpus file: {corpusPath}");
            return 2;
        }
        var lines = (await File.ReadAllLinesAsync(corpusPath, ct)).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (lines.Count == 0)
        {
            await error.WriteLineAsync($"{corpusPath} has no rows.");
            return 2;
        }
        using (var first = JsonDocument.Parse(lines[0]))
        {
            if (first.RootElement.TryGetProperty("articles", out _))
            {
                return await EvalStoriesAsync(corpusPath, lines, output, error, cache, ct);
            }
            if (!first.RootElement.TryGetProperty("reference", out _))
            {
                await error.WriteLineAsync($"{corpusPath}: rows have neither \"reference\" (summary corpus) nor \"articles\" (story corpus).");
                return 2;
            }
        }

        var rows = new List<SummaryRow>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (ParseArticle(lines[i], i + 1, error) is { Reference: { } reference } row)
            {
                rows.Add(new SummaryRow(row.Id, row.Title, row.Text, reference));
            }
        }
        var meanReference = rows.Count == 0 ? 0 : rows.Average(r => r.Reference.Count);
        var length = LengthOf(sentences, ratio, meanReference >= 5 ? SummaryLength.Ratio(0.4) : SummaryLength.Sentences(3));
        var watch = Stopwatch.StartNew();
        var result = Evaluation.CompareWithLead(rows, new Summarizer(), length);
        await output.WriteLineAsync($"{Path.GetFileName(corpusPath)}: {rows.Count} articles, {result.Length}, ROUGE F1 x100 (rouge-score tokenization, Porter stemming)");
        await output.WriteLineAsync("                 ROUGE-1  ROUGE-2  ROUGE-L  ROUGE-Lsum");
        await output.WriteLineAsync(Line("ours", result.Ours));
        await output.WriteLineAsync(Line("lead", result.Lead));
        if (length.Fraction is { } fraction && FindOnPath("ots") is { } ots)
        {
            // The classic tool on the same articles at the same ratio (ots counts its ratio in words).
            var pairs = new List<(string, string)>();
            foreach (var row in rows)
            {
                // ots prints one paragraph; one sentence per line makes its ROUGE-Lsum comparable with ours.
                var otsSummary = await RunOtsAsync(ots, row.Text, (int)Math.Round(fraction * 100), ct);
                var otsLines = string.Join("\n", SentenceSplitter.Split(otsSummary).Select(s => s.Text));
                pairs.Add((otsLines, string.Join("\n", row.Reference)));
            }
            await output.WriteLineAsync(Line($"ots --ratio={(int)Math.Round(fraction * 100)}", Evaluation.MeanRouge(pairs)));
        }
        await output.WriteLineAsync($"({watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    static async Task<string> RunOtsAsync(string ots, string text, int percent, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(ots, $"--ratio={percent}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        })!;
        var read = process.StandardOutput.ReadToEndAsync(ct);
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var result = await read;
        await process.WaitForExitAsync(ct);
        return result;
    }

    /// <summary>Story corpora, clustered twice: by wording alone, and with the sentence encoder's title + lead vectors
    /// (through the corpus vector cache). Rows with a story "date" (allsides-labeled-dev) get it moved by a random
    /// ±24 h per article (fixed seed), as articles of one event arrive over a day, and keep their outlet as source.</summary>
    static async Task<int> EvalStoriesAsync(string corpusPath, List<string> lines, TextWriter output, TextWriter error, string? cache, CancellationToken ct)
    {
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var articles = new List<StoryInput>();
        var jitter = new Random(24);
        for (var i = 0; i < lines.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                var story = doc.RootElement.GetProperty("story").GetString() ?? $"line-{i + 1}";
                DateTimeOffset? date = DateTimeOffset.TryParse(Str(doc.RootElement, "date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
                foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
                {
                    var id = Str(a, "id") ?? $"{story}-{articles.Count}";
                    gold[id] = story;
                    var published = date?.AddHours(jitter.NextDouble() * 48 - 24);
                    articles.Add(new StoryInput(id, Str(a, "title"), Str(a, "text") ?? "", Str(a, "source"), published));
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                await error.WriteLineAsync($"line {i + 1}: not a story row ({e.Message})");
            }
        }
        // Mixed the way they would arrive from many feeds: a fixed shuffle, so runs are repeatable.
        var random = new Random(12345);
        var mixed = articles.OrderBy(_ => random.Next()).ToList();

        await output.WriteLineAsync($"{Path.GetFileName(corpusPath)}: {articles.Count} articles of {gold.Values.Distinct().Count()} stories, all mixed"
            + (mixed.Any(a => a.Published is not null) ? "; dates moved by a random ±24 h per article, outlets kept" : ""));
        await output.WriteLineAsync("                         precision  recall    F1   stories   time");
        async Task Run(string name, List<StoryInput> set)
        {
            var watch = Stopwatch.StartNew();
            var batch = Evaluation.Pairwise(StoryClusterer.Cluster(set), gold);
            var batchTime = watch.Elapsed;
            watch.Restart();
            var clusterer = new StoryClusterer();
            foreach (var a in set)
            {
                clusterer.Add(a);
            }
            var incremental = Evaluation.Pairwise(clusterer.Assignments, gold);
            var incrementalTime = watch.Elapsed;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name + " batch",-24} {batch.Precision,9:F3} {batch.Recall,7:F3} {batch.F1,6:F3} {batch.Clusters,8} {batchTime.TotalSeconds,6:F2} s"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name + " incremental",-24} {incremental.Precision,9:F3} {incremental.Recall,7:F3} {incremental.F1,6:F3} {incremental.Clusters,8} {incrementalTime.TotalSeconds,6:F2} s"));
        }
        await Run("wording", mixed);
        if (StanceCommands.Encoder(StanceCommands.CacheDirectory(cache), error) is { } encoder)
        {
            var withMeaning = mixed.Select(a => a with
            {
                Meaning = DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryMeaning(
                    encoder.Encode(ViewpointAnalyzer.EncodingPlan(a.Title, a.Text, DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryLead), ct)),
            }).ToList();
            await Run("with meaning", withMeaning);
            (encoder as IDisposable)?.Dispose();
        }
        return 0;
    }

    /// <summary>
    /// Summaries per second, median latency on a 5,000-word article, allocations per summary, and,
    /// when the <c>ots</c> binary is on PATH, ots on the same articles (one process per article, the
    /// way ots is used; its figure includes process start).
    /// </summary>
    public static async Task<int> BenchSummarizeAsync(string corpusPath, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(corpusPath))
        {
            await error.WriteLineAsync($"No such corpus file: {corpusPath}");
            return 2;
        }
        var rows = new List<Row>();
        var n = 0;
        foreach (var line in await File.ReadAllLinesAsync(corpusPath, ct))
        {
            n++;
            if (!string.IsNullOrWhiteSpace(line) && ParseArticle(line, n, error) is { } row && row.Text.Length > 0)
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

        var ots = FindOnPath("ots");
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
            await RunOtsAsync(ots, r.Text, 40, ct);
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

    static string FiveThousandWords(List<Row> rows)
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

    static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    static SummaryLength LengthOf(int? sentences, double? ratio, SummaryLength fallback) =>
        sentences is > 0 ? SummaryLength.Sentences(sentences.Value)
        : ratio is > 0 and <= 1 ? SummaryLength.Ratio(ratio.Value)
        : ratio is > 1 and <= 100 ? SummaryLength.Ratio(ratio.Value / 100) // "--ratio 40" as ots spells it
        : fallback;

    static StoryInput ToStory(Row r) => new(r.Id, r.Title, r.Text, r.Source, r.Published);

    static Row? ParseArticle(string line, int lineNumber, TextWriter error)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                error.WriteLine($"line {lineNumber}: not a JSON object");
                return null;
            }
            var id = Str(e, "id") ?? Str(e, "url") ?? $"line-{lineNumber}";
            DateTimeOffset? published = DateTimeOffset.TryParse(Str(e, "published"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p) ? p : null;
            IReadOnlyList<string>? reference = e.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : "").ToArray()
                : e.TryGetProperty("reference", out var rs) && rs.ValueKind == JsonValueKind.String ? [rs.GetString() ?? ""] : null;
            return new Row(id, Str(e, "title"), Str(e, "source"), published, Str(e, "text") ?? "", reference);
        }
        catch (JsonException ex)
        {
            error.WriteLine($"line {lineNumber}: not valid JSON ({ex.Message})");
            return null;
        }
    }

    static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()
        : e.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetRawText()
        : null;

    static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static string Line(string name, RougeAverages r) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-16} {r.Rouge1 * 100,7:F2}  {r.Rouge2 * 100,7:F2}  {r.RougeL * 100,7:F2}  {r.RougeLsum * 100,9:F2}");
}
