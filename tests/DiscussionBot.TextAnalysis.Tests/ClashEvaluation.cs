using Xunit.Abstractions;

namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>
/// Opt-in measurement of the clash score on public labelled data (set CLASH_EVAL=1): FNC-1 headline/body
/// pairs (does the score separate 'disagree' from 'agree'/'discuss'?) and ArgKP arguments (are top-scoring
/// pairs on one topic of opposite stance?). Reads ../shared/corpora at run time; copies nothing.
/// </summary>
public sealed class ClashEvaluation(ITestOutputHelper output)
{
    static string Corpora => Path.Combine(Fixtures.Corpora);

    internal sealed record Sample(string Group, int Label, ViewpointAnalyzer.PairFeatures Features, double OldScore);

    [Fact]
    public void Measure()
    {
        if (Environment.GetEnvironmentVariable("CLASH_EVAL") != "1")
        {
            return;
        }
        var fnc = Fnc(trainHalf: true).Concat(Fnc(trainHalf: false)).ToList();
        var argTrain = ArgKp("train").ToList();
        var argDev = ArgKp("dev").ToList();
        var w = ClashWeights();
        output.WriteLine($"fnc pairs {fnc.Count}, argkp train pairs {argTrain.Count}, dev {argDev.Count}");
        Report("old", s => s.OldScore, fnc, argTrain, argDev);
        Report("new", s => s.Features.Clash(w), fnc, argTrain, argDev);
        Report("new shared>=1", s => s.Features.Clash(w with { MinShared = 1 }), fnc, argTrain, argDev);
        foreach (var story in new[] { Fixtures.Seeds(), [Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier] })
        {
            var report = new ViewpointAnalyzer().Analyze(story);
            foreach (var c in report.Clashes.Take(6))
            {
                output.WriteLine($"CLASH {c.Score} [{c.Subject}] ({c.Reason})\n   {c.First.SourceName}: {c.First.Text}\n   {c.Second.SourceName}: {c.Second.Text}");
            }
            foreach (var c in new ClaimExtractor().Extract(story).Take(8))
            {
                output.WriteLine($"CLAIM {c.Kind} {c.Score}: {c.Text[..Math.Min(90, c.Text.Length)]} | {string.Join(", ", c.Stances.Select(kv => kv.Key + "=" + kv.Value))}");
            }
        }
        if (Environment.GetEnvironmentVariable("CLASH_GRID") == "1")
        {
            Grid(fnc.Where(s => s.Group.StartsWith("fnc-train")).ToList(), argTrain);
        }
    }

    static ViewpointAnalyzer.ClashWeights ClashWeights() => ViewpointAnalyzer.ClashWeights.Default;

    void Grid(List<Sample> fncTrain, List<Sample> argTrain)
    {
        var results = new List<(double Objective, string Text)>();
        foreach (var tone in new[] { 0.0, 0.3, 0.6 })
        foreach (var neg in new[] { 0.3, 0.6, 1.0 })
        foreach (var axes in new[] { 0.3, 0.6, 1.0 })
        foreach (var loaded in new[] { 0.0, 0.15, 0.3 })
        foreach (var hedge in new[] { 0.0, 0.1 })
        foreach (var refute in new[] { 0.0, 0.3, 0.6 })
        foreach (var min in new[] { 0.2, 0.4, 0.6 })
        foreach (var cov in new[] { 0.2, 0.5 })
        {
            var w = new ViewpointAnalyzer.ClashWeights { Tone = tone, Negation = neg, Axes = axes, Loaded = loaded, Hedge = hedge, Refutation = refute, MinOpposition = min, CoverageScale = cov };
            var auc = Auc(fncTrain, s => s.Features.Clash(w));
            var p = PrecisionAtTop(argTrain, s => s.Features.Clash(w), 10);
            results.Add(((auc + p) / 2, $"tone {tone} neg {neg} axes {axes} loaded {loaded} hedge {hedge} refute {refute} min {min} cov {cov}: fnc-train AUC {auc:F3} argkp-train P@10 {p:F3}"));
        }
        foreach (var r in results.OrderByDescending(r => r.Objective).Take(15))
        {
            output.WriteLine(r.Text);
        }
    }

    void Report(string name, Func<Sample, double> score, List<Sample> fnc, List<Sample> argTrain, List<Sample> argDev)
    {
        foreach (var half in new[] { "fnc-train", "fnc-test" })
        {
            var part = fnc.Where(s => s.Group.StartsWith(half)).ToList();
            var fire = string.Join(" ", new[] { (1, "disagree"), (0, "agree/discuss") }.Select(c =>
                $"{c.Item2} {part.Where(s => s.Label == c.Item1).Count(s => score(s) > 0) / (double)Math.Max(1, part.Count(s => s.Label == c.Item1)):P0}"));
            output.WriteLine($"{name} {half}: AUC disagree vs agree/discuss {Auc(part, score):F3}; clash found in {fire}");
        }
        foreach (var (label, set) in new[] { ("argkp-train", argTrain), ("argkp-dev", argDev) })
        {
            output.WriteLine($"{name} {label}: AUC opposite vs same stance {Auc(set, score):F3}; opposite-stance share of top-4 {PrecisionAtTop(set, score, 4):P1}, top-10 {PrecisionAtTop(set, score, 10):P1} (base {set.Average(s => s.Label):P1})");
        }
    }

    static double Auc(List<Sample> samples, Func<Sample, double> score)
    {
        var pos = samples.Where(s => s.Label == 1).Select(score).ToArray();
        var neg = samples.Where(s => s.Label == 0).Select(score).OrderBy(x => x).ToArray();
        if (pos.Length == 0 || neg.Length == 0) return double.NaN;
        double total = 0;
        foreach (var p in pos)
        {
            var below = LowerBound(neg, p);
            var upTo = UpperBound(neg, p);
            total += below + 0.5 * (upTo - below);
        }
        return total / pos.Length / neg.Length;
    }

