using System.Globalization;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

/// <summary>Experiment: a latent space fitted on a background news corpus (allsides-train, BBC, CNN/DM, FNC-1 bodies).</summary>
static class Background
{
    public static IEnumerable<string> Texts(string corpora, Func<string, bool>? trainStory = null)
    {
        foreach (var line in File.ReadLines(Path.Combine(corpora, "allsides-train.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var story = doc.RootElement.GetProperty("story").GetString()!;
            if (trainStory is not null && !trainStory(story))
            {
                continue;
            }
            foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
            {
                var t = a.TryGetProperty("title", out var tv) && tv.ValueKind == JsonValueKind.String ? tv.GetString() : "";
                var x = a.TryGetProperty("text", out var xv) && xv.ValueKind == JsonValueKind.String ? xv.GetString() : "";
                yield return t + ". " + x;
            }
        }
        foreach (var file in new[] { "bbc-summary-dev.jsonl", "cnndm-dev.jsonl" })
        {
            foreach (var line in File.ReadLines(Path.Combine(corpora, file)))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var t = r.TryGetProperty("title", out var tv) && tv.ValueKind == JsonValueKind.String ? tv.GetString() : "";
                yield return t + ". " + r.GetProperty("text").GetString();
            }
        }
        foreach (var row in Csv(Path.Combine(corpora, "fnc1-train", "train_bodies.csv")).Skip(1))
        {
            if (row.Length > 1)
            {
                yield return row[1];
            }
        }
    }

    public static IEnumerable<string[]> Csv(string path)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = false });
        foreach (var row in reader)
        {
            yield return row.ToArray();
        }
    }
}

static class TopMatches
{
    /// <summary>How often an article's most similar other article is a partner (top-1), and both best two are (top-2).</summary>
    public static void Report(string name, List<StoryInput> val, Dictionary<string, string> gold, Func<int, int, double> sim)
    {
        var n = val.Count;
        int top1 = 0, top2 = 0;
        for (var i = 0; i < n; i++)
        {
            var ranked = Enumerable.Range(0, n).Where(j => j != i).OrderByDescending(j => sim(i, j)).Take(2).ToArray();
            if (gold[val[ranked[0]].Id] == gold[val[i].Id]) top1++;
            if (gold[val[ranked[0]].Id] == gold[val[i].Id] && gold[val[ranked[1]].Id] == gold[val[i].Id]) top2++;
        }
        Console.WriteLine($"{name,-30} top-1 {top1} top-2 {top2}");
    }
}

