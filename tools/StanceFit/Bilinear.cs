using DiscussionBot.TextAnalysis.Semantics;

/// <summary>Experiment: a rank-k symmetric bilinear "opposite stance" score, s(u, v) = sum_k b_k (w_k·u)(w_k·v),
/// fitted by SGD on ArgKP train argument pairs (logistic loss), read on ArgKP dev.</summary>
static class Bilinear
{
    public static void Run(string corpora, ISentenceEncoder encoder, int k = 8, int epochs = 8)
    {
        float[] Vec(string text) => VectorMath.StoryMeaning(encoder.Encode(DiscussionBot.TextAnalysis.ViewpointAnalyzer.EncodingPlan(null, text)))!;
        List<(float[] U, float[] V, int Y, string Topic)> Pairs(string split, int perTopic, Random random)
        {
            var list = new List<(float[], float[], int, string)>();
            foreach (var topic in Corpus.ArgKp(corpora, split).GroupBy(a => a.Topic))
            {
                var args = topic.Select(a => (V: Vec(a.Text), a.Stance)).Where(a => a.V is not null).ToList();
                if (perTopic <= 0)
                {
                    for (var i = 0; i < args.Count; i++) for (var j = i + 1; j < args.Count; j++) list.Add((args[i].V, args[j].V, args[i].Stance != args[j].Stance ? 1 : 0, topic.Key));
                }
                else
                {
                    for (var n = 0; n < perTopic; n++)
                    {
                        var i = random.Next(args.Count); var j = random.Next(args.Count);
                        if (i != j) list.Add((args[i].V, args[j].V, args[i].Stance != args[j].Stance ? 1 : 0, topic.Key));
                    }
                }
            }
            return list;
        }
        var random = new Random(3);
        var train = Pairs("train", 4000, random);
        var dev = Pairs("dev", 0, random);
        var d = 384;
        var w = new double[k, d];
        for (var a = 0; a < k; a++) for (var i = 0; i < d; i++) w[a, i] = (random.NextDouble() - 0.5) * 0.1;
        var b = new double[k];
        double bias = 0;
        double Score((float[] U, float[] V, int Y, string Topic) p, double[] pu, double[] pv)
        {
            double z = bias;
            for (var a = 0; a < k; a++)
            {
                double su = 0, sv = 0;
                for (var i = 0; i < d; i++) { su += w[a, i] * p.U[i]; sv += w[a, i] * p.V[i]; }
                pu[a] = su; pv[a] = sv;
                z -= (su * sv); // opposite when the projections disagree in sign
            }
            return z;
        }
        var rate = 0.05;
        var pu = new double[k]; var pv = new double[k];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            foreach (var p in train.OrderBy(_ => random.Next()))
            {
                var z = Score(p, pu, pv);
                var g = 1 / (1 + Math.Exp(-z)) - p.Y; // dL/dz
                bias -= rate * g * 0.1;
                for (var a = 0; a < k; a++)
                {
                    // dz/dw_a = -(pv_a * u + pu_a * v)
                    for (var i = 0; i < d; i++)
                    {
                        var grad = -g * (pv[a] * p.U[i] + pu[a] * p.V[i]) + 1e-4 * w[a, i];
                        w[a, i] -= rate * grad;
                    }
                }
            }
            rate *= 0.7;
            var auc = StanceMetrics.Auc(dev.Select(p => (Score(p, pu, pv), p.Y == 1)).ToList());
            var tr = StanceMetrics.Auc(train.Take(20000).Select(p => (Score(p, pu, pv), p.Y == 1)).ToList());
            Console.WriteLine($"k {k} epoch {epoch}: train AUC {tr:F3}, ArgKP dev AUC {auc:F3}");
        }
    }
}