    static int LowerBound(double[] a, double x) { int lo = 0, hi = a.Length; while (lo < hi) { var m = (lo + hi) / 2; if (a[m] < x) lo = m + 1; else hi = m; } return lo; }
    static int UpperBound(double[] a, double x) { int lo = 0, hi = a.Length; while (lo < hi) { var m = (lo + hi) / 2; if (a[m] <= x) lo = m + 1; else hi = m; } return lo; }

    /// <summary>Per topic, the share of opposite-stance pairs among the k best-scoring pairs (the bot shows 4).</summary>
    static double PrecisionAtTop(List<Sample> samples, Func<Sample, double> score, int k)
    {
        var shares = samples.GroupBy(s => s.Group)
            .Select(g => g.Select(s => (s, v: score(s))).Where(x => x.v > 0).OrderByDescending(x => x.v).Take(k).ToList())
            .Where(top => top.Count > 0)
            .Select(top => top.Average(x => (double)x.s.Label))
            .ToList();
        return shares.Count == 0 ? double.NaN : shares.Average();
    }

    static IEnumerable<Sample> Fnc(bool trainHalf)
    {
        var dir = Path.Combine(Corpora, "fnc1-train");
        var bodies = Csv(Path.Combine(dir, "train_bodies.csv")).Skip(1).ToDictionary(r => r[0], r => r[1]);
        var rows = Csv(Path.Combine(dir, "train_stances.csv")).Skip(1)
            .Where(r => r.Length == 3 && r[2] != "unrelated" && (int.Parse(r[1]) % 2 == 0) == trainHalf).ToList();
        // Every disagree pair, and as many agree/discuss pairs, drawn evenly.
        var disagree = rows.Where(r => r[2] == "disagree").ToList();
        var other = rows.Where(r => r[2] != "disagree").ToList();
        var step = Math.Max(1, other.Count / Math.Max(1, disagree.Count));
        var analyzer = new ViewpointAnalyzer();
        foreach (var r in disagree.Concat(other.Where((_, i) => i % step == 0)))
        {
            var model = analyzer.Build([new SourceText("h", null, "h", null, r[0]), new SourceText("b", null, "b", null, bodies[r[1]])]);
            var head = model.Items.FirstOrDefault(i => i.Source == 0);
            if (head is null) continue;
            ViewpointAnalyzer.PairFeatures best = default;
            var bestScore = -1.0;
            double bestOld = 0;
            foreach (var b in model.Items.Where(i => i.Source == 1))
            {
                var f = ViewpointAnalyzer.Features(model, head, b, out _);
                var v = f.Clash(ViewpointAnalyzer.ClashWeights.Default);
                if (v > bestScore) { bestScore = v; best = f; }
                bestOld = Math.Max(bestOld, OldScore(f, head, b));
            }
            if (bestScore < 0) continue;
            yield return new Sample(trainHalf ? "fnc-train" : "fnc-test", r[2] == "disagree" ? 1 : 0, best, bestOld);
        }
    }

    static double OldScore(ViewpointAnalyzer.PairFeatures f, ViewpointAnalyzer.Item a, ViewpointAnalyzer.Item b)
    {
        if (f.Overlap < 2.5 || f.Similarity > 0.7) return 0;
        var (contrast, _) = ViewpointAnalyzer.Contrast(a.Framing, b.Framing);
        if (contrast <= 0) return 0;
        return Math.Pow(Math.Min(1.0, f.Overlap / 8.0), 1.5) * (0.25 + contrast) * (1 - f.Similarity);
    }

    static IEnumerable<Sample> ArgKp(string split)
    {
        var rows = Csv(Path.Combine(Corpora, "argkp-dev", $"arguments_{split}.csv")).Skip(1).Where(r => r.Length == 4).ToList();
        var analyzer = new ViewpointAnalyzer();
        foreach (var topic in rows.GroupBy(r => r[2]))
        {
            var args = topic.ToList();
            var sources = args.Select((r, i) => new SourceText($"a{i}", null, r[0], null, r[1])).ToArray();
            var model = analyzer.Build(sources);
            var bySource = model.Items.GroupBy(i => i.Source).ToDictionary(g => g.Key, g => g.ToList());
            var keys = bySource.Keys.OrderBy(k => k).ToArray();
            for (var x = 0; x < keys.Length; x++)
            for (var y = x + 1; y < keys.Length; y++)
            {
                ViewpointAnalyzer.PairFeatures best = default;
                var bestScore = -1.0;
                double bestOld = 0;
                foreach (var a in bySource[keys[x]])
                foreach (var b in bySource[keys[y]])
                {
                    var f = ViewpointAnalyzer.Features(model, a, b, out _);
                    if (f.Overlap < 2.5) continue;
                    var v = f.Clash(ViewpointAnalyzer.ClashWeights.Default);
                    if (v > bestScore) { bestScore = v; best = f; }
                    bestOld = Math.Max(bestOld, OldScore(f, a, b));
                }
                if (bestScore < 0) continue;
                var label = args[keys[x]][3] != args[keys[y]][3] ? 1 : 0;
                yield return new Sample($"arg-{split}-{topic.Key}", label, best, bestOld);
            }
        }
    }

    /// <summary>The rows of a CSV file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes).</summary>
    static IEnumerable<string[]> Csv(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = false });
        foreach (var row in reader)
        {
            yield return row.ToArray();
        }
    }
}
