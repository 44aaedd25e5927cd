using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

// Fits the same-story model of StoryClusterer (StoryGraph.Weights and the threshold) on allsides-train
// and reports pairwise P/R/F1 on allsides-val. Tune on train only; val is for reporting.
//   dotnet run -c Release --project tools/StoryFit -- fit    # fit weights, pick the threshold on train, report val
//   dotnet run -c Release --project tools/StoryFit -- eval   # val with the committed constants
// Paste the printed weights into StoryGraph.Weights and StoryGraph.RelativeWeights, and the threshold into
// StoryClustererOptions.Threshold.
//
// Measured and left out (allsides-val F1 stayed at 0.83 +- 0.005 while train rose or stayed): LSA at 50 or
// 200 dimensions instead of 100; LSA cosine relative to each article's third-best; blending the LSA
// cosine into the neighbour ranking; lead-sentence and title-to-lead/body cross cosines; quadratic
// feature terms; scoring neighbours of neighbours too; 6 or 15 candidates instead of 10; correlation
// clustering over log-odds instead of average linkage; attaching lone articles to their best match;
// in the second stage, ranks and a transitive-support term (best min(q(a,k), q(b,k)) over third articles).
var mode = args.Length > 0 ? args[0] : "eval";
var corpora = args.Length > 1 ? args[1] : FindCorpora();
var train = Load(Path.Combine(corpora, "allsides-train.jsonl"));
var val = Load(Path.Combine(corpora, "allsides-val.jsonl"));
const int ChunkStories = 307; // the size of allsides-val: rank features depend on how many articles compete

switch (mode)
{
    case "fit":
        Fit();
        break;
    case "eval":
        Eval(val, "val");
        break;
    default:
        Console.Error.WriteLine("usage: StoryFit fit|eval [corpora-dir]");
        return 2;
}
return 0;

void Fit()
{
    // Candidate pairs of the batch clusterer on chunks of train stories. Real streams hold many
    // articles no other source covers: the partners of ~40% of the stories are dropped (some keep one).
    var x = new List<double[]>();
    var y = new List<int>();
    var chunks = new List<List<(string A, string B, double[] F)>>();
    var stories = train.Articles.Select(a => train.Gold[a.Id]).Distinct().ToList();
    for (var c0 = 0; c0 < stories.Count; c0 += ChunkStories)
    {
        var part = stories.Skip(c0).Take(ChunkStories).ToHashSet();
        var keep = train.Articles.Where(a => part.Contains(train.Gold[a.Id])).Where(a =>
        {
            var h = int.Parse(train.Gold[a.Id].Split('-')[^1], CultureInfo.InvariantCulture) * 7919 % 1000 / 1000.0;
            var k = a.Id[^1] - '0';
            return h >= 0.4 || k == 0 || (h >= 0.2 && k == 1);
        });
        var chunk = new List<(string, string, double[])>();
        StoryClusterer.ObservePairs(keep, (a, b, f) =>
        {
            chunk.Add((a, b, f));
            x.Add(f);
            y.Add(train.Gold[a] == train.Gold[b] ? 1 : 0);
        });
        chunks.Add(chunk);
    }
    Console.WriteLine($"train pairs {x.Count}, same-story {y.Sum()}");
    var w = Logistic(x, y);
    StoryGraph.Weights = w;
    Console.WriteLine("StoryGraph.Weights = [" + string.Join(", ", w.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))) + "]");

    // Second stage, as StoryClusterer applies it: each pair's first-stage probability against both
    // articles' best ones within the same chunk (pairs under the similarity floor stay at 0).
    var x2 = new List<double[]>();
    var y2 = new List<int>();
    var floor = new StoryClustererOptions().MinSimilarity;
    foreach (var chunk in chunks)
    {
        var q = chunk.Select(p => p.F[1] < floor ? 0 : StoryGraph.Probability(p.F)).ToArray();
        var top = new Dictionary<string, TopScores>();
        TopScores Of(string id) => top.TryGetValue(id, out var t) ? t : top[id] = new TopScores();
        for (var k = 0; k < chunk.Count; k++)
        {
            Of(chunk[k].A).Offer(q[k]);
            Of(chunk[k].B).Offer(q[k]);
        }
        for (var k = 0; k < chunk.Count; k++)
        {
            if (q[k] > 0)
            {
                x2.Add(StoryGraph.RelativeFeatures(q[k], Of(chunk[k].A), Of(chunk[k].B)));
                y2.Add(train.Gold[chunk[k].A] == train.Gold[chunk[k].B] ? 1 : 0);
            }
        }
    }
    var w2 = Logistic(x2, y2);
    StoryGraph.RelativeWeights = w2;
    Console.WriteLine("StoryGraph.RelativeWeights = [" + string.Join(", ", w2.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))) + "]");

    // Threshold: best mean F1 over the first two train chunks (all takes kept).
    var best = (Threshold: 0.0, F1: 0.0);
    foreach (var threshold in new[] { 0.15, 0.2, 0.25, 0.3, 0.35, 0.4 })
    {
        var options = new StoryClustererOptions { Threshold = threshold };
        var f1 = Enumerable.Range(0, 2).Average(c =>
        {
            var part = stories.Skip(c * ChunkStories).Take(ChunkStories).ToHashSet();
            var gold = train.Gold.Where(kv => part.Contains(kv.Value)).ToDictionary();
            return Evaluation.Pairwise(StoryClusterer.Cluster(train.Articles.Where(a => part.Contains(train.Gold[a.Id])), options), gold).F1;
        });
        Console.WriteLine($"threshold {threshold:F2}: train F1 {f1:F3}");
        if (f1 > best.F1)
        {
            best = (threshold, f1);
        }
    }
    Console.WriteLine($"best threshold on train: {best.Threshold:F2}");
    Eval(val, "val", new StoryClustererOptions { Threshold = best.Threshold });
}

