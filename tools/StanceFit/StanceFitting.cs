using System.Text.Json;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// Fits the four logistic heads of the stance model (same point / opposed, with and without meaning vectors).
/// Training data: FNC-1 train, even body ids (headline vs body: related vs unrelated for "same", disagree vs
/// agree/discuss for "opposed"), ArgKP train (argument vs key point labels for "same"; argument pairs of one topic,
/// opposite vs same stance, for "opposed"). Dev figures: FNC-1 odd body ids, ArgKP dev. Thresholds on dev.
/// </summary>
static class StanceFitting
{
    /// <summary>A pair: its features, label and weight; ZA/ZB: the aligned sentences' logits as its discussion reads
    /// them (InDiscussion: the discussion was smoothed); Fold: its fold of topics / body ids for cross-fitting.</summary>
    public sealed record Sample(double[] Semantic, double[] Lexical, bool HasVectors, int Label, string Group, double Weight, double ZA = 0, double ZB = 0, bool InDiscussion = false, int Fold = 0);

    static readonly ViewpointAnalyzer Analyzer = new();

    public static SentenceVectors Vectors(ISentenceEncoder encoder, string? title, string text, int max = 64)
    {
        var plan = ViewpointAnalyzer.EncodingPlan(title, text, max);
        var v = encoder.Encode(plan);
        return SentenceVectors.From(encoder.Model, plan.Zip(v));
    }

    public static Sample? Make(ISentenceEncoder encoder, string a, string b, int label, string group, double weight = 1, EvaluationHead? head = null, Discussion? discussion = null, int fold = 0)
    {
        var va = Vectors(encoder, null, a);
        var vb = Vectors(encoder, null, b);
        var sem = PairScorer.Features(Analyzer.Build([new SourceText("a", null, "a", null, a, va), new SourceText("b", null, "b", null, b, vb)]), head ?? Head);
        var lex = PairScorer.Features(Analyzer.Build([new SourceText("a", null, "a", null, a), new SourceText("b", null, "b", null, b)]), null);
        if (sem is null || lex is null)
        {
            return null;
        }
        var za = sem.Value.Semantic ? discussion?.Evaluation(a) : null;
        var zb = sem.Value.Semantic ? discussion?.Evaluation(b) : null;
        return new Sample(sem.Value.X, lex.Value.X, sem.Value.Semantic, label, group, weight, za ?? 0, zb ?? 0, za is not null && zb is not null, fold);
    }

    /// <summary>The evaluation head the features read (the full one; train ArgKP pairs read their fold's).</summary>
    static EvaluationHead? Head;

