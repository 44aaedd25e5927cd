using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// The evaluation head (Semantics/EvaluationHead.cs): an argument's evaluation of its subject (for or against it) learned across topics. Within a topic
/// two arguments take opposite stances when they evaluate the subject oppositely, whatever way the topic is worded,
/// so a pair needs no topic: opposed ≈ |z(a) − z(b)|. Training labels: stance × the topic's direction, the direction
/// read from the data (the sign of the correlation, within the topic, between the general lexicon's polarity and
/// stance, then re-read once from held-out predictions), never written by hand. <c>evaluation</c> mode prints the
/// leave-topics-out figures of the variants (words, vector, both; vocabulary floor; L2) that chose the shipped one.
///
/// Measured 2026-12-01 (ArgKP dev pair AUC of |za − zb| alone) and left out: words only 0.565, vector only 0.576, both
/// 0.596 with the lexicon's directions, 0.619 after one re-reading (a second oscillates); adding −β·cos: at best
/// +0.009; a k-nearest-train-arguments evaluation (k 10/30/100): 0.562/0.574/0.567 alone, no gain mixed in; a
/// sign-free LDA over topics (directions w maximising Σ_T (w·d_T)² against within-stance spread, read as
/// (w·(u−v))²): 0.548–0.600 for K 1–16, λ 0.01–1 (leave-topics-out on train 0.57–0.63).
/// </summary>
static class EvaluationFitting
{
    public sealed record Arg(string Topic, int Stance, string Text, float[] V, HashSet<string> Stems);

    public static HashSet<string> Stems(string text) => EvaluationHead.Words(text, Framing.Of(text));

    public static List<Arg> Load(string corpora, string split, ISentenceEncoder encoder) =>
        Corpus.ArgKp(corpora, split).Select(a => (a, v: VectorMath.StoryMeaning(encoder.Encode(ViewpointAnalyzer.EncodingPlan(null, a.Text)))))
            .Where(x => x.v is not null).Select(x => new Arg(x.a.Topic, x.a.Stance, x.a.Text, x.v!, Stems(x.a.Text))).ToList();

    /// <summary>Per topic: +1 when pro arguments speak well of the subject (the lexicon's polarity rises with stance).</summary>
    public static Dictionary<string, int> Directions(List<Arg> args) =>
        args.GroupBy(a => a.Topic).ToDictionary(g => g.Key, g =>
        {
            var pol = g.Select(a => Framing.Of(a.Text).Polarity).ToArray();
            var st = g.Select(a => (double)a.Stance).ToArray();
            double mp = pol.Average(), ms = st.Average(), c = 0;
            for (var i = 0; i < pol.Length; i++) c += (pol[i] - mp) * (st[i] - ms);
            return c >= 0 ? 1 : -1;
        });

    public sealed record Fitted(string[] Vocabulary, LogisticHead Head, bool Words, bool Vectors)
    {
        /// <summary>The shipped form: standardization folded into raw-feature weights (words, vector, polarity).</summary>
        public EvaluationHead ToHead()
        {
            if (!Words || !Vectors) throw new InvalidOperationException("the shipped head reads words and vectors");
            var w = Head.Weights.Select((x, i) => x / Head.Scale[i]).ToArray();
            var bias = Head.Bias - Head.Weights.Select((x, i) => x * Head.Mean[i] / Head.Scale[i]).Sum();
            var v = Vocabulary.Length;
            // Words whose weight rounds to nothing are left out of the file.
            var kept = Enumerable.Range(0, v).Where(i => Math.Abs(w[i]) >= 5e-4).ToArray();
            return new EvaluationHead(kept.Select(i => Vocabulary[i]).ToArray(), kept.Select(i => Math.Round(w[i], 4)).ToArray(),
                w[v..^1].Select(x => Math.Round(x, 4)).ToArray(), Math.Round(w[^1], 4), Math.Round(bias, 4));
        }

        public double Z(Arg a)
        {
            var x = Features(a, Vocabulary, Words, Vectors);
            var p = Math.Clamp(Head.Probability(x), 1e-6, 1 - 1e-6);
            return Math.Log(p / (1 - p));
        }
    }

    static double[] Features(Arg a, string[] vocabulary, bool words, bool vectors)
    {
        var x = new double[(words ? vocabulary.Length : 0) + (vectors ? a.V.Length : 0) + 1];
        var k = 0;
        if (words) foreach (var w in vocabulary) x[k++] = a.Stems.Contains(w) ? 1 : 0;
        if (vectors) foreach (var f in a.V) x[k++] = f;
        x[k] = Framing.Of(a.Text).Polarity;
        return x;
    }

    public static Fitted Fit(List<Arg> train, int minTopics, double l2, bool words, bool vectors, Dictionary<string, int>? directions = null)
    {
        var dir = directions ?? Directions(train);
        var vocabulary = train.SelectMany(a => a.Stems.Select(s => (s, a.Topic))).Distinct().GroupBy(x => x.s)
            .Where(g => g.Count() >= minTopics).Select(g => g.Key).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var data = train.Select(a => (Features(a, vocabulary, words, vectors), a.Stance * dir[a.Topic] > 0 ? 1 : 0, 1.0)).ToList();
        if (Center)
        {
            // Each topic's features moved to the overall mean: what a topic's arguments share says nothing of stance.
            var all = Mean(data.Select(d => d.Item1).ToList());
            var byTopic = train.Select((a, i) => (a.Topic, i)).GroupBy(x => x.Topic).ToDictionary(g => g.Key, g => Mean(g.Select(x => data[x.i].Item1).ToList()));
            data = data.Select((d, i) => (d.Item1.Select((v, k) => v - byTopic[train[i].Topic][k] + all[k]).ToArray(), d.Item2, d.Item3)).ToList();
        }
        return new Fitted(vocabulary, Logistic.Fit(data, l2, 30), words, vectors);
    }