static void Eval((List<StoryInput> Articles, Dictionary<string, string> Gold) set, string name, StoryClustererOptions? options = null)
{
    var sw = Stopwatch.StartNew();
    var b = Evaluation.Pairwise(StoryClusterer.Cluster(set.Articles, options), set.Gold);
    Console.WriteLine($"{name} batch       P={b.Precision:F3} R={b.Recall:F3} F1={b.F1:F3} stories={b.Clusters} {sw.Elapsed.TotalSeconds:F2}s");
    var clusterer = new StoryClusterer(options);
    var times = new List<double>();
    sw.Restart();
    foreach (var a in set.Articles)
    {
        var t = Stopwatch.GetTimestamp();
        clusterer.Add(a);
        times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }
    var i = Evaluation.Pairwise(clusterer.Assignments, set.Gold);
    times.Sort();
    Console.WriteLine($"{name} incremental P={i.Precision:F3} R={i.Recall:F3} F1={i.F1:F3} stories={i.Clusters} {sw.Elapsed.TotalSeconds:F2}s " +
        $"Add median {times[times.Count / 2]:F2} ms, p99 {times[(int)(times.Count * 0.99)]:F1} ms, max {times[^1]:F0} ms");
}

// Logistic regression by Adam on standardised features (bias in column 0), small L2.
static double[] Logistic(List<double[]> x, List<int> y, int iterations = 3000, double l2 = 1e-4)
{
    var d = x[0].Length;
    var w = new double[d];
    var scale = new double[d];
    for (var k = 0; k < d; k++)
    {
        scale[k] = Math.Sqrt(x.Average(r => r[k] * r[k])) + 1e-9;
    }
    var m = new double[d];
    var v = new double[d];
    for (var it = 1; it <= iterations; it++)
    {
        var g = new double[d];
        for (var r = 0; r < x.Count; r++)
        {
            double z = 0;
            for (var k = 0; k < d; k++)
            {
                z += w[k] * x[r][k] / scale[k];
            }
            var e = 1 / (1 + Math.Exp(-z)) - y[r];
            for (var k = 0; k < d; k++)
            {
                g[k] += e * x[r][k] / scale[k];
            }
        }
        for (var k = 0; k < d; k++)
        {
            g[k] = g[k] / x.Count + l2 * w[k];
            m[k] = 0.9 * m[k] + 0.1 * g[k];
            v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
            w[k] -= 0.05 * (m[k] / (1 - Math.Pow(0.9, it))) / (Math.Sqrt(v[k] / (1 - Math.Pow(0.999, it))) + 1e-8);
        }
    }
    for (var k = 0; k < d; k++)
    {
        w[k] /= scale[k];
    }
    return w;
}

// Stories shuffled with a fixed seed so that every story's takes arrive mixed among the others.
static (List<StoryInput> Articles, Dictionary<string, string> Gold) Load(string path)
{
    var gold = new Dictionary<string, string>();
    var articles = new List<StoryInput>();
    foreach (var line in File.ReadLines(path))
    {
        using var doc = JsonDocument.Parse(line);
        var story = doc.RootElement.GetProperty("story").GetString()!;
        foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
        {
            string? S(string n) => a.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var id = S("id")!;
            gold[id] = story;
            articles.Add(new StoryInput(id, S("title"), S("text") ?? "", S("source")));
        }
    }
    var random = new Random(12345);
    return (articles.OrderBy(_ => random.Next()).ToList(), gold);
}

static string FindCorpora()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "..", "shared", "corpora");
        if (File.Exists(Path.Combine(candidate, "allsides-train.jsonl")))
        {
            return Path.GetFullPath(candidate);
        }
    }
    throw new DirectoryNotFoundException("../shared/corpora not found; pass the corpora directory as the second argument");
}