    public static void Fit(string corpora, ISentenceEncoder encoder)
    {
        Encoder = encoder;
        var (fullHead, heldOut) = Environment.GetEnvironmentVariable("STANCE_EVALUATION") == "none" ? (null!, (Func<string, EvaluationHead>?)null) : EvaluationFitting.FitHeads(corpora, encoder);
        Head = fullHead;
        var random = new Random(14);
        TrainTopics = Corpus.ArgKp(corpora, "train").Select(a => a.Topic).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var fnc = Corpus.Fnc(corpora).ToList();
        var related = fnc.Where(f => f.Stance != "unrelated").ToList();
        // A body and the related headlines about it (of the same half) are one discussion.
        List<Sample> FncOpposed(bool train)
        {
            var part = related.Where(f => (f.BodyId % 2 == 0) == train).ToList();
            var discussions = part.GroupBy(f => f.BodyId).ToDictionary(g => g.Key, g =>
                Discussion.Of(Head, g.Select(f => f.Headline).Append(g.First().Body).Select(t => (t, (SentenceVectors?)Vectors(encoder, null, t))), MemberSentences));
            return part.Select(f => Make(encoder, f.Headline, f.Body, f.Stance == "disagree" ? 1 : 0, "fnc", 1, null, discussions[f.BodyId], f.BodyId / 2 % Folds)).OfType<Sample>().ToList();
        }
        List<Sample> FncSame(bool train)
        {
            var part = fnc.Where(f => (f.BodyId % 2 == 0) == train).ToList();
            var rel = part.Where(f => f.Stance != "unrelated").OrderBy(_ => random.Next()).Take(2500);
            var unrel = part.Where(f => f.Stance == "unrelated" && related.Any(r => r.Body == f.Body)).OrderBy(_ => random.Next()).Take(2500);
            return rel.Concat(unrel).Select(f => Make(encoder, f.Headline, f.Body, f.Stance != "unrelated" ? 1 : 0, "fnc-same")).OfType<Sample>().ToList();
        }
        List<Sample> ArgPairs(string split, int perTopic)
        {
            var list = new List<Sample>();
            foreach (var topic in Corpus.ArgKp(corpora, split).GroupBy(a => a.Topic))
            {
                var args = topic.ToList();
                // One topic's arguments are one discussion, read with the evaluation head that never saw the topic.
                var topicHead = split == "train" && heldOut is not null ? heldOut(topic.Key) : Head;
                var discussion = Discussion.Of(topicHead, args.Select(a => (a.Text, (SentenceVectors?)Vectors(encoder, null, a.Text))), MemberSentences);
                var fold = TrainTopics.IndexOf(topic.Key) is var t && t >= 0 ? t % Folds : 0;
                var pairs = new HashSet<(int, int)>();
                var all = perTopic <= 0;
                if (all)
                {
                    for (var i = 0; i < args.Count; i++) for (var j = i + 1; j < args.Count; j++) pairs.Add((i, j));
                }
                else
                {
                    while (pairs.Count < perTopic)
                    {
                        var i = random.Next(args.Count);
                        var j = random.Next(args.Count);
                        if (i < j) pairs.Add((i, j));
                    }
                }
                foreach (var (i, j) in pairs)
                {
                    var head = split == "train" && heldOut is not null ? heldOut(topic.Key) : Head;
                    if (Make(encoder, args[i].Text, args[j].Text, args[i].Stance != args[j].Stance ? 1 : 0, topic.Key, 1, head, discussion, fold) is { } s) list.Add(s);
                }
            }
            return list;
        }
        List<Sample> KeyPoints(string split)
        {
            var args = Corpus.ArgKp(corpora, split).ToDictionary(a => a.Id);
            var kps = Corpus.ArgKp(corpora, split, "key_points").ToDictionary(a => a.Id);
            return Corpus.Csv(Path.Combine(corpora, "argkp-dev", $"labels_{split}.csv")).Skip(1).Where(r => r.Length == 3)
                .Select(r => Make(encoder, args[r[0]].Text, kps[r[1]].Text, int.Parse(r[2]), "kp")).OfType<Sample>().ToList();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var oppTrain = FncOpposed(true);
        var argTrain = ArgPairs("train", 700);
        Console.WriteLine($"opposed train: fnc {oppTrain.Count} ({oppTrain.Count(s => s.Label == 1)} disagree), argkp {argTrain.Count} ({watch.Elapsed.TotalSeconds:F0} s)");
        var sameTrain = KeyPoints("train").Concat(FncSame(true)).ToList();
        Console.WriteLine($"same train: {sameTrain.Count} ({watch.Elapsed.TotalSeconds:F0} s)");
        var oppDevFnc = FncOpposed(false);
        var argDev = ArgPairs("dev", 0);
        var kpDev = KeyPoints("dev");
        Console.WriteLine($"dev: fnc {oppDevFnc.Count}, argkp pairs {argDev.Count}, kp {kpDev.Count} ({watch.Elapsed.TotalSeconds:F0} s)");

        // The two opposed sources weigh alike whatever their sizes.
        var fncW = 1.0;
        var argW = oppTrain.Count / (double)Math.Max(1, argTrain.Count) * double.Parse(Environment.GetEnvironmentVariable("STANCE_ARG_WEIGHT") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var opposedData = oppTrain.Select(s => s with { Weight = fncW }).Concat(argTrain.Select(s => s with { Weight = argW })).ToList();
        var l2 = double.Parse(Environment.GetEnvironmentVariable("STANCE_L2") ?? "0.01", System.Globalization.CultureInfo.InvariantCulture);
        var oppSem = Logistic.Fit(opposedData.Where(s => s.HasVectors).Select(s => (s.Semantic, s.Label, s.Weight)).ToList(), l2);
        var oppLex = Logistic.Fit(opposedData.Select(s => (s.Lexical, s.Label, s.Weight)).ToList(), l2);
        var variant = Environment.GetEnvironmentVariable("STANCE_SAME") ?? "all-short";
        var sameData = variant.StartsWith("kp") ? sameTrain.Where(s => s.Group == "kp").ToList() : sameTrain;
        var shortLength = 2 * StanceFeatures.Lexical + 2;
        var sameSem = Logistic.Fit(sameData.Where(s => s.HasVectors).Select(s => (variant.EndsWith("short") ? s.Semantic[..shortLength] : s.Semantic, s.Label, 1.0)).ToList(), l2);
        var sameLex = Logistic.Fit(sameData.Select(s => (s.Lexical, s.Label, 1.0)).ToList(), l2);
        var oppVariant = Environment.GetEnvironmentVariable("STANCE_OPPOSED") ?? "full";
        if (oppVariant == "short")
        {
            oppSem = Logistic.Fit(opposedData.Where(s => s.HasVectors).Select(s => (s.Semantic[..(2 * StanceFeatures.Lexical + StanceFeatures.SemanticScalars)], s.Label, s.Weight)).ToList(), l2);
        }
        Console.WriteLine($"variants: same {variant}, opposed {oppVariant}; cosine alone: kp dev AUC {Auc(kpDev, s => s.HasVectors ? s.Semantic[2 * StanceFeatures.Lexical] : 0):F3}, argkp dev opposed AUC (1 - cos) {Auc(argDev, s => s.HasVectors ? -s.Semantic[2 * StanceFeatures.Lexical] : 0):F3}");

        // The discussion head: fitted on out-of-fold lone-pair opposition (the opposed head refitted without each fold
        // of train topics / body ids), so it weighs the lone score as it reads on pairs it never saw.
        var oof = new Dictionary<Sample, double>(ReferenceEqualityComparer.Instance);
        for (var fold = 0; fold < Folds; fold++)
        {
            var part = Logistic.Fit(opposedData.Where(s => s.HasVectors && s.Fold != fold).Select(s => (s.Semantic, s.Label, s.Weight)).ToList(), l2);
            foreach (var s in opposedData.Where(s => s.HasVectors && s.Fold == fold)) oof[s] = part.Probability(s.Semantic);
        }
        var discussionSource = Environment.GetEnvironmentVariable("STANCE_DISCUSSION_DATA") ?? "both";
        var discussionData = opposedData.Where(s => s.InDiscussion && (discussionSource == "both" || (discussionSource == "argkp") == (s.Group != "fnc"))).Select(s => (StanceModel.DiscussionFeatures(oof[s], s.ZA, s.ZB), s.Label, s.Weight)).ToList();
        var inDiscussion = Logistic.Fit(discussionData, l2);
        Console.WriteLine($"discussion head on {discussionData.Count} pairs in smoothed discussions (fnc {opposedData.Count(s => s.InDiscussion && s.Group == "fnc")}); weights (standardized) {string.Join(", ", inDiscussion.Weights.Select(w => w.ToString("F3")))}");
        double OppIn(Sample s, double lone) => s.InDiscussion ? inDiscussion.Probability(StanceModel.DiscussionFeatures(lone, s.ZA, s.ZB)) : lone;
        var fncFitted = opposedData.Where(s => s.Group == "fnc" && s.HasVectors).ToList();
        var argIn = opposedData.Where(s => s.Group != "fnc" && s.InDiscussion).ToList();
        Console.WriteLine($"[discussion] ArgKP train pairs in discussions ({argIn.Count}): -z'a*z'b alone {Auc(argIn, s => -s.ZA * s.ZB):F3}, lone out-of-fold {Auc(argIn, s => oof[s]):F3}, head {Auc(argIn, s => OppIn(s, oof[s])):F3}");
        var argFitted = opposedData.Where(s => s.Group != "fnc" && s.HasVectors).ToList();
        Console.WriteLine($"[discussion] train out-of-fold: FNC-1 opposed AUC lone {Auc(fncFitted, s => oof[s]):F3}, in discussion {Auc(fncFitted, s => OppIn(s, oof[s])):F3}; ArgKP lone {Auc(argFitted, s => oof[s]):F3}, in discussion {Auc(argFitted, s => OppIn(s, oof[s])):F3}, top-4 share per topic lone {StanceMetrics.TopShare(argFitted.Select(s => (s.Group, oof[s], s.Label == 1)), 4):P1}, in discussion {StanceMetrics.TopShare(argFitted.Select(s => (s.Group, OppIn(s, oof[s]), s.Label == 1)), 4):P1}, top-10 {StanceMetrics.TopShare(argFitted.Select(s => (s.Group, OppIn(s, oof[s]), s.Label == 1)), 10):P1}");

        double Opp(Sample s, bool lexical) => lexical || !s.HasVectors ? oppLex.Probability(s.Lexical) : oppSem.Probability(s.Semantic);
        double OppD(Sample s) => s.HasVectors ? OppIn(s, oppSem.Probability(s.Semantic)) : oppLex.Probability(s.Lexical);
        double Same(Sample s, bool lexical) => lexical || !s.HasVectors ? sameLex.Probability(s.Lexical) : sameSem.Probability(s.Semantic);
        foreach (var lexical in new[] { false, true })
        {
            var name = lexical ? "lexical" : "semantic";
            Console.WriteLine($"[{name}] train: fnc opposed AUC {Auc(oppTrain, s => Opp(s, lexical)):F3}, argkp opposed AUC {Auc(argTrain, s => Opp(s, lexical)):F3}");
            Console.WriteLine($"[{name}] dev: FNC-1 held-out opposed AUC {Auc(oppDevFnc, s => Opp(s, lexical)):F3}; ArgKP dev opposed AUC {Auc(argDev, s => Opp(s, lexical)):F3}, opposite share of top-4 per topic {StanceMetrics.TopShare(argDev.Select(s => (s.Group, Opp(s, lexical), s.Label == 1)), 4):P1}; kp same AUC {Auc(kpDev, s => Same(s, lexical)):F3}");
        }

        Console.WriteLine($"[discussion] dev: FNC-1 held-out opposed AUC {Auc(oppDevFnc, OppD):F3} ({oppDevFnc.Count(s => s.InDiscussion)} of {oppDevFnc.Count} in smoothed discussions); ArgKP dev opposed AUC {Auc(argDev, OppD):F3}, opposite share of top-4 per topic {StanceMetrics.TopShare(argDev.Select(s => (s.Group, OppD(s), s.Label == 1)), 4):P1}");
        Console.WriteLine($"KPM dev mAP strict/relaxed (semantic): {Kpm(corpora, s => Same(s, false))}, (cosine) {Kpm(corpora, s => s.Semantic[2 * StanceFeatures.Lexical])}");
        // Clash threshold: best F1 of "disagree" on the FNC-1 held-out half; same-point threshold: best F1 on ArgKP dev labels.
        var clash = BestF1(oppDevFnc.Select(s => (Opp(s, false), s.Label == 1)).ToList());
        var same = BestF1(kpDev.Select(s => (Same(s, false), s.Label == 1)).ToList());
        var strong = PrecisionThreshold(oppDevFnc.Select(s => (Opp(s, false), s.Label == 1)).ToList(), 0.5);
        Console.WriteLine($"thresholds: clash {clash.Threshold:F3} (F1 {clash.F1:F3}), model alone {strong:F3} (precision 0.5), same {same.Threshold:F3} (F1 {same.F1:F3})");

        var model = new StanceModel
        {
            SameSemantic = sameSem,
            SameLexical = sameLex,
            OpposedSemantic = oppSem,
            OpposedLexical = oppLex,
            Evaluation = Head,
            OpposedInDiscussion = Environment.GetEnvironmentVariable("STANCE_DISCUSSION") == "none" ? null : inDiscussion,
            ClashThreshold = Math.Round(clash.Threshold, 3),
            StrongClashThreshold = Math.Round(strong, 3),
            SameThreshold = Math.Round(same.Threshold, 3),
            Notes = $"tools/StanceFit fit: opposed on FNC-1 train even body ids ({oppTrain.Count}) + ArgKP train pairs ({argTrain.Count}); same on ArgKP train key-point labels + FNC-1 related/unrelated ({sameTrain.Count}); evaluation head on ArgKP train arguments (topic directions read from the data; train pairs read the head fitted without their topic), {Head?.Vocabulary.Length ?? 0} words; L2 {l2}; thresholds on FNC-1 odd body ids / ArgKP dev.",
        };
        var path = Environment.GetEnvironmentVariable("STANCE_OUT") ?? Path.Combine("src", "DiscussionBot.TextAnalysis", "Semantics", "stance-model.json");
        File.WriteAllText(path, JsonSerializer.Serialize(Round(model), StanceModel.Json));
        Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024} KiB)");
    }

