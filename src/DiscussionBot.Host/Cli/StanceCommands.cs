using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiscussionBot.Encoder.MiniLm;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Host.Cli;

/// <summary>
/// <c>pairs --jsonl</c> and the stance part of <c>eval</c> (FNC-1, ArgKP). Both score through
/// <see cref="PairScorer"/>, the stance model /viewpoints uses; texts are encoded by the MiniLM encoder (through a
/// vector cache outside the repository for the corpora), or compared by wording when the model cannot load.
/// </summary>
internal static class StanceCommands
{
    /// <summary>The cache of corpus vectors: <c>--cache</c>, else $SEMANTICS_CACHE, else a folder in the temp directory.</summary>
    public static string CacheDirectory(string? option) =>
        option is { Length: > 0 } ? option
        : Environment.GetEnvironmentVariable("SEMANTICS_CACHE") is { Length: > 0 } env ? env
        : Path.Combine(Path.GetTempPath(), "discussionbot-vectors");

    /// <summary>The encoder for the tools, or null (with the reason on stderr, once) when the model cannot load.</summary>
    public static ISentenceEncoder? Encoder(string? cacheDirectory, TextWriter error)
    {
        var encoder = new MiniLmSentenceEncoder(new EncoderOptions());
        if (!encoder.TryLoad())
        {
            error.WriteLine($"Comparing by wording only: {encoder.Problem}.");
            return null;
        }
        return cacheDirectory is null ? encoder : new CachedSentenceEncoder(encoder, Path.Combine(cacheDirectory, "minilm.bin"));
    }

    static SentenceVectors? Vectors(ISentenceEncoder? encoder, string text)
    {
        if (encoder is null)
        {
            return null;
        }
        var plan = ViewpointAnalyzer.EncodingPlan(null, text, 64);
        return SentenceVectors.From(encoder.Model, plan.Zip(encoder.Encode(plan)));
    }

    /// <summary>One parsed row of <c>pairs --jsonl</c>.</summary>
    sealed record PairRow(string Id, string A, string B, string Group);