    public static (double ArgAuc, double PairAuc) Read(Fitted f, List<Arg> args)
    {
        var dir = Directions(args);
        var z = args.Select(f.Z).ToArray();
        var argAuc = StanceMetrics.Auc(args.Select((a, i) => (z[i], a.Stance * dir[a.Topic] > 0)).ToList());
        var pairs = new List<(double, bool)>();
        foreach (var g in args.Select((a, i) => (a, i)).GroupBy(x => x.a.Topic))
        {
            var list = g.ToList();
            for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
                pairs.Add((Math.Abs(z[list[i].i] - z[list[j].i]), list[i].a.Stance != list[j].a.Stance));
        }
        return (argAuc, StanceMetrics.Auc(pairs));
    }

    /// <summary>The topics' directions re-read from held-out predictions: each train topic's sign is the sign of the
    /// correlation between stance and the evaluation a model fitted without that topic gives its arguments.</summary>
    public static Dictionary<string, int> Refine(List<Arg> train, Dictionary<string, int> dir, int minTopics, double l2, int folds = 6)
    {
        var topics = train.Select(a => a.Topic).Distinct().OrderBy(t => t).ToList();
        var result = new Dictionary<string, int>();
        for (var fold = 0; fold < folds; fold++)
        {
            var held = topics.Where((t, i) => i % folds == fold).ToHashSet();
            var f = Fit(train.Where(a => !held.Contains(a.Topic)).ToList(), minTopics, l2, true, true, dir);
            foreach (var g in train.Where(a => held.Contains(a.Topic)).GroupBy(a => a.Topic))
            {
                var z = g.Select(f.Z).ToArray();
                var st = g.Select(a => (double)a.Stance).ToArray();
                double mz = z.Average(), ms = st.Average(), c = 0;
                for (var i = 0; i < z.Length; i++) c += (z[i] - mz) * (st[i] - ms);
                result[g.Key] = c >= 0 ? 1 : -1;
            }
        }
        return result;
    }

    /// <summary>The evaluation head fitted on all ArgKP train topics, and one per fold of topics fitted without them
    /// (the stance pairs of a train topic read the head that never saw it, as dev pairs do).</summary>
    public static (EvaluationHead Full, Func<string, EvaluationHead> HeldOut) FitHeads(string corpora, ISentenceEncoder encoder, int folds = 4)
    {
        var train = Load(corpora, "train", encoder);
        var dev = Load(corpora, "dev", encoder);
        var dir = Refine(train, Directions(train), MinTopics, 0.1);
        var full = Fit(train, MinTopics, L2, true, true, dir);
        var topics = train.Select(a => a.Topic).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var heads = Enumerable.Range(0, folds).Select(fold =>
        {
            var held = topics.Where((t, i) => i % folds == fold).ToHashSet();
            return Fit(train.Where(a => !held.Contains(a.Topic)).ToList(), MinTopics, L2, true, true, dir).ToHead();
        }).ToArray();
        var (argAuc, pairAuc) = Read(full, dev);
        var head = full.ToHead();
        Console.WriteLine($"evaluation head: {head.Vocabulary.Length} words + {head.VectorWeights.Length} dims; ArgKP dev argument AUC {argAuc:F3}, pair AUC |za - zb| {pairAuc:F3}");
        return (head, topic => heads[topics.IndexOf(topic) % folds]);
    }

    public const int MinTopics = 2;

    static readonly bool Center = Environment.GetEnvironmentVariable("EVAL_CENTER") == "1";

    static double[] Mean(List<double[]> rows)
    {
        var m = new double[rows[0].Length];
        foreach (var r in rows) for (var k = 0; k < m.Length; k++) m[k] += r[k] / rows.Count;
        return m;
    }

    /// <summary>Chosen by leave-topics-out pair AUC on train (0.679 at 1.0 against 0.673 at 0.3 and 0.660 at 0.1).</summary>
    public const double L2 = 1.0;

    /// <summary>Leave-topics-out (4 folds of train topics) figures of the head's variants, the dev figure beside
    /// (read, not chosen on): the word floor and L2, with words and vector together (EVAL_CENTER=1: topics centred).</summary>
    public static void Run(string corpora, ISentenceEncoder encoder)
    {
        var train = Load(corpora, "train", encoder);
        var dev = Load(corpora, "dev", encoder);
        var dir = Refine(train, Directions(train), MinTopics, 0.1);
        foreach (var (t, d) in dir.OrderBy(x => x.Key, StringComparer.Ordinal)) Console.WriteLine($"direction {d:+0;-0} {t}");
        var topics = train.Select(a => a.Topic).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        foreach (var minTopics in new[] { 2, 4 })
        foreach (var l2 in new[] { 0.1, 0.3, 1.0, 3.0 })
        {
            var cv = new List<(double, double)>();
            for (var fold = 0; fold < 4; fold++)
            {
                var held = topics.Where((t, i) => i % 4 == fold).ToHashSet();
                var f = Fit(train.Where(a => !held.Contains(a.Topic)).ToList(), minTopics, l2, true, true, dir);
                cv.Add(Read(f, train.Where(a => held.Contains(a.Topic)).ToList()));
            }
            var full = Fit(train, minTopics, l2, true, true, dir);
            var (da, dp) = Read(full, dev);
            Console.WriteLine($"word floor {minTopics} topics, l2 {l2}{(Center ? ", topics centred" : "")}: vocab {full.Vocabulary.Length}; leave-topics-out arg AUC {cv.Average(c => c.Item1):F3} pair AUC {cv.Average(c => c.Item2):F3}; dev arg AUC {da:F3} pair AUC {dp:F3}");
        }
    }
}
