using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Library;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Host.Cli;

/// <summary>
/// <c>bench library --articles 1000,10000,100000</c>: for each size, a fresh library built from real corpus articles
/// (see <see cref="BenchCorpus"/>), imported as <c>discussionbot import</c> does (stories clustered at the end, sentence
/// vectors left to the background worker), then restarted in a child process that answers /viewpoints, /search,
/// /claims and /summary through the real router, measuring what a member would wait for and what the process holds.
/// </summary>
internal static partial class LibraryBench
{
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int commands, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var corpus = BenchCorpus.Load(error);
        if (corpus.Count == 0)
        {
            await error.WriteLineAsync("No corpus articles found under ../shared/corpora (allsides-*.jsonl, bbc-summary-dev.jsonl).");
            return 2;
        }
        await output.WriteLineAsync($"{corpus.Count:N0} corpus articles; {commands} mixed commands after each restart; encoder off during import (vectors follow in the background)");
        await output.WriteLineAsync($"Each library is built first; then the restarts are probed in {ProbeRounds} rounds, one size after the other in each round, so that load from elsewhere on the machine falls on every size alike. Latencies: all rounds' commands together; restart and resident memory: the median and the largest of the rounds.");
        var libraries = new List<(int Size, DirectoryInfo Directory, string Db, string ImportLine, string Rates, double ImportSeconds, double Megabytes)>();
        try
        {
            foreach (var size in sizes)
            {
                ct.ThrowIfCancellationRequested();
                var directory = Directory.CreateTempSubdirectory("discussionbot-library-bench-");
                var db = Path.Combine(directory.FullName, "bench.db");
                libraries.Add((size, directory, db, "", "", 0, 0));
                var import = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var (added, adding) = Import(db, corpus, size, ct);
                var importSeconds = import.Elapsed.TotalSeconds;
                // The cores are shared with other work: the processor time the import used says what it costs by itself.
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                var importLine = string.Create(CultureInfo.InvariantCulture,
                    $"    import: {size:N0} articles offered, {added:N0} added (the others' rewritten text equals an earlier copy's), in {adding.TotalSeconds:F1} s with the stories of all but the last window, that window clustered at the end in {importSeconds - adding.TotalSeconds:F1} s; {importSeconds:F1} s in all, {cpuSeconds:F1} processor-seconds ({cpuSeconds * 1000 / size:F2} ms an article offered, {cpuSeconds / importSeconds:F2} of the {Environment.ProcessorCount} cores busy on average)");
                var dbMegabytes = Directory.EnumerateFiles(directory.FullName, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1048576.0;
                libraries[^1] = (size, directory, db, importLine, string.Create(CultureInfo.InvariantCulture, $"{size / importSeconds:F0} offered, {added / importSeconds:F0} added"), importSeconds, dbMegabytes);
                await error.WriteLineAsync(importLine.Trim());
            }

            var probes = libraries.ToDictionary(l => l.Size, _ => new List<ProbeResult>());
            for (var round = 0; round < ProbeRounds; round++)
            {
                foreach (var library in libraries)
                {
                    var probe = await RunProbeAsync(library.Db, commands, error, ct);
                    if (probe is null)
                    {
                        return 1;
                    }
                    probes[library.Size].Add(probe);
                }
            }

            await output.WriteLineAsync("articles | import /s | db + index MB | restart→first /viewpoints s (median, max) | RSS idle MB (max) | RSS after MB (max) | viewpoints p50/p99 ms | search p50/p99 | claims p50/p99 | summary p50/p99");
            foreach (var library in libraries)
            {
                var rounds = probes[library.Size];
                string P(string command)
                {
                    var all = rounds.SelectMany(r => r.Latencies.GetValueOrDefault(command) ?? []).ToList();
                    return all.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(all, 0.5):F1}/{Percentile(all, 0.99):F1}");
                }
                var restarts = rounds.Select(r => r.FirstAnswerSeconds).ToList();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{library.Size:N0} | {library.Rates} | {library.Megabytes:F1} | {Percentile(restarts, 0.5):F2}, {restarts.Max():F2} | {rounds.Max(r => r.IdleMegabytes):F0} | {rounds.Max(r => r.AfterMegabytes):F0} | {P("viewpoints")} | {P("search")} | {P("claims")} | {P("summary")}"));
                await output.WriteLineAsync(library.ImportLine);
                foreach (var probe in rounds)
                {
                    await output.WriteLineAsync("    restart: " + string.Join("; ", probe.Stages.Select(st => string.Create(CultureInfo.InvariantCulture, $"{st.Name} {st.Seconds:F2} s {st.Megabytes:F0} MB")))
                        + string.Create(CultureInfo.InvariantCulture, $"; after the commands {probe.AfterMegabytes:F0} MB resident, of which {probe.AfterHeapMegabytes:F0} MB managed objects"));
                }
                await StoredFeaturesAsync(library.Db, output);
                if (library.Size == sizes[0])
                {
                    await VectorPaceAsync(library.Db, library.ImportSeconds * 100_000.0 / library.Size, output, ct);
                }
            }
        }
        finally
        {
            foreach (var library in libraries)
            {
                library.Directory.Delete(recursive: true);
            }
        }
        return 0;
    }

    /// <summary>Restarts probed per library (interleaved with the other sizes).</summary>
    private const int ProbeRounds = 2;

    /// <summary>
    /// A library of <paramref name="size"/> corpus articles in <paramref name="db"/>, imported as <c>discussionbot import</c>
    /// does: prepared on every core, stored in batches, stories clustered block by block as the import moves on, the last
    /// window when it ends; the encoder off. Returns the articles added and the time until the last window was left.
    /// Also what the search comparison of bench/DiscussionBot.Bench builds its libraries with.
    /// </summary>
    internal static (int Added, TimeSpan Adding) Import(string db, IReadOnlyList<BenchCorpus.Take> corpus, int size, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var added = 0;
        using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=false"], HostMode.Tool).Build();
        var library = host.Services.GetRequiredService<ArticleLibrary>();
        using (host.Services.GetRequiredService<StoryIndex>().BeginBulk())
        {
            library.AddAll(BenchCorpus.Articles(corpus, size).Select(d => (0, (ArticleDraft?)d)), "bench",
                (_, outcome) => added += outcome is AddOutcome.Added ? 1 : 0, ct);
            return (added, watch.Elapsed);
        }
    }

    /// <summary>What the stored story features weigh, on a sample of 1,000 articles spread over the library.</summary>
    private static async Task StoredFeaturesAsync(string db, TextWriter output)
    {
        using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=false", "--Logging:LogLevel:Default=Warning"], HostMode.Tool).Build();
        var store = host.Services.GetRequiredService<Core.Storage.IArticleStore>();
        var ids = store.Ids();
        var rows = host.Services.GetRequiredService<DiscussionBot.Storage.LiteDb.BotDatabase>().Collection<DiscussionBot.Storage.LiteDb.ArticleTermsRow>(DiscussionBot.Storage.LiteDb.Collections.ArticleTerms);
        var sampled = Enumerable.Range(0, Math.Min(1000, ids.Count)).Select(i => ids[(int)((long)i * ids.Count / Math.Min(1000, ids.Count))]).ToList();
        var featureBytes = sampled.Select(id => rows.FindById(id)?.Data.Length ?? 0).Average();
        var textChars = sampled.Select(id => store.Get(id)?.Text.Length ?? 0).Average();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    stored story features: {featureBytes:F0} bytes an article on average (its text: {textChars:F0} characters; {sampled.Count} sampled)"));
    }

    /// <summary>The background encoder's pace on a sample of the library's articles (the model loaded first, not timed),
    /// and what it means for a 100,000-article import: extrapolated from the sample, and said so.</summary>
    private static async Task VectorPaceAsync(string db, double importSeconds100k, TextWriter output, CancellationToken ct)
    {
        const int Sample = 40;
        using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=true", "--Logging:LogLevel:Default=Warning"], HostMode.Tool).Build();
        var encoder = host.Services.GetRequiredService<DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder>();
        if (!encoder.TryLoad())
        {
            await output.WriteLineAsync($"    vectors: the sentence encoder is unavailable ({encoder.Problem}); no pace measured");
            return;
        }
        var worker = host.Services.GetRequiredService<ArticleEncodingWorker>();
        var ids = host.Services.GetRequiredService<Core.Storage.IArticleStore>().Ids();
        var sample = Enumerable.Range(0, Sample).Select(i => ids[(int)((long)i * ids.Count / Sample)]).Distinct().ToList();
        var watch = Stopwatch.StartNew();
        foreach (var id in sample)
        {
            ct.ThrowIfCancellationRequested();
            worker.EncodeOne(id, ct);
        }
        var pace = sample.Count / watch.Elapsed.TotalSeconds;
        var hours = 100_000 / pace / 3600;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    vectors: {sample.Count} articles encoded in {watch.Elapsed.TotalSeconds:F1} s = {pace:F2} articles/s (one encoder, this machine's shared cores); extrapolated, not measured: a 100,000-article import (~{importSeconds100k / 60:F0} min at this size's import rate) has every vector stored ~{hours:F1} h after it ends, at this pace"));
    }

    /// <summary>What the child process measured.</summary>
    internal sealed record ProbeResult(double FirstAnswerSeconds, double IdleMegabytes, double AfterMegabytes, Dictionary<string, List<double>> Latencies, List<Stage> Stages, double AfterHeapMegabytes = 0);

    /// <summary>Where the restart's time and memory go: seconds since start and resident MB after each step.</summary>
    internal sealed record Stage(string Name, double Seconds, double Megabytes);

    private static async Task<ProbeResult?> RunProbeAsync(string db, int commands, TextWriter error, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = Environment.GetCommandLineArgs()[0];
        // Run through `dotnet <dll>` only when this process is the dotnet host itself (the apphost also reports the dll).
        if (entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            && string.Equals(Path.GetFileNameWithoutExtension(Environment.ProcessPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(entry);
        }
        // A profiler attached to this process (dotnet-trace) must not hold the child suspended at start.
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        foreach (var a in new[] { "probe-library", "--db", db, "--commands", commands.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            await error.WriteLineAsync($"The restarted library failed (exit {process.ExitCode}): {await stderr}");
            return null;
        }
        return JsonSerializer.Deserialize<ProbeResult>(stdout.Trim().Split('\n')[^1]);
    }

    /// <summary>The child: opens the library as the bot does at start, answers the first /viewpoints, then
    /// <paramref name="commands"/> mixed commands; prints one JSON line.</summary>
    public static async Task<int> ProbeAsync(string db, int commands, TextWriter output, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=false", "--Logging:LogLevel:Default=Warning"], HostMode.Tool).Build();
        var services = host.Services;
        var stages = new List<Stage>();
        void Mark(string name) => stages.Add(new Stage(name, started.Elapsed.TotalSeconds, Resident()));
        Mark("host built");
        services.GetRequiredService<Core.Storage.IArticleStore>().Count();
        Mark("database open");
        services.GetRequiredService<StoryIndex>().EnsureLoaded();
        Mark("story window clustered");
        services.GetRequiredService<SearchIndex>().Search("council", 1);
        Mark("search index open");
        var where = new ChatLocation("bench", "c1", "c1");
        var member = new ChatUser("u1", "Uma", IsModerator: false);
        var time = services.GetRequiredService<TimeProvider>();
        async Task<double> Send(string name, string arguments)
        {
            var t = Stopwatch.GetTimestamp();
            await using var scope = services.CreateAsyncScope();
            // Cooldowns are per member: each command comes from its own member, as in a busy group.
            var author = member with { Id = "u" + Random.Shared.Next() };
            await scope.ServiceProvider.GetRequiredService<ChatRouter>().HandleAsync(new CommandReceived(where, author, time.GetUtcNow(), name, arguments), ct);
            return Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        var store = services.GetRequiredService<Core.Storage.IArticleStore>();
        static string WordsOf(string? title) =>
            string.Join(' ', (title ?? "council vote").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).Take(3));
        // The first question names the newest article's words, as a member asking about today's news would.
        await Send("viewpoints", WordsOf(store.Get(store.Count())?.Title));
        var first = started.Elapsed.TotalSeconds;
        Mark("first /viewpoints answered");
        Collect();
        var idle = Resident();
        // Bench bookkeeping (not what the bot holds): the ids to pick command targets from.
        var ids = store.Ids();
        var random = new Random(15);
        string Words() => WordsOf(store.Get(ids[random.Next(ids.Count)])?.Title);
        var latencies = new Dictionary<string, List<double>> { ["viewpoints"] = [], ["search"] = [], ["claims"] = [], ["summary"] = [] };
        for (var i = 0; i < commands; i++)
        {
            var article = ids[random.Next(ids.Count)];
            var storyId = store.Get(article)?.StoryId ?? "st1";
            var (name, arguments) = (i % 4) switch
            {
                0 => ("viewpoints", Words()),
                1 => ("search", Words()),
                2 => ("claims", storyId),
                _ => ("summary", article.ToString(CultureInfo.InvariantCulture)),
            };
            latencies[name].Add(await Send(name, arguments));
        }
        Collect();
        var after = Resident();
        var heap = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0;
        await output.WriteLineAsync(JsonSerializer.Serialize(new ProbeResult(first, idle, after, latencies, stages, heap)));
        return 0;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>VmRSS from /proc (Linux); the working set elsewhere.</summary>
    private static double Resident()
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
        return Environment.WorkingSet / 1048576.0;
    }
}

/// <summary>
/// The benchmark's articles: real AllSides takes (labeled-dev, val, train; one story's takes together) and BBC
/// articles, read from ../shared/corpora at run time. Past the corpus size, copy k of an article is rewritten
/// deterministically: every capitalised word longer than three letters gets one of a fixed set of endings chosen by
/// k (names change, so copies are other events), and every number has k added (years too). Articles are dated in
/// order from 1 January 2025, 274 a day (100,000 a year), so a story's takes fall on one day and copies come later.
/// </summary>
internal static partial class BenchCorpus
{
    internal sealed record Take(string Title, string Text, string Source, int Story);

    public static IReadOnlyList<Take> Load(TextWriter error)
    {
        if (Shared.SharedFolder.TryFind("corpora") is not { } root)
        {
            error.WriteLine(Shared.SharedFolder.Missing("corpora"));
            return [];
        }
        var takes = new List<Take>();
        var story = 0;
        foreach (var file in new[] { "allsides-labeled-dev.jsonl", "allsides-val.jsonl", "allsides-train.jsonl" })
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                error.WriteLine($"(missing {path})");
                continue;
            }
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                var take = 0;
                foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
                {
                    var text = a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
                    var source = a.TryGetProperty("source", out var s) && s.GetString() is { Length: > 0 } name && name != "None" ? name : $"outlet-{take}";
                    if (text.Length >= 200)
                    {
                        takes.Add(new Take(a.GetProperty("title").GetString() ?? "", text, source, story));
                    }
                    take++;
                }
                story++;
            }
        }
        var bbc = Path.Combine(root, "bbc-summary-dev.jsonl");
        if (File.Exists(bbc))
        {
            foreach (var line in File.ReadLines(bbc).Where(l => l.Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                takes.Add(new Take(e.GetProperty("title").GetString() ?? "", e.GetProperty("text").GetString() ?? "", "BBC", story++));
            }
        }
        return takes;
    }

    private static readonly string[] Endings = ["", "ova", "ström", "ani", "berg", "escu", "ington", "ez", "ler", "opoulos", "ard", "ami"];

    public static IEnumerable<ArticleDraft> Articles(IReadOnlyList<Take> corpus, int count)
    {
        var start = new DateTimeOffset(2025, 1, 1, 6, 0, 0, TimeSpan.Zero);
        var perDay = 274.0;
        for (var i = 0; i < count; i++)
        {
            var copy = i / corpus.Count;
            var take = corpus[i % corpus.Count];
            var day = Math.Floor(i / perDay);
            var published = start.AddDays(day).AddMinutes(i % 600);
            var title = Rewrite(take.Title, copy);
            var text = Rewrite(take.Text, copy);
            yield return new ArticleDraft(title, text, take.Source,
                string.Create(CultureInfo.InvariantCulture, $"https://bench.example/{copy}/{i % corpus.Count}"), published);
        }
    }

    internal static string Rewrite(string text, int copy)
    {
        if (copy == 0)
        {
            return text;
        }
        var ending = Endings[1 + ((copy - 1) % (Endings.Length - 1))];
        var round = (copy - 1) / (Endings.Length - 1);
        var named = Name().Replace(text, m => m.Value + ending + (round > 0 ? round.ToString(CultureInfo.InvariantCulture) : ""));
        return Number().Replace(named, m => long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (n + copy).ToString(CultureInfo.InvariantCulture) : m.Value);
    }

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}{3,}\b")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b\d{1,9}\b")]
    private static partial Regex Number();
}
