using DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// <c>members</c> mode: when a discussion re-reads its pairs. Reads, with the shipped model, FNC-1 train's even-body
/// half (the fit's half) as one input without groups (as <c>pairs --jsonl</c> reads it) and ArgKP train by topic and
/// with four topics pooled as one input (as dev without groups): each discussion's share of one-sentence members among
/// its texts, the pairs re-read (both texts members), what they are, and the opposed AUC alone and re-read. Train only:
/// the held-out FNC-1 half and ArgKP dev are read by <c>discussionbot eval</c>.
/// </summary>
static class MemberFitting
{
    public static void Run(string corpora, DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder encoder)
    {
        var model = StanceModel.Default!;
        var scorer = new PairScorer(model);
        var cache = new Dictionary<string, SentenceVectors>(StringComparer.Ordinal);
        SentenceVectors V(string t) => cache.TryGetValue(t, out var v) ? v : cache[t] = StanceFitting.Vectors(encoder, null, t);
        Discussion Of(IEnumerable<string> texts) => Discussion.Of(model.Evaluation, texts.Select(t => (t, (SentenceVectors?)V(t))), Discussion.MemberSentences, 0);

        var fnc = Corpus.Fnc(corpora).Where(f => f.Stance != "unrelated" && f.BodyId % 2 == 0).ToList();
        var whole = Of(fnc.SelectMany(f => new[] { f.Headline, f.Body }));
        Console.WriteLine($"FNC-1 train even half: {fnc.Count} related pairs, {whole.Texts} texts, {whole.Sentences} members (share {whole.Sentences / (double)whole.Texts:F3}); headlines {fnc.Select(f => f.Headline).Distinct().Count()}, bodies {fnc.Select(f => f.BodyId).Distinct().Count()}");
        var rows = fnc.Select(f =>
        {
            var s = scorer.Score(f.Headline, f.Body, V(f.Headline), V(f.Body));
            var d = scorer.Score(f.Headline, f.Body, V(f.Headline), V(f.Body), whole);
            var reread = whole.Evaluation(f.Headline) is not null && whole.Evaluation(f.Body) is not null;
            return (f, Alone: s.Opposed, Whole: d.Opposed, Reread: reread, Disagree: f.Stance == "disagree");
        }).ToList();
        var re = rows.Where(r => r.Reread).ToList();
        Console.WriteLine($"  AUC alone {StanceMetrics.Auc(rows.Select(r => (r.Alone, r.Disagree)).ToList()):F3}, whole half one discussion {StanceMetrics.Auc(rows.Select(r => (r.Whole, r.Disagree)).ToList()):F3}");
        Console.WriteLine($"  re-read pairs {re.Count} ({re.Count(r => r.Disagree)} disagree) on {re.Select(r => r.f.BodyId).Distinct().Count()} one-sentence bodies; their mean opposed alone: disagree {Mean(re.Where(r => r.Disagree), r => r.Alone):F3}, other {Mean(re.Where(r => !r.Disagree), r => r.Alone):F3}; re-read: disagree {Mean(re.Where(r => r.Disagree), r => r.Whole):F3}, other {Mean(re.Where(r => !r.Disagree), r => r.Whole):F3}");
        Console.WriteLine($"  all pairs mean opposed alone: disagree {Mean(rows.Where(r => r.Disagree), r => r.Alone):F3}, other {Mean(rows.Where(r => !r.Disagree), r => r.Alone):F3}");
        foreach (var b in re.GroupBy(r => r.f.BodyId).Take(12))
        {
            var first = b.First();
            Console.WriteLine($"  body {b.Key} ({b.Count()} headlines; {string.Join(",", b.Select(r => r.f.Stance[..3]))}): {Cut(first.f.Body, 110)}");
            foreach (var r in b.Take(2)) Console.WriteLine($"     z' headline {whole.Evaluation(r.f.Headline):F2}, body {whole.Evaluation(r.f.Body):F2}; alone {r.Alone:F3} -> {r.Whole:F3} [{r.f.Stance}] {Cut(r.f.Headline, 80)}");
        }
        // Headlines shared by many bodies.
        var shared = fnc.GroupBy(f => f.Headline).Where(g => g.Select(f => f.BodyId).Distinct().Count() >= 5).ToList();
        Console.WriteLine($"  headlines with >= 5 bodies: {shared.Count}, carrying {shared.Sum(g => g.Count())} pairs; of the re-read pairs {re.Count(r => shared.Any(g => g.Key == r.f.Headline))}");
        // Per-body discussions (the fit's): their member share.
        var perBody = fnc.GroupBy(f => f.BodyId).Select(g => Of(g.Select(f => f.Headline).Append(g.First().Body))).Where(d => d.Sentences >= Discussion.MinSentences).ToList();
        Console.WriteLine($"  per-body discussions with >= {Discussion.MinSentences} members: {perBody.Count}, member share min {(perBody.Count == 0 ? 0 : perBody.Min(d => d.Sentences / (double)d.Texts)):F3}");

        var train = Corpus.ArgKp(corpora, "train").ToList();
        var topics = train.Select(a => a.Topic).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
        var random = new Random(14);
        var shares = new List<double>();
        var byTopic = new List<(string, double, bool)>();
        var pooledPairs = new List<(string, double, bool)>();
        var lone = new List<(string, double, bool)>();
        for (var p = 0; p < topics.Count; p += 4)
        {
            var pool = topics.Skip(p).Take(4).ToList();
            var pooled = Of(train.Where(a => pool.Contains(a.Topic)).Select(a => a.Text));
            Console.WriteLine($"ArgKP train pool {p / 4}: {pooled.Texts} texts, {pooled.Sentences} members (share {pooled.Sentences / (double)pooled.Texts:F3}), smoothed {pooled.Smoothed}");
            foreach (var topic in pool)
            {
                var args = train.Where(a => a.Topic == topic).ToList();
                var d = Of(args.Select(a => a.Text));
                shares.Add(d.Sentences / (double)d.Texts);
                // A sample of each topic's pairs (60 arguments), scored alone, in the topic, in the pool.
                var sample = args.OrderBy(_ => random.Next()).Take(60).ToList();
                for (var i = 0; i < sample.Count; i++)
                    for (var j = i + 1; j < sample.Count; j++)
                    {
                        var (a, b) = (sample[i].Text, sample[j].Text);
                        var opposite = sample[i].Stance != sample[j].Stance;
                        lone.Add((topic, scorer.Score(a, b, V(a), V(b)).Opposed, opposite));
                        byTopic.Add((topic, scorer.Score(a, b, V(a), V(b), d).Opposed, opposite));
                        pooledPairs.Add((topic, scorer.Score(a, b, V(a), V(b), pooled).Opposed, opposite));
                    }
            }
        }
        Console.WriteLine($"ArgKP train topics' member share: min {shares.Min():F3}, median {shares.Order().ElementAt(shares.Count / 2):F3}, max {shares.Max():F3}");
        foreach (var (name, list) in new[] { ("alone", lone), ("each topic one discussion", byTopic), ("four topics one input", pooledPairs) })
            Console.WriteLine($"  ArgKP train (sampled pairs, in-sample model) {name}: AUC {StanceMetrics.Auc(list.Select(x => (x.Item2, x.Item3)).ToList()):F3}, top-4 share {StanceMetrics.TopShare(list, 4):P1}");
    }

    static double Mean<T>(IEnumerable<T> rows, Func<T, double> f)
    {
        var part = rows.Select(f).ToList();
        return part.Count == 0 ? double.NaN : part.Average();
    }

    static string Cut(string s, int n) => (s.Length > n ? s[..n] + "…" : s).ReplaceLineEndings(" ");
}