    static StanceModel Round(StanceModel m)
    {
        static LogisticHead R(LogisticHead h) => new(h.Mean.Select(x => Math.Round(x, 5)).ToArray(), h.Scale.Select(x => Math.Round(x, 5)).ToArray(), h.Weights.Select(x => Math.Round(x, 5)).ToArray(), Math.Round(h.Bias, 5));
        return new StanceModel { SameSemantic = R(m.SameSemantic), SameLexical = R(m.SameLexical), OpposedSemantic = R(m.OpposedSemantic), OpposedLexical = R(m.OpposedLexical), Evaluation = m.Evaluation, OpposedInDiscussion = m.OpposedInDiscussion is { } d ? R(d) : null, ClashThreshold = m.ClashThreshold, StrongClashThreshold = m.StrongClashThreshold, SameThreshold = m.SameThreshold, Notes = m.Notes };
    }

    static string Kpm(string corpora, Func<Sample, double> score)
    {
        var args = Corpus.ArgKp(corpora, "dev").ToList();
        var kps = Corpus.ArgKp(corpora, "dev", "key_points").ToList();
        var labels = Corpus.Csv(Path.Combine(corpora, "argkp-dev", "labels_dev.csv")).Skip(1).Where(r => r.Length == 3).ToDictionary(r => (r[0], r[1]), r => r[2] == "1");
        var encoder = Encoder!;
        var predictions = new List<StanceMetrics.KeyPointPrediction>();
        foreach (var a in args)
        {
            var best = (Score: double.NegativeInfinity, Id: "");
            foreach (var k in kps.Where(k => k.Topic == a.Topic && k.Stance == a.Stance))
            {
                if (Make(encoder, a.Text, k.Text, 0, "kp") is { } s && score(s) is var v && v > best.Score) best = (v, k.Id);
            }
            predictions.Add(new StanceMetrics.KeyPointPrediction(a.Topic, a.Stance, best.Score, labels.TryGetValue((a.Id, best.Id), out var l) ? l : null));
        }
        var (strict, relaxed) = StanceMetrics.KeyPointMap(predictions);
        return $"{strict:F3}/{relaxed:F3}";
    }

