using DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// <c>discussion</c> mode: transductive smoothing of the evaluation logit inside a discussion (one ArgKP topic), measured
/// leave-topics-out on ArgKP train only (4 folds of topics: each held-out topic's arguments read the evaluation head
/// fitted without it). Prints the same-stance rate of each argument's k nearest neighbours by meaning within its topic,
/// then the held-out argument AUC, pair AUC and top-4 / top-10 opposite share of each smoothing variant (|z'a − z'b|,
/// P(opposite), the centred product −z'a·z'b; neighbours by meaning, by wording, both; propagation; clipping; with
/// DISCUSSION_POOLED=1, four topics as one discussion centred on its mean or on each one's nearest). Dev is
/// read only with DISCUSSION_DEV=1, after the choice, for the record.
/// </summary>
static class DiscussionFitting
{
    public static void Run(string corpora, DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder encoder)
    {
        var train = EvaluationFitting.Load(corpora, "train", encoder);
        var dir = EvaluationFitting.Refine(train, EvaluationFitting.Directions(train), EvaluationFitting.MinTopics, 0.1);
        var topics = train.Select(a => a.Topic).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var z = new Dictionary<EvaluationFitting.Arg, double>();
        for (var fold = 0; fold < 4; fold++)
        {
            var held = topics.Where((t, i) => i % 4 == fold).ToHashSet();
            var f = EvaluationFitting.Fit(train.Where(a => !held.Contains(a.Topic)).ToList(), EvaluationFitting.MinTopics, EvaluationFitting.L2, true, true, dir);
            foreach (var a in train.Where(a => held.Contains(a.Topic))) z[a] = f.Z(a);
        }
        var groups = train.GroupBy(a => a.Topic).Select(g => g.ToList()).ToList();
        // Neighbour rates.
        foreach (var k in new[] { 1, 3, 5, 10, 20 })
        {
            double same = 0, n = 0;
            foreach (var g in groups)
            {
                foreach (var a in g)
                {
                    foreach (var b in g.Where(b => b != a).OrderByDescending(b => VectorMath.Dot(a.V, b.V)).Take(k))
                    {
                        same += a.Stance == b.Stance ? 1 : 0;
                        n++;
                    }
                }
            }
            Console.WriteLine($"k {k}: same-stance rate of nearest neighbours {same / n:P1}");
        }
        double baseRate = groups.Average(g => g.Sum(a => g.Count(b => b != a && b.Stance == a.Stance)) / (double)(g.Count * (g.Count - 1)));
        Console.WriteLine($"random pair same-stance rate {baseRate:P1}");
        // Same-stance rate by cosine band.
        foreach (var (lo, hi) in new[] { (0.0, 0.3), (0.3, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01) })
        {
            double same = 0, n = 0;
            foreach (var g in groups)
                for (var i = 0; i < g.Count; i++)
                    for (var j = i + 1; j < g.Count; j++)
                    {
                        var c = VectorMath.Dot(g[i].V, g[j].V);
                        if (c < lo || c >= hi) continue;
                        n++;
                        same += g[i].Stance == g[j].Stance ? 1 : 0;
                    }
            Console.WriteLine($"cos [{lo:F1},{hi:F1}): {n} pairs, same-stance {same / Math.Max(1, n):P1}");
        }

        void Report(string name, Func<List<EvaluationFitting.Arg>, double[]> smooth, Func<double, double, double>? pair = null)
        {
            pair ??= (x, y) => Math.Abs(x - y);
            var args = new List<(double, bool)>();
            var pairs = new List<(double, bool)>();
            var within = new List<double>();
            var top = new List<(string, double, bool)>();
            foreach (var g in groups)
            {
                var s = smooth(g);
                args.AddRange(g.Select((a, i) => (s[i], a.Stance * dir[a.Topic] > 0)));
                var tp = new List<(double, bool)>();
                for (var i = 0; i < g.Count; i++)
                    for (var j = i + 1; j < g.Count; j++)
                        tp.Add((pair(s[i], s[j]), g[i].Stance != g[j].Stance));
                pairs.AddRange(tp);
                top.AddRange(tp.Select(p => (g[0].Topic, p.Item1, p.Item2)));
                within.Add(StanceMetrics.Auc(tp));
            }
            Console.WriteLine($"{name}: arg AUC {StanceMetrics.Auc(args):F3}, pair AUC {StanceMetrics.Auc(pairs):F3} (mean within topic {within.Average():F3}), top-4 share {StanceMetrics.TopShare(top, 4):P1}, top-10 {StanceMetrics.TopShare(top, 10):P1}");
        }

        double[] Raw(List<EvaluationFitting.Arg> g) => g.Select(a => z[a]).ToArray();
        Report("raw", Raw);
        var zs = train.Select(a => z[a]).ToArray();
        Console.WriteLine($"z: mean {zs.Average():F2}, sd {Math.Sqrt(zs.Select(x => x * x).Average() - zs.Average() * zs.Average()):F2}; topic means sd {Math.Sqrt(groups.Select(g => Math.Pow(g.Average(a => z[a]) - zs.Average(), 2)).Average()):F2}");
        Report("centred", g => { var r = Raw(g); var m = r.Average(); return r.Select(x => x - m).ToArray(); });
        double[] Centre(double[] r) { var m = r.Average(); return r.Select(x => x - m).ToArray(); }
        double[] CentreMedian(double[] r) { var o = r.Order().ToArray(); var m = o[o.Length / 2]; return r.Select(x => x - m).ToArray(); }
        foreach (var c in new[] { 0.25, 0.5, 1.0, 2.0 })
        {
            Func<double, double, double> opp = (x, y) => { double p = 1 / (1 + Math.Exp(-c * x)), q = 1 / (1 + Math.Exp(-c * y)); return p * (1 - q) + q * (1 - p); };
            Report($"P(opposite), centred by mean, scale {c}", g => Centre(Raw(g)), opp);
            Report($"P(opposite), centred by median, scale {c}", g => CentreMedian(Raw(g)), opp);
            Report($"P(opposite), not centred, scale {c}", Raw, opp);
            Report($"P(opposite), kNN k 10 alpha 0.7, centred, scale {c}", g => Centre(Knn(g, Raw(g), 10, 0.7, 0, 1)), opp);
            Report($"P(opposite), kNN k 5 alpha 0.5, centred, scale {c}", g => Centre(Knn(g, Raw(g), 5, 0.5, 0, 1)), opp);
        }
        Report("-product centred", g => Centre(Raw(g)), (x, y) => -x * y);
        double[] Standard(double[] r) { var c = Centre(r); var sd = Math.Sqrt(c.Select(x => x * x).Average()); return c.Select(x => x / Math.Max(sd, 1e-9)).ToArray(); }
        // A second view: neighbours by shared stems (Jaccard), beside the neighbours by meaning.
        double[] Words(List<EvaluationFitting.Arg> g, double[] zz, int k)
        {
            var r = new double[g.Count];
            for (var i = 0; i < g.Count; i++)
            {
                var nb = Enumerable.Range(0, g.Count).Where(j => j != i).Select(j => (j, J: g[i].Stems.Intersect(g[j].Stems).Count() / (double)Math.Max(1, g[i].Stems.Union(g[j].Stems).Count())))
                    .OrderByDescending(x => x.J).Take(k).ToList();
                r[i] = nb.Average(x => zz[x.j]);
            }
            return r;
        }
        foreach (var (a, b, kw) in new[] { (0.6, 0.0, 10), (0.5, 0.2, 10), (0.4, 0.3, 10), (0.3, 0.3, 10), (0.0, 0.6, 10), (0.35, 0.35, 10), (0.3, 0.4, 10), (0.4, 0.4, 10), (0.4, 0.3, 5), (0.4, 0.3, 20) })
        {
            Report($"-product centred, meaning pull {a}, words pull {b} (k 10, words k {kw})", g =>
            {
                var r = Raw(g);
                var m = Knn(g, r, 10, 1.0, 0, 1);
                var w = Words(g, r, kw);
                return Centre(r.Select((x, i) => (1 - a - b) * x + a * m[i] + b * w[i]).ToArray());
            }, (x, y) => -x * y);
        }
        double[] Both(List<EvaluationFitting.Arg> g)
        {
            var r = Raw(g);
            var m = Knn(g, r, 10, 1.0, 0, 1);
            var w = Words(g, r, 10);
            return Centre(r.Select((x, i) => 0.3 * x + 0.35 * m[i] + 0.35 * w[i]).ToArray());
        }
        double[] Clip(double[] r, double c) { var sd = Math.Sqrt(r.Select(x => x * x).Average()); return r.Select(x => Math.Clamp(x, -c * sd, c * sd)).ToArray(); }
        double[] RankGauss(double[] r)
        {
            var order = r.Select((x, i) => (x, i)).OrderBy(t => t.x).Select(t => t.i).ToArray();
            var res = new double[r.Length];
            for (var q = 0; q < order.Length; q++) res[order[q]] = Probit((q + 0.5) / order.Length);
            return res;
        }
        if (Environment.GetEnvironmentVariable("DISCUSSION_POOLED") == "1")
        {
            // Four topics given as one input: the pooled discussion's pairs are still read within each topic.
            double[] Local(List<EvaluationFitting.Arg> g, double[] pulled, int m)
            {
                var r = new double[g.Count];
                for (var i = 0; i < g.Count; i++)
                {
                    var near = Enumerable.Range(0, g.Count).OrderByDescending(j => VectorMath.Dot(g[i].V, g[j].V)).Take(m);
                    r[i] = pulled[i] - near.Average(j => pulled[j]);
                }
                return r;
            }
            double[] Pulled(List<EvaluationFitting.Arg> g) { var r = Raw(g); var m = Knn(g, r, 10, 1.0, 0, 1); var w = Words(g, r, 10); return r.Select((x, i) => 0.3 * x + 0.35 * m[i] + 0.35 * w[i]).ToArray(); }
            void Pooled(string name, Func<List<EvaluationFitting.Arg>, double[]> read)
            {
                var pairs = new List<(double, bool)>();
                var top = new List<(string, double, bool)>();
                for (var p = 0; p < topics.Count; p += 4)
                {
                    var pool = groups.Where(g => topics.IndexOf(g[0].Topic) / 4 == p / 4).SelectMany(g => g).ToList();
                    var sc = read(pool);
                    for (var i = 0; i < pool.Count; i++)
                        for (var j = i + 1; j < pool.Count; j++)
                            if (pool[i].Topic == pool[j].Topic)
                            {
                                var v = -sc[i] * sc[j];
                                pairs.Add((v, pool[i].Stance != pool[j].Stance));
                                top.Add((pool[i].Topic, v, pool[i].Stance != pool[j].Stance));
                            }
                }
                Console.WriteLine($"[pooled] {name}: pair AUC {StanceMetrics.Auc(pairs):F3}, top-4 share {StanceMetrics.TopShare(top, 4):P1}, top-10 {StanceMetrics.TopShare(top, 10):P1}");
            }
            Pooled("each topic its own discussion (shipped, per topic)", pool => pool.GroupBy(a => a.Topic).SelectMany(t => { var l = t.ToList(); return Clip(Both(l), 2).Select((x, i) => (a: l[i], x)); }).ToDictionary(t => t.a, t => t.x) is var d ? pool.Select(a => d[a]).ToArray() : []);
            Pooled("four topics one discussion (shipped rule)", pool => Clip(Both(pool), 2));
            foreach (var m in new[] { 25, 50, 100, 200, 400 })
            {
                Pooled($"four topics, centred on the {m} nearest by meaning", pool => Clip(Local(pool, Pulled(pool), m), 2));
                Pooled($"one topic, centred on the {m} nearest by meaning", pool => pool.GroupBy(a => a.Topic).SelectMany(t => { var l = t.ToList(); return Clip(Local(l, Pulled(l), m), 2).Select((x, i) => (a: l[i], x)); }).ToDictionary(t => t.a, t => t.x) is var d ? pool.Select(a => d[a]).ToArray() : []);
            }
            return;
        }
        Report("both views", Both, (x, y) => -x * y);
        Report("both views, clipped at 2 sd", g => Clip(Both(g), 2), (x, y) => -x * y);
        Report("both views, clipped at 1.5 sd", g => Clip(Both(g), 1.5), (x, y) => -x * y);
        Report("both views, rank-normal", g => RankGauss(Both(g)), (x, y) => -x * y);
        Report("both views, tanh", g => Both(g).Select(Math.Tanh).ToArray(), (x, y) => -x * y);
        Report("-product standardized, kNN k 10 pull 0.6", g => Standard(Knn(g, Raw(g), 10, 0.6, 0, 1)), (x, y) => -x * y);
        Report("-product centred, kNN k 10 pull 0.6", g => Centre(Knn(g, Raw(g), 10, 0.6, 0, 1)), (x, y) => -x * y);
        Report("-product centred kNN 10 0.7", g => Centre(Knn(g, Raw(g), 10, 0.7, 0, 1)), (x, y) => -x * y);
        foreach (var k in new[] { 3, 5, 10, 15, 20, 30 })
        foreach (var alpha in new[] { 0.3, 0.5, 0.6, 0.7, 0.8, 0.9 })
        foreach (var tau in new[] { 0.0, 0.1 })
        {
            Report($"-product centred, kNN k {k} alpha {alpha} tau {tau}", g => Centre(Knn(g, Raw(g), k, alpha, tau, 1)), (x, y) => -x * y);
        }
        foreach (var k in new[] { 5, 10 })
        foreach (var alpha in new[] { 0.5, 0.7, 0.8 })
        {
            Report($"-product centred, propagation k {k} alpha {alpha}", g => Centre(Knn(g, Raw(g), k, alpha, 0, 20)), (x, y) => -x * y);
        }
        if (Environment.GetEnvironmentVariable("DISCUSSION_DEV") == "1")
        {
            // Read on dev with the full head, the choice already made on train (k 10, pull 0.6): for the record only.
            var full = EvaluationFitting.Fit(train, EvaluationFitting.MinTopics, EvaluationFitting.L2, true, true, dir);
            var dev = EvaluationFitting.Load(corpora, "dev", encoder);
            var devDir = EvaluationFitting.Directions(dev);
            foreach (var a in dev) z[a] = full.Z(a);
            dir = dir.Concat(devDir).ToDictionary();
            groups = dev.GroupBy(a => a.Topic).Select(g => g.ToList()).ToList();
            Report("dev raw |diff|", Raw);
            Report("dev -product centred", g => Centre(Raw(g)), (x, y) => -x * y);
            Report("dev -product centred, kNN k 10 pull 0.6", g => Centre(Knn(g, Raw(g), 10, 0.6, 0, 1)), (x, y) => -x * y);
            Report("dev -product standardized, kNN k 10 pull 0.6", g => Standard(Knn(g, Raw(g), 10, 0.6, 0, 1)), (x, y) => -x * y);
            Report("dev |diff| kNN k 10 pull 0.6", g => Knn(g, Raw(g), 10, 0.6, 0, 1));
            return;
        }
        if (Environment.GetEnvironmentVariable("DISCUSSION_GRID") is null) return;
        foreach (var k in new[] { 3, 5, 10, 20, 40 })
        foreach (var alpha in new[] { 0.3, 0.5, 0.7, 0.9 })
        {
            Report($"kNN mean k {k} alpha {alpha}", g => Knn(g, Raw(g), k, alpha, 0, 1));
        }
        foreach (var tau in new[] { 0.02, 0.05, 0.1 })
        foreach (var k in new[] { 10, 40 })
        foreach (var alpha in new[] { 0.5, 0.7 })
        {
            Report($"kNN softmax tau {tau} k {k} alpha {alpha}", g => Knn(g, Raw(g), k, alpha, tau, 1));
        }
        foreach (var k in new[] { 5, 10, 20 })
        foreach (var alpha in new[] { 0.5, 0.8, 0.9 })
        {
            Report($"propagation k {k} alpha {alpha}", g => Knn(g, Raw(g), k, alpha, 0, 20));
        }
    }

