namespace DiscussionBot.TextAnalysis;

/// <summary>One article of a summary corpus with its reference summary sentences.</summary>
public sealed record SummaryRow(string Id, string? Title, string Text, IReadOnlyList<string> Reference);

/// <summary>Mean ROUGE F1 (and recall, for the curious) over a corpus, each in [0, 1].</summary>
public sealed record RougeAverages(double Rouge1, double Rouge2, double RougeL, double RougeLsum, double Rouge1Recall, int Count);

/// <summary>Our summarizer beside lead-k at the same length on the same rows.</summary>
public sealed record SummaryComparison(RougeAverages Ours, RougeAverages Lead, string Length);

/// <summary>Pairwise clustering quality: pairs of items put together, judged against gold pairs.</summary>
public sealed record PairwiseScores(double Precision, double Recall, double F1, long PredictedPairs, long GoldPairs, long CorrectPairs, int Clusters);

/// <summary>Pure evaluation helpers: rows in, figures out. The CLI does the reading.</summary>
public static class Evaluation
{
    /// <summary>The first sentences of the text, as many as <paramref name="length"/> asks for.</summary>
    public static IReadOnlyList<Sentence> Lead(string text, SummaryLength length)
    {
        var sentences = SentenceSplitter.Split(text);
        return sentences.Take(length.Resolve(sentences.Count)).ToArray();
    }

    /// <summary>Mean ROUGE of our summaries and of lead-k at the same length; the title is used when a row has one.</summary>
    public static SummaryComparison CompareWithLead(IEnumerable<SummaryRow> rows, Summarizer summarizer, SummaryLength length, bool stem = true)
    {
        var ours = new Accumulator();
        var lead = new Accumulator();
        foreach (var row in rows)
        {
            var reference = string.Join("\n", row.Reference);
            var summary = summarizer.Summarize(row.Text, row.Title, length);
            // One sentence per line, for ROUGE-Lsum.
            ours.Add(Rouge.Score(string.Join("\n", summary.Sentences.Select(s => s.Text)), reference, stem));
            var leadText = string.Join("\n", Lead(row.Text, length).Select(s => s.Text));
            lead.Add(Rouge.Score(leadText, reference, stem));
        }
        var description = length.Count is { } k ? $"{k} sentences" : $"{length.Fraction:P0} of sentences";
        return new SummaryComparison(ours.Result(), lead.Result(), description);
    }

    /// <summary>Mean ROUGE of candidate/reference pairs.</summary>
    public static RougeAverages MeanRouge(IEnumerable<(string Candidate, string Reference)> pairs, bool stem = true)
    {
        var acc = new Accumulator();
        foreach (var (candidate, reference) in pairs)
        {
            acc.Add(Rouge.Score(candidate, reference, stem));
        }
        return acc.Result();
    }

    /// <summary>
    /// Pairwise precision/recall/F1 of a clustering (item → cluster) against gold labels (item → class).
    /// Items missing from the prediction count as singletons.
    /// </summary>
    /// <summary>Clusters <paramref name="articles"/> (in the order given) as a batch and one by one, as the bot adds them,
    /// and scores both against <paramref name="gold"/>.</summary>
    public static (PairwiseScores Batch, PairwiseScores Incremental) BatchAndIncremental(
        IReadOnlyList<StoryInput> articles, IReadOnlyDictionary<string, string> gold, StoryClustererOptions? options = null)
    {
        var batch = Pairwise(StoryClusterer.Cluster(articles, options), gold);
        var clusterer = new StoryClusterer(options);
        foreach (var a in articles)
        {
            clusterer.Add(a);
        }
        return (batch, Pairwise(clusterer.Assignments, gold));
    }

    public static PairwiseScores Pairwise(IReadOnlyDictionary<string, string> predicted, IReadOnlyDictionary<string, string> gold)
    {
        // Pairs within a cell of the contingency table are the correct ones.
        var cells = new Dictionary<(string, string), long>();
        var predSizes = new Dictionary<string, long>();
        var goldSizes = new Dictionary<string, long>();
        foreach (var (item, goldLabel) in gold)
        {
            var p = predicted.TryGetValue(item, out var label) ? label : "\u0001singleton:" + item;
            cells[(p, goldLabel)] = cells.GetValueOrDefault((p, goldLabel)) + 1;
            predSizes[p] = predSizes.GetValueOrDefault(p) + 1;
            goldSizes[goldLabel] = goldSizes.GetValueOrDefault(goldLabel) + 1;
        }
        static long Pairs(long k) => k * (k - 1) / 2;
        var correct = cells.Values.Sum(Pairs);
        var predictedPairs = predSizes.Values.Sum(Pairs);
        var goldPairs = goldSizes.Values.Sum(Pairs);
        var precision = predictedPairs == 0 ? 0 : (double)correct / predictedPairs;
        var recall = goldPairs == 0 ? 0 : (double)correct / goldPairs;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new PairwiseScores(precision, recall, f1, predictedPairs, goldPairs, correct, predSizes.Count);
    }

    sealed class Accumulator
    {
        double r1, r2, rl, rlsum, r1Recall;
        int count;

        public void Add(RougeScores s)
        {
            r1 += s.Rouge1.F1;
            r2 += s.Rouge2.F1;
            rl += s.RougeL.F1;
            rlsum += s.RougeLsum.F1;
            r1Recall += s.Rouge1.Recall;
            count++;
        }

        public RougeAverages Result() => count == 0
            ? new RougeAverages(0, 0, 0, 0, 0, 0)
            : new RougeAverages(r1 / count, r2 / count, rl / count, rlsum / count, r1Recall / count, count);
    }
}