    public static ISentenceEncoder? Encoder;

    /// <summary>Folds of train topics (as the held-out evaluation heads) and of FNC-1 body ids, for cross-fitting.</summary>
    const int Folds = 4;

    static List<string> TrainTopics = [];

    /// <summary>STANCE_MEMBER_SENTENCES: the longest text (in sentences) that is a discussion member (shipped: Discussion.MemberSentences).</summary>
    static readonly int MemberSentences = int.Parse(Environment.GetEnvironmentVariable("STANCE_MEMBER_SENTENCES") ?? Discussion.MemberSentences.ToString());

    static double Auc(List<Sample> samples, Func<Sample, double> score) =>
        StanceMetrics.Auc(samples.Select(s => (score(s), s.Label == 1)).ToList());

    /// <summary>The lowest score above which precision stays at least <paramref name="precision"/> (counting from the top).</summary>
    static double PrecisionThreshold(List<(double Score, bool Positive)> samples, double precision)
    {
        int tp = 0, seen = 0;
        var threshold = 1.0;
        foreach (var s in samples.OrderByDescending(s => s.Score))
        {
            seen++;
            if (s.Positive) tp++;
            if (seen >= 20 && tp / (double)seen >= precision) threshold = s.Score;
        }
        return threshold;
    }

    static (double Threshold, double F1) BestF1(List<(double Score, bool Positive)> samples)
    {
        var best = (Threshold: 0.5, F1: 0.0);
        var total = samples.Count(s => s.Positive);
        int tp = 0, seen = 0;
        foreach (var s in samples.OrderByDescending(s => s.Score))
        {
            seen++;
            if (s.Positive) tp++;
            var f1 = 2.0 * tp / (seen + total);
            if (f1 > best.F1) best = (s.Score, f1);
        }
        return best;
    }
}

