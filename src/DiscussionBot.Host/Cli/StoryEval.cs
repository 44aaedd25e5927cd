using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary>The story-corpus part of <c>eval</c>: pairwise precision, recall and F1 of the clusterer, batch and incremental
/// (one by one, then the refresh that ends an import or a feed round, as in the bot; the figure before it on the next line).</summary>
internal static class StoryEval
{
    /// <summary>Story corpora, clustered twice: by wording alone, and with the sentence encoder's title + lead vectors
    /// (their mean and one by one, through the corpus vector cache). Rows with a story "date" (allsides-labeled-dev) get it moved by a random
    /// ±24 h per article (fixed seed), as articles of one event arrive over a day, and keep their outlet as source.</summary>
    public static async Task<int> RunAsync(string corpusPath, List<string> lines, TextWriter output, TextWriter error, string? cache, CancellationToken ct)
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
                DateTimeOffset? date = DateTimeOffset.TryParse(JsonlRows.Str(doc.RootElement, "date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
                foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
                {
                    var id = JsonlRows.Str(a, "id") ?? $"{story}-{articles.Count}";
                    gold[id] = story;
                    var published = date?.AddHours(jitter.NextDouble() * 48 - 24);
                    articles.Add(new StoryInput(id, JsonlRows.Str(a, "title"), JsonlRows.Str(a, "text") ?? "", JsonlRows.Str(a, "source"), published));
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
            var onArrival = Evaluation.Pairwise(clusterer.Assignments, gold);
            // As the bot ends an import or a feed round: the last arrivals placed together, as a batch would place them.
            clusterer.Refresh();
            var incremental = Evaluation.Pairwise(clusterer.Assignments, gold);
            var incrementalTime = watch.Elapsed;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name + " batch",-24} {batch.Precision,9:F3} {batch.Recall,7:F3} {batch.F1,6:F3} {batch.Clusters,8} {batchTime.TotalSeconds,6:F2} s"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name + " incremental",-24} {incremental.Precision,9:F3} {incremental.Recall,7:F3} {incremental.F1,6:F3} {incremental.Clusters,8} {incrementalTime.TotalSeconds,6:F2} s"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"  before end refresh",-24} {onArrival.Precision,9:F3} {onArrival.Recall,7:F3} {onArrival.F1,6:F3} {onArrival.Clusters,8}"));
        }
        await Run("wording", mixed);
        if (StanceCommands.Encoder(StanceCommands.CacheDirectory(cache), error) is { } encoder)
        {
            var withMeaning = mixed.Select(a =>
            {
                var plan = encoder.Encode(ViewpointAnalyzer.EncodingPlan(a.Title, a.Text, DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryLead), ct);
                return a with { Meaning = DiscussionBot.TextAnalysis.Semantics.VectorMath.StoryMeaning(plan), Sentences = StorySentences.From(a.Title, plan) };
            }).ToList();
            await Run("with meaning", withMeaning);
            (encoder as IDisposable)?.Dispose();
        }
        return 0;
    }
}
