using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiscussionBot.Encoder.MiniLm;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Host.Cli;

/// <summary>
/// <c>bench semantics</c>: what the sentence encoder costs. Resident memory before and after the model loads (and
/// after it has encoded); encoding a 1,000-word article on one thread (what the background worker does once per
/// article); /viewpoints' analysis of a real three-source story with its vectors stored (8-bit, as in the library),
/// beside the same analysis by wording.
/// </summary>
internal static class SemanticsBench
{
    public static async Task<int> RunAsync(string corpusPath, int rounds, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(corpusPath))
        {
            await error.WriteLineAsync($"No such corpus file: {corpusPath}");
            return 2;
        }
        // Three long news articles as the three sources of one story (cost depends on how many sentences each
        // side has, not on the topic), and a 1,000-word article cut from the longest.
        var articles = File.ReadLines(corpusPath).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var e = doc.RootElement;
            return (Title: e.TryGetProperty("title", out var t) ? t.GetString() : null, Text: e.GetProperty("text").GetString() ?? "");
        }).OrderByDescending(a => a.Text.Length).Take(3).ToList();
        if (articles.Count < 3)
        {
            await error.WriteLineAsync($"{corpusPath} has fewer than three articles.");
            return 2;
        }
        var story = articles.Select((a, i) => new SourceText($"source-{i + 1}", null, $"{i + 1}", a.Title, a.Text)).ToList();
        var words = string.Join(' ', articles.SelectMany(a => a.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Take(1000));

        Collect();
        var before = ResidentMegabytes();
        using var encoder = new MiniLmSentenceEncoder(new EncoderOptions { Threads = 1 });
        var load = Stopwatch.StartNew();
        if (!encoder.TryLoad())
        {
            await error.WriteLineAsync($"The sentence model could not load: {encoder.Problem}");
            return 1;
        }
        var loadMs = load.Elapsed.TotalMilliseconds;
        Collect();
        var loaded = ResidentMegabytes();

        var plan = ViewpointAnalyzer.EncodingPlan("A thousand words", words, Core.Analysis.ArticleEncodingWorker.MaxSentences);
        encoder.Encode(plan, ct); // warm-up
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var t = Stopwatch.GetTimestamp();
            encoder.Encode(plan, ct);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        times.Sort();
        Collect();
        var working = ResidentMegabytes();

        // Stored form: what the worker saves and /viewpoints reads back.
        var stored = story.Select(s =>
        {
            var p = ViewpointAnalyzer.EncodingPlan(s.Title, s.Text, Core.Analysis.ArticleEncodingWorker.MaxSentences);
            var v = encoder.Encode(p, ct).Select(x => VectorMath.Quantize(x)).ToList();
            return s with { Vectors = SentenceVectors.From(encoder.Model, p.Zip(v.Select(q => VectorMath.Dequantize(q.Values, q.Scale)))) };
        }).ToList();
        var analyzer = new ViewpointAnalyzer();
        var claims = new ClaimExtractor();
        double Time(IReadOnlyList<SourceText> sources, out ViewpointReport report)
        {
            var t = Stopwatch.GetTimestamp();
            report = analyzer.Analyze(sources);
            claims.Extract(report);
            return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        var semantic = new List<double>();
        var lexical = new List<double>();
        ViewpointReport bySense = null!, byWords = null!;
        for (var i = 0; i < Math.Max(5, rounds); i++)
        {
            semantic.Add(Time(stored, out bySense));
            lexical.Add(Time(story, out byWords));
        }
        semantic.Sort();
        lexical.Sort();

        // The whole /viewpoints reply as the bot gives it: a real LiteDB file, the three articles imported and encoded
        // by the worker, then each round a fresh service (no cached report) that reads the stored vectors and renders.
        var directory = Directory.CreateTempSubdirectory("discussionbot-bench-");
        var command = new List<double>();
        var commandByMeaning = false;
        var commandSources = 0;
        try
        {
            using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={Path.Combine(directory.FullName, "bench.db")}"], HostMode.Tool).Build();
            var services = host.Services;
            var library = services.GetRequiredService<Core.Library.ArticleLibrary>();
            foreach (var (source, i) in story.Select((s, i) => (s, i)))
            {
                // One story: the same opening line on every take, so the clusterer joins them whatever their topics.
                library.Add(new Core.Library.ArticleDraft(source.Title ?? $"Article {i}", "The council vote on the harbour plan was held on Tuesday in the town hall. " + source.Text, $"outlet-{i + 1}.example"), "bench");
            }
            var worker = services.GetRequiredService<Core.Analysis.ArticleEncodingWorker>();
            var store = services.GetRequiredService<Core.Storage.IArticleStore>();
            foreach (var article in store.All())
            {
                worker.EncodeOne(article.Id, ct);
            }
            var index = services.GetRequiredService<Core.Analysis.StoryIndex>();
            index.EnsureLoaded();
            var storyId = store.All().GroupBy(a => a.StoryId).MaxBy(g => g.Count())!.Key!;
            for (var i = 0; i < Math.Max(5, rounds); i++)
            {
                var views = new Core.Analysis.ViewpointService(
                    services.GetRequiredService<Core.Storage.IStoryStore>(), store, services.GetRequiredService<Core.Storage.ISourceStore>(), index,
                    services.GetRequiredService<Core.Storage.IArticleVectorStore>(), services.GetRequiredService<ISentenceEncoder>());
                var t = Stopwatch.GetTimestamp();
                var found = views.Find(storyId)!;
                new Core.Analysis.ViewpointReplies(views).For("bench:local", found);
                command.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                var view = views.View("bench:local", found);
                commandByMeaning = view.Report.ByMeaning;
                commandSources = view.Articles.Count;
            }
            command.Sort();
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var sentences = plan.Count;
        await output.WriteLineAsync($"{Path.GetFileName(corpusPath)}: three sources of {string.Join(", ", story.Select(s => s.Text.Split(' ').Length.ToString("N0", CultureInfo.InvariantCulture)))} words; {rounds} rounds; one encoder thread");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"memory (resident): {before:F0} MB before the model, {loaded:F0} MB loaded (+{loaded - before:F0} MB), {working:F0} MB after encoding (+{working - before:F0} MB); load {loadMs:F0} ms"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"encoding a 1,000-word article ({sentences} sentences: title + those the analysis compares): median {Median(times):F0} ms, p90 {times[times.Count * 9 / 10]:F0} ms, fastest {times[0]:F0} ms"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"/viewpoints + /claims analysis, vectors stored: median {Median(semantic):F0} ms, p90 {semantic[semantic.Count * 9 / 10]:F0} ms ({bySense.Shared.Count} shared, {bySense.Clashes.Count} clashes, by meaning: {bySense.ByMeaning})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"/viewpoints reply from a LiteDB library with the vectors stored (fresh service each round): median {Median(command):F0} ms, p90 {command[command.Count * 9 / 10]:F0} ms ({commandSources} sources, by meaning: {commandByMeaning})"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"the same by wording: median {Median(lexical):F0} ms ({byWords.Shared.Count} shared, {byWords.Clashes.Count} clashes); ratio {Median(semantic) / Math.Max(0.01, Median(lexical)):F2}"));
        return 0;
    }

    static double Median(List<double> sorted) => sorted[sorted.Count / 2];

    static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>VmRSS from /proc (Linux); the working set elsewhere.</summary>
    static double ResidentMegabytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        return Environment.WorkingSet / 1024.0 / 1024.0;
    }
}