/// <summary>L2-regularized logistic regression on standardized features, fitted by Adam on minibatches (written by
/// hand: a few lines, and the shipped model needs only the weights).</summary>
static class Logistic
{
    public static LogisticHead Fit(List<(double[] X, int Y, double W)> data, double l2, int epochs = 40)
    {
        var d = data[0].X.Length;
        data = data.Where(s => s.X.Length == d).ToList();
        var mean = new double[d];
        var scale = new double[d];
        foreach (var (x, _, _) in data) for (var i = 0; i < d; i++) mean[i] += x[i] / data.Count;
        foreach (var (x, _, _) in data) for (var i = 0; i < d; i++) scale[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / data.Count;
        for (var i = 0; i < d; i++) scale[i] = Math.Sqrt(scale[i]) is var s && s > 1e-6 ? s : 1;
        var z = data.Select(s => s.X.Select((v, i) => (v - mean[i]) / scale[i]).ToArray()).ToArray();
        var w = new double[d];
        double b = 0;
        var m = new double[d + 1];
        var v2 = new double[d + 1];
        var rate = 0.01;
        var step = 0;
        var order = Enumerable.Range(0, data.Count).ToArray();
        var random = new Random(7);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += 128)
            {
                var grad = new double[d + 1];
                var batch = order.Skip(start).Take(128).ToArray();
                var bw = 0.0;
                foreach (var k in batch)
                {
                    var x = z[k];
                    var t = b;
                    for (var i = 0; i < d; i++) t += w[i] * x[i];
                    var p = 1 / (1 + Math.Exp(-t));
                    var g = (p - data[k].Y) * data[k].W;
                    bw += data[k].W;
                    for (var i = 0; i < d; i++) grad[i] += g * x[i];
                    grad[d] += g;
                }
                step++;
                for (var i = 0; i <= d; i++)
                {
                    var gi = grad[i] / Math.Max(bw, 1e-9) + (i < d ? l2 * w[i] : 0);
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    v2[i] = 0.999 * v2[i] + 0.001 * gi * gi;
                    var mh = m[i] / (1 - Math.Pow(0.9, step));
                    var vh = v2[i] / (1 - Math.Pow(0.999, step));
                    var delta = rate * mh / (Math.Sqrt(vh) + 1e-8);
                    if (i < d) w[i] -= delta; else b -= delta;
                }
            }
            rate *= 0.93;
        }
        return new LogisticHead(mean, scale, w, b);
    }
}
