using System.CommandLine;

namespace DiscussionBot.Host.Cli;

/// <summary>The text-analysis tools (summarize, stories, eval) and the benchmarks other than ingest.</summary>
internal static class TextCommandLine
{
    /// <summary>A corpus file under ../shared/corpora as the one finder locates it (from any working directory), else the
    /// relative path, so the "no such corpus file" message names where it was expected.</summary>
    static string Corpus(string name) => DiscussionBot.Shared.SharedFolder.TryFind("corpora", name) ?? "../shared/corpora/" + name;

    public static void Add(RootCommand root, Command bench, TextWriter stdout, TextWriter stderr)
    {
        var sentences = new Option<int?>("--sentences") { Description = "summary length in sentences" };
        var ratio = new Option<double?>("--ratio") { Description = "summary length as a share of the article's sentences (0–1)" };
        var jsonl = new Option<bool>("--jsonl") { Description = "read article rows on stdin, write {\"id\",\"summary\"} rows on stdout" };
        var summarize = new Command("summarize", "extractive summaries of article rows (or of plain text on stdin)") { sentences, ratio, jsonl };
        summarize.Validators.Add(result =>
        {
            if (result.GetValue(sentences) is { } n && n is < 1 or > 100)
            {
                result.AddError("--sentences takes 1 to 100.");
            }
            if (result.GetValue(ratio) is { } r && r is <= 0 or > 1)
            {
                result.AddError("--ratio takes a number above 0 and at most 1.");
            }
            if (result.GetValue(sentences) is not null && result.GetValue(ratio) is not null)
            {
                result.AddError("Give --sentences or --ratio, not both.");
            }
        });
        summarize.SetAction((parse, ct) => SummarizeCommand.RunAsync(System.Console.In, stdout, stderr, parse.GetValue(sentences), parse.GetValue(ratio), parse.GetValue(jsonl), ct));
        root.Subcommands.Add(summarize);

        var storiesJsonl = new Option<bool>("--jsonl") { Description = "read article rows on stdin, write {\"id\",\"story\"} rows", Required = true };
        var stories = new Command("stories", "cluster article rows into stories") { storiesJsonl };
        stories.SetAction((parse, ct) => StoriesCommand.RunAsync(System.Console.In, stdout, stderr, ct));
        root.Subcommands.Add(stories);

        var corpus = new Argument<string>("corpus") { Description = "a summary corpus (rows with \"reference\") or an AllSides story file" };
        var evalSentences = new Option<int?>("--sentences") { Description = "summary length in sentences (default 3)" };
        var evalRatio = new Option<double?>("--ratio") { Description = "summary length as a share of sentences, e.g. 0.4" };
        // Stance corpora (issue 14): a folder (fnc1-train, argkp-dev) is scored by the stance model through a vector cache.
        var evalCache = new Option<string?>("--cache") { Description = "folder for cached sentence vectors of the corpus (default $SEMANTICS_CACHE or the temp folder)" };
        var eval = new Command("eval", "quality figures: ROUGE beside lead-k, story clustering F1, or stance (an FNC-1 or ArgKP folder)") { corpus, evalSentences, evalRatio, evalCache };
        eval.SetAction((parse, ct) => StanceCommands.IsStanceCorpus(parse.GetValue(corpus)!)
            ? StanceCommands.EvalAsync(parse.GetValue(corpus)!, stdout, stderr, parse.GetValue(evalCache), ct)
            : EvalCommand.RunAsync(parse.GetValue(corpus)!, stdout, stderr, parse.GetValue(evalSentences), parse.GetValue(evalRatio), parse.GetValue(evalCache), ct));
        root.Subcommands.Add(eval);

        var pairsJsonl = new Option<bool>("--jsonl") { Description = "read {\"id\",\"a\",\"b\"} rows on stdin, write {\"id\",\"same\",\"opposed\"} rows", Required = true };
        var pairsCache = new Option<string?>("--cache") { Description = "folder to cache sentence vectors in (default: none)" };
        var pairs = new Command("pairs", "same-point and opposition probabilities of text pairs (the stance model /viewpoints uses)") { pairsJsonl, pairsCache };
        pairs.SetAction((parse, ct) => StanceCommands.PairsAsync(System.Console.In, stdout, stderr, parse.GetValue(pairsCache), ct));
        root.Subcommands.Add(pairs);

        var benchCorpus = new Option<string>("--corpus") { Description = "article rows to summarize", DefaultValueFactory = _ => Corpus("bbc-summary-dev.jsonl") };
        var benchSummarize = new Command("summarize", "summaries per second, latency on a 5,000-word article, allocations; beside ots when installed") { benchCorpus };
        benchSummarize.SetAction((parse, ct) => SummarizeBench.RunAsync(parse.GetValue(benchCorpus)!, stdout, stderr, ct));
        bench.Subcommands.Add(benchSummarize);

        // Issue 14: what the sentence encoder costs (memory, encoding, /viewpoints with vectors stored).
        var semanticsCorpus = new Option<string>("--corpus") { Description = "article rows (the three longest make the story)", DefaultValueFactory = _ => Corpus("cnndm-dev.jsonl") };
        var semanticsRounds = new Option<int>("--rounds") { Description = "timed rounds", DefaultValueFactory = _ => 20 };
        var benchSemantics = new Command("semantics", "sentence encoder: resident memory, encoding a 1,000-word article, /viewpoints with vectors stored") { semanticsCorpus, semanticsRounds };
        benchSemantics.SetAction((parse, ct) => SemanticsBench.RunAsync(parse.GetValue(semanticsCorpus)!, Math.Max(1, parse.GetValue(semanticsRounds)), stdout, stderr, ct));
        bench.Subcommands.Add(benchSemantics);

        // Issue 15: a library that grows for years (import rate, restart, memory, command latencies per size).
        var librarySizes = new Option<string>("--articles") { Description = "library sizes, comma-separated", DefaultValueFactory = _ => "1000,10000" };
        var libraryCommands = new Option<int>("--commands") { Description = "mixed commands after each restart", DefaultValueFactory = _ => 100 };
        var benchLibrary = new Command("library", "per library size: import rate, database size, restart to first answer, memory, command latencies") { librarySizes, libraryCommands };
        benchLibrary.SetAction((parse, ct) =>
        {
            var sizes = parse.GetValue(librarySizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => int.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToList();
            if (sizes.Count == 0 || sizes.Contains(-1))
            {
                stderr.WriteLine("--articles takes positive whole numbers separated by commas, e.g. 1000,10000,100000.");
                return Task.FromResult(2);
            }
            return LibraryBench.RunAsync(sizes, Math.Max(4, parse.GetValue(libraryCommands)), stdout, stderr, ct);
        });
        bench.Subcommands.Add(benchLibrary);
        var probeLibraryDb = new Option<string>("--db") { Required = true };
        var probeLibrary = new Command("probe-library", "bench helper: restarts a library and answers mixed commands") { probeLibraryDb, libraryCommands };
        probeLibrary.Hidden = true;
        probeLibrary.SetAction((parse, ct) => LibraryBench.ProbeAsync(parse.GetValue(probeLibraryDb)!, Math.Max(4, parse.GetValue(libraryCommands)), stdout, ct));
        root.Subcommands.Add(probeLibrary);

        // The platform benchmarks run the adapters against loopback fakes, which are test code: they live in
        // bench/DiscussionBot.Bench so the shipped binary carries none of it.
        foreach (var platform in new[] { "telegram", "discord" })
        {
            var pointer = new Command(platform, $"runs from bench/DiscussionBot.Bench (it needs the loopback fakes)");
            pointer.SetAction(_ =>
            {
                stderr.WriteLine($"The {platform} benchmark runs against loopback fakes that stay out of the product: dotnet run -c Release --project bench/DiscussionBot.Bench -- {platform}");
                return 1;
            });
            bench.Subcommands.Add(pointer);
        }
    }
}