    /// <summary>
    /// Reads every row first: the rows of one input (or of one "group" value, when rows carry one) are one
    /// discussion, and each text's sentences are read inside it (Semantics/Discussion.cs); a group with too few
    /// sentences scores its pairs as lone pairs. Rows are written in input order.
    /// </summary>
    public static async Task<int> PairsAsync(TextReader input, TextWriter output, TextWriter error, string? cache, CancellationToken ct)
    {
        if (StanceModel.Default is not { } model)
        {
            await error.WriteLineAsync("This build carries no stance model (Semantics/stance-model.json).");
            return 2;
        }
        var rows = new List<PairRow>();
        var bad = 0;
        var lineNumber = 0;
        while (await input.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("not a JSON object");
                }
                rows.Add(new PairRow(Text(e, "id") ?? $"line-{lineNumber}", Text(e, "a") ?? "", Text(e, "b") ?? "", Text(e, "group") ?? ""));
            }
            catch (JsonException ex)
            {
                await error.WriteLineAsync($"line {lineNumber}: not a pair row ({ex.Message})");
                bad++;
            }
        }
        var encoder = Encoder(cache, error);
        var scorer = new PairScorer(model);
        var vectors = new Dictionary<string, SentenceVectors?>(StringComparer.Ordinal);
        SentenceVectors? V(string text)
        {
            if (!vectors.TryGetValue(text, out var v))
            {
                vectors[text] = v = Vectors(encoder, text);
            }
            return v;
        }
        var discussions = new Dictionary<string, Discussion>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Group, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var discussion = Discussion.Of(model, group.SelectMany(r => new[] { r.A, r.B }).Select(t => (t, V(t))));
            if (discussion.Sentences > Discussion.MaxSentences)
            {
                var name = group.Key.Length == 0 ? "the input" : $"group {JsonSerializer.Serialize(group.Key)}";
                await error.WriteLineAsync($"{name}: {discussion.Sentences} sentences, more than {Discussion.MaxSentences} read as one discussion; its pairs are scored alone (give rows a \"group\").");
            }
            discussions[group.Key] = discussion;
        }
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            var score = scorer.Score(row.A, row.B, V(row.A), V(row.B), discussions[row.Group]);
            // The model and the cue words were fitted on English: elsewhere the figures are rough, and the row says so.
            // Only a language the detector names: a text it cannot place ("und": a few words without function words) is not flagged.
            var rough = new[] { row.A, row.B }.Any(t => t.Length >= 20 && LanguageDetector.Detect(t).Code is not ("en" or "und"));
            var note = rough ? ",\"note\":\"not English: same and opposed are rough\"" : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{{\"id\":{JsonSerializer.Serialize(row.Id)},\"same\":{Math.Round(score.Same, 4)},\"opposed\":{Math.Round(score.Opposed, 4)}{note}}}"));
        }
        (encoder as IDisposable)?.Dispose();
        return bad == 0 ? 0 : 1;
    }

    static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    public static bool IsStanceCorpus(string path) =>
        Directory.Exists(path) && (File.Exists(Path.Combine(path, "train_stances.csv")) || File.Exists(Path.Combine(path, "arguments_dev.csv")));

    public static async Task<int> EvalAsync(string directory, TextWriter output, TextWriter error, string? cache, CancellationToken ct)
    {
        if (StanceModel.Default is not { } model)
        {
            await error.WriteLineAsync("This build carries no stance model (Semantics/stance-model.json).");
            return 2;
        }
        var encoder = Encoder(CacheDirectory(cache), error);
        var scorer = new PairScorer(model);
        var vectors = new Dictionary<string, SentenceVectors?>(StringComparer.Ordinal);
        SentenceVectors? V(string t)
        {
            if (!vectors.TryGetValue(t, out var v))
            {
                vectors[t] = v = Vectors(encoder, t);
            }
            return v;
        }
        PairScore Score(string a, string b, Discussion? discussion = null) => scorer.Score(a, b, V(a), V(b), discussion);
        var watch = Stopwatch.StartNew();
        var mode = encoder is null ? "wording only" : "with meaning vectors";
        if (File.Exists(Path.Combine(directory, "train_stances.csv")))
        {
            // The held-out half: odd body ids (the model was fitted on the even ones).
            var bodies = Csv(Path.Combine(directory, "train_bodies.csv")).Skip(1).Where(r => r.Length >= 2).ToDictionary(r => r[0], r => r[1]);
            var related = Csv(Path.Combine(directory, "train_stances.csv")).Skip(1)
                .Where(r => r.Length == 3 && r[2] != "unrelated" && int.TryParse(r[1], CultureInfo.InvariantCulture, out _) && bodies.ContainsKey(r[1]))
                .ToList();
            var rows = related.Where(r => int.Parse(r[1], CultureInfo.InvariantCulture) % 2 == 1).ToList();
            // Scored as pairs --jsonl scores the half given as one input without groups: one discussion, which re-reads
            // nothing, as its one-sentence texts (headlines, a few one-line bodies) are fewer than Discussion.MinMemberShare
            // of its texts.
            var whole = Discussion.Of(model, rows.SelectMany(r => new[] { r[0], bodies[r[1]] }).Select(t => (t, V(t))));
            var scored = rows.Select(r => (Score(r[0], bodies[r[1]], whole).Opposed, r[2] == "disagree")).ToList();
            var lonePairs = rows.Select(r => (Score(r[0], bodies[r[1]]).Opposed, r[2] == "disagree")).ToList();
            var fire = scored.Count(s => s.Opposed >= model.ClashThreshold);
            await output.WriteLineAsync($"FNC-1 held-out half (odd body ids): {rows.Count} related pairs, {scored.Count(s => s.Item2)} disagree; {mode}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"AUC of opposed, disagree vs agree+discuss: {StanceMetrics.Auc(scored):F3} (the half one discussion: {whole.Sentences} of {whole.Texts} texts one sentence, {(whole.Smoothed ? "re-read" : "not re-read")}; as lone pairs {StanceMetrics.Auc(lonePairs):F3})"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"above the clash threshold {model.ClashThreshold:F3}: disagree {Share(scored, true, model.ClashThreshold):P0}, agree+discuss {Share(scored, false, model.ClashThreshold):P0} ({fire} pairs)"));
        }
        if (File.Exists(Path.Combine(directory, "arguments_dev.csv")))
        {
            var args = Csv(Path.Combine(directory, "arguments_dev.csv")).Skip(1).Where(r => r.Length == 4).ToList();
            var kps = Csv(Path.Combine(directory, "key_points_dev.csv")).Skip(1).Where(r => r.Length == 4).ToList();
            var labels = Csv(Path.Combine(directory, "labels_dev.csv")).Skip(1).Where(r => r.Length == 3).ToDictionary(r => (r[0], r[1]), r => r[2] == "1");
            var predictions = new List<StanceMetrics.KeyPointPrediction>();
            foreach (var a in args)
            {
                var best = (Score: -1.0, Id: "");
                foreach (var k in kps.Where(k => k[2] == a[2] && k[3] == a[3]))
                {
                    var s = Score(a[1], k[1]).Same;
                    if (s > best.Score)
                    {
                        best = (s, k[0]);
                    }
                }
                predictions.Add(new StanceMetrics.KeyPointPrediction(a[2], int.Parse(a[3], CultureInfo.InvariantCulture), best.Score, labels.TryGetValue((a[0], best.Id), out var l) ? l : null));
            }
            var (strict, relaxed) = StanceMetrics.KeyPointMap(predictions);
            var pairs = new List<(string Topic, double Opposed, bool Opposite)>();
            var lone = new List<(string Topic, double Opposed, bool Opposite)>();
            var pooled = new List<(string Topic, double Opposed, bool Opposite)>();
            // All topics one input (pairs --jsonl without groups).
            var all = Discussion.Of(model, args.Select(a => (a[1], V(a[1]))));
            foreach (var topic in args.GroupBy(a => a[2]))
            {
                var list = topic.ToList();
                // One topic's arguments are one discussion (as rows of pairs --jsonl with the topic as their "group").
                var discussion = Discussion.Of(model, list.Select(a => (a[1], V(a[1]))));
                for (var i = 0; i < list.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    for (var j = i + 1; j < list.Count; j++)
                    {
                        pairs.Add((topic.Key, Score(list[i][1], list[j][1], discussion).Opposed, list[i][3] != list[j][3]));
                        lone.Add((topic.Key, Score(list[i][1], list[j][1]).Opposed, list[i][3] != list[j][3]));
                        pooled.Add((topic.Key, Score(list[i][1], list[j][1], all).Opposed, list[i][3] != list[j][3]));
                    }
                }
            }
            await output.WriteLineAsync($"ArgKP dev: {args.Count} arguments on {args.Select(a => a[2]).Distinct().Count()} topics, {kps.Count} key points, {pairs.Count} argument pairs; {mode}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"key-point matching mAP from same: strict {strict:F3}, relaxed {relaxed:F3}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"AUC of opposed, opposite vs same stance pairs (each topic one discussion): {StanceMetrics.Auc(pairs.Select(p => (p.Opposed, p.Opposite)).ToList()):F3}; scored as lone pairs: {StanceMetrics.Auc(lone.Select(p => (p.Opposed, p.Opposite)).ToList()):F3}, top-4 share {StanceMetrics.TopShare(lone, 4):P1}; all topics one input ({(all.Smoothed ? "re-read" : "not re-read")}): {StanceMetrics.Auc(pooled.Select(p => (p.Opposed, p.Opposite)).ToList()):F3}, top-4 share {StanceMetrics.TopShare(pooled, 4):P1}"));
            // Within each topic (the pooled figure also asks that scores compare across topics).
            await output.WriteLineAsync("  within each topic: " + string.Join("; ", pairs.GroupBy(p => p.Topic).Select(g =>
                string.Create(CultureInfo.InvariantCulture, $"{g.Key} {StanceMetrics.Auc(g.Select(p => (p.Opposed, p.Opposite)).ToList()):F3}"))));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"opposite-stance share of the top 4 pairs per topic: {StanceMetrics.TopShare(pairs.Select(p => (p.Topic, p.Opposed, p.Opposite)), 4):P1} (all pairs: {pairs.Average(p => p.Opposite ? 1.0 : 0):P1})"));
        }
        await output.WriteLineAsync($"({watch.Elapsed.TotalSeconds:F1} s)");
        (encoder as IDisposable)?.Dispose();
        return 0;
    }

    static double Share(List<(double Opposed, bool Positive)> scored, bool positive, double threshold)
    {
        var part = scored.Where(s => s.Positive == positive).ToList();
        return part.Count == 0 ? 0 : part.Count(s => s.Opposed >= threshold) / (double)part.Count;
    }

    static IEnumerable<string[]> Csv(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = false });
        foreach (var row in reader)
        {
            yield return row.ToArray();
        }
    }
}