    static double Probit(double p)
    {
        // Acklam's rational approximation of the normal quantile (enough for ranks).
        double[] a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
        double[] b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
        double[] c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
        double[] d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
        if (p < 0.02425) { var q = Math.Sqrt(-2 * Math.Log(p)); return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1); }
        if (p > 1 - 0.02425) return -Probit(1 - p);
        var u = p - 0.5; var r = u * u;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /// <summary>z' = (1 − α)·z + α·(weighted mean of z over the k nearest by cosine), iterated (propagation when
    /// iterations > 1: neighbours read the smoothed values). τ = 0: plain mean; else weights exp(cos/τ).</summary>
    public static double[] Knn(List<EvaluationFitting.Arg> g, double[] z, int k, double alpha, double tau, int iterations)
    {
        var n = g.Count;
        var neighbours = new (int J, double W)[n][];
        for (var i = 0; i < n; i++)
        {
            var a = g[i];
            neighbours[i] = Enumerable.Range(0, n).Where(j => j != i).Select(j => (J: j, C: VectorMath.Dot(a.V, g[j].V)))
                .OrderByDescending(x => x.C).Take(k).Select(x => (x.J, tau > 0 ? Math.Exp(x.C / tau) : 1.0)).ToArray();
        }
        var cur = z.ToArray();
        for (var it = 0; it < iterations; it++)
        {
            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                double s = 0, w = 0;
                foreach (var (j, wj) in neighbours[i]) { s += wj * cur[j]; w += wj; }
                next[i] = (1 - alpha) * z[i] + alpha * (w > 0 ? s / w : z[i]);
            }
            cur = next;
        }
        return cur;
    }
}