static class BackgroundTest
{
    public static void Run(string corpora, List<StoryInput> val, Dictionary<string, string> gold, int k)
    {
        var vocab = new Dictionary<string, int>();
        var bgDocs = Background.Texts(corpora).Select(t => Terms.ContentStems(t)).ToList();
        var valDocs = val.Select(a => Terms.ContentStems((a.Title ?? "") + ". " + (a.Title ?? "") + ". " + a.Text)).ToList();
        Console.WriteLine($"background docs {bgDocs.Count}, tokens {bgDocs.Sum(d => d.Count)}");
        int Id(string s) => vocab.TryGetValue(s, out var id) ? id : vocab[s] = vocab.Count;
        List<SparseVector> Vectors(List<List<string>> docs, Dictionary<int, int> df, int n)
        {
            return docs.Select(d =>
            {
                var w = new Dictionary<int, double>();
                foreach (var g in d.GroupBy(x => x))
                {
                    var id = Id(g.Key);
                    w[id] = (1 + Math.Log(g.Count())) * Math.Log((n + 1.0) / (df.GetValueOrDefault(id) + 0.5));
                }
                return SparseVector.FromWeights(w);
            }).ToList();
        }
        Dictionary<int, int> Df(List<List<string>> docs)
        {
            var df = new Dictionary<int, int>();
            foreach (var d in docs) foreach (var t in d.Distinct()) { var id = Id(t); df[id] = df.GetValueOrDefault(id) + 1; }
            return df;
        }
        var bgDf = Df(bgDocs);
        if (Environment.GetEnvironmentVariable("WITHVAL") is not null) { bgDocs.AddRange(valDocs); bgDf = Df(bgDocs); }
        var bgVec = Vectors(bgDocs, bgDf, bgDocs.Count);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var lsa = StoryLsa.Fit(bgVec, k)!;
        Console.WriteLine($"fit {k} dims in {sw.Elapsed.TotalSeconds:F1}s");
        var valDf = Df(valDocs);
        var valVec = Vectors(valDocs, valDf, valDocs.Count);
        var valBgIdf = Vectors(valDocs, bgDf, bgDocs.Count);
        var emb = valBgIdf.Select(v => lsa.Embed(v)).ToArray();
        var own = StoryLsa.Fit(valVec, 100)!;
        var ownEmb = valVec.Select(v => own.Embed(v)).ToArray();
        var n = val.Count;
        void Report(string name, Func<int, int, double> sim) => TopMatches.Report(name, val, gold, sim);
        Report("tfidf", (i, j) => valVec[i].Dot(valVec[j]));
        Report("own lsa", (i, j) => StoryLsa.Cosine(ownEmb[i], ownEmb[j]));
        Report("bg lsa", (i, j) => StoryLsa.Cosine(emb[i], emb[j]));
        foreach (var lam in new[] { 0.2, 0.35, 0.5 })
        {
            Report($"tfidf + {lam} bg", (i, j) => valVec[i].Dot(valVec[j]) + lam * StoryLsa.Cosine(emb[i], emb[j]));
            Report($"tfidf + {lam} own", (i, j) => valVec[i].Dot(valVec[j]) + lam * StoryLsa.Cosine(ownEmb[i], ownEmb[j]));
        }
    }
}

static class Roundups
{
    /// <summary>How many stories of a set have another story whose AllSides roundup is near-identical in wording.</summary>
    public static void Run(string path, int take, int skip, bool show)
    {
        var rows = File.ReadLines(path).Skip(skip).Take(take).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(r => (Title: r.GetProperty("roundup_title").GetString() ?? "", Text: (r.GetProperty("roundup_title").GetString() ?? "") + ". " + (r.GetProperty("roundup").GetString() ?? ""))).ToList();
        var docs = rows.Select(r => Terms.ContentStems(r.Text)).ToList();
        var df = new Dictionary<string, int>();
        foreach (var d in docs) foreach (var t in d.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        var vecs = docs.Select(d => d.GroupBy(x => x).ToDictionary(g => g.Key, g => (1 + Math.Log(g.Count())) * Math.Log((docs.Count + 1.0) / df[g.Key]))).ToList();
        foreach (var v in vecs) { var norm = Math.Sqrt(v.Values.Sum(x => x * x)); foreach (var k in v.Keys.ToList()) v[k] /= norm; }
        var pairs = new List<(double, int, int)>();
        for (var i = 0; i < rows.Count; i++)
            for (var j = i + 1; j < rows.Count; j++)
            {
                var c = vecs[i].Sum(kv => vecs[j].TryGetValue(kv.Key, out var w) ? kv.Value * w : 0);
                pairs.Add((c, i, j));
            }
        pairs.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        foreach (var t in new[] { 0.5, 0.4, 0.3 })
        {
            var involved = pairs.Where(p => p.Item1 >= t).SelectMany(p => new[] { p.Item2, p.Item3 }).Distinct().Count();
            Console.WriteLine($"roundup cosine >= {t}: {pairs.Count(p => p.Item1 >= t)} story pairs, {involved} of {rows.Count} stories involved");
        }
        if (show)
        {
            foreach (var (c, i, j) in pairs.Take(25)) Console.WriteLine($"{c:F2}  {rows[i].Title}  ||  {rows[j].Title}");
        }
    }
}

static class GloveTest
{
    public static Dictionary<string, float[]> Load(string path, int max)
    {
        var result = new Dictionary<string, float[]>();
        foreach (var line in File.ReadLines(path).Take(max))
        {
            var parts = line.Split(' ');
            result[parts[0]] = parts.Skip(1).Select(x => float.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        }
        return result;
    }

    public static float[][] Embed(List<StoryInput> docs, Dictionary<string, float[]> glove, bool removePc)
    {
        var tokens = docs.Select(a => Tokenizer.Tokens((a.Title ?? "") + ". " + (a.Title ?? "") + ". " + a.Text)
            .Select(t => t.Normalized).Where(t => Terms.IsContent(t)).ToList()).ToList();
        var df = new Dictionary<string, int>();
        foreach (var d in tokens) foreach (var t in d.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        var result = new float[docs.Count][];
        for (var i = 0; i < docs.Count; i++)
        {
            var v = new double[100];
            foreach (var g in tokens[i].GroupBy(t => t))
            {
                if (!glove.TryGetValue(g.Key, out var w)) continue;
                var weight = (1 + Math.Log(g.Count())) * Math.Log((docs.Count + 1.0) / (df[g.Key] + 0.5));
                for (var k = 0; k < 100; k++) v[k] += weight * w[k];
            }
            result[i] = v.Select(x => (float)x).ToArray();
        }
        if (removePc)
        {
            // First principal direction by power iteration; remove it (SIF).
            var u = Enumerable.Repeat(1.0, 100).ToArray();
            for (var it = 0; it < 30; it++)
            {
                var nu = new double[100];
                foreach (var r in result) { double dot = 0; for (var k = 0; k < 100; k++) dot += r[k] * u[k]; for (var k = 0; k < 100; k++) nu[k] += dot * r[k]; }
                var norm = Math.Sqrt(nu.Sum(x => x * x)); u = nu.Select(x => x / norm).ToArray();
            }
            foreach (var r in result) { double dot = 0; for (var k = 0; k < 100; k++) dot += r[k] * u[k]; for (var k = 0; k < 100; k++) r[k] -= (float)(dot * u[k]); }
        }
        foreach (var r in result) { var norm = Math.Sqrt(r.Sum(x => (double)x * x)) + 1e-9; for (var k = 0; k < 100; k++) r[k] = (float)(r[k] / norm); }
        return result;
    }

    public static void Run(List<StoryInput> val, Dictionary<string, string> gold, string path)
    {
        var glove = Load(path, 400_000);
        var n = val.Count;
        var tf = val.Select(a => Terms.ContentStems((a.Title ?? "") + ". " + (a.Title ?? "") + ". " + a.Text)).ToList();
        var df = new Dictionary<string, int>();
        foreach (var d in tf) foreach (var t in d.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        var vecs = tf.Select(d => { var v = d.GroupBy(x => x).ToDictionary(g => g.Key, g => (1 + Math.Log(g.Count())) * Math.Log((n + 1.0) / (df[g.Key] + 0.5))); var norm = Math.Sqrt(v.Values.Sum(x => x * x)) + 1e-9; return v.ToDictionary(kv => kv.Key, kv => kv.Value / norm); }).ToList();
        var cos = new double[n, n];
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) cos[i, j] = vecs[i].Sum(kv => vecs[j].TryGetValue(kv.Key, out var w) ? kv.Value * w : 0);
        void Report(string name, Func<int, int, double> sim) => TopMatches.Report(name, val, gold, sim);
        Report("tfidf", (i, j) => cos[i, j]);
        foreach (var pc in new[] { false, true })
        {
            var e = Embed(val, glove, pc);
            Report($"glove pc={pc}", (i, j) => StoryLsa.Cosine(e[i], e[j]));
            foreach (var lam in new[] { 0.2, 0.35, 0.5, 0.8 })
            {
                Report($"tfidf + {lam} glove pc={pc}", (i, j) => cos[i, j] + lam * StoryLsa.Cosine(e[i], e[j]));
            }
        }
    }
}
