using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Encoder.MiniLm.Tests;

/// <summary>
/// The shipped stance model on ArgKP dev, whose topics it never saw, through <see cref="PairScorer"/> (the code path
/// of /viewpoints and <c>pairs --jsonl</c>) with real MiniLM vectors: a fixed slice of each dev topic's arguments.
/// </summary>
public sealed class StanceOnUnseenTopicsTests(MiniLmEncoderTests.Model model) : IClassFixture<MiniLmEncoderTests.Model>
{
    /// <summary>Arguments read per dev topic and stance (the first in file order): 4 topics, about 4,900 pairs.</summary>
    const int PerSide = 25;

    [Fact]
    public void Opposite_stance_argument_pairs_on_unseen_topics_score_more_opposed_than_same_stance_pairs()
    {
        var encoder = model.Encoder;
        Assert.True(encoder.TryLoad(), encoder.Problem);
        var stance = StanceModel.Default;
        Assert.NotNull(stance);
        Assert.NotNull(stance.Evaluation);
        var scorer = new PairScorer(stance);
        var arguments = Arguments().GroupBy(a => (a.Topic, a.Stance)).SelectMany(g => g.Take(PerSide)).ToList();
        Assert.Equal(4 * 2 * PerSide, arguments.Count);
        var vectors = arguments.Select(a =>
        {
            var plan = ViewpointAnalyzer.EncodingPlan(null, a.Text);
            return SentenceVectors.From(encoder.Model, plan.Zip(encoder.Encode(plan)));
        }).ToList();
        var scored = new List<(string Topic, double Opposed, bool Opposite)>();
        var bySemantic = 0;
        for (var i = 0; i < arguments.Count; i++)
        {
            for (var j = i + 1; j < arguments.Count; j++)
            {
                if (arguments[i].Topic != arguments[j].Topic)
                {
                    continue;
                }
                var score = scorer.Score(arguments[i].Text, arguments[j].Text, vectors[i], vectors[j]);
                bySemantic += score.Semantic ? 1 : 0;
                scored.Add((arguments[i].Topic, score.Opposed, arguments[i].Stance != arguments[j].Stance));
            }
        }
        Assert.Equal(scored.Count, bySemantic);
        var auc = StanceMetrics.Auc(scored.Select(s => (s.Opposed, s.Opposite)).ToList());
        // The model before the evaluation head (fitted on ArgKP train topics by their wording and vector products)
        // read 0.559 on this slice (this one 0.665): it had learnt its train topics, not stance.
        Assert.True(auc >= 0.60, $"opposite-stance AUC on the ArgKP dev slice: {auc:F3}");
        // The four most opposed pairs of each topic are mostly of opposite stance.
        Assert.True(StanceMetrics.TopShare(scored, 4) >= 0.5);
    }

    [Fact]
    public void Read_inside_their_topic_as_one_discussion_argument_pairs_on_unseen_topics_separate_better_than_alone()
    {
        var encoder = model.Encoder;
        Assert.True(encoder.TryLoad(), encoder.Problem);
        var stance = StanceModel.Default!;
        var scorer = new PairScorer(stance);
        var arguments = Arguments().GroupBy(a => (a.Topic, a.Stance)).SelectMany(g => g.Take(PerSide)).ToList();
        var vectors = arguments.Select(a =>
        {
            var plan = ViewpointAnalyzer.EncodingPlan(null, a.Text);
            return SentenceVectors.From(encoder.Model, plan.Zip(encoder.Encode(plan)));
        }).ToList();
        var alone = new List<(double, bool)>();
        var inside = new List<(double, bool)>();
        foreach (var topic in arguments.Select((a, i) => (a, i)).GroupBy(x => x.a.Topic))
        {
            var members = topic.ToList();
            var discussion = Discussion.Of(stance, members.Select(x => (x.a.Text, (SentenceVectors?)vectors[x.i])));
            Assert.True(discussion.Smoothed);
            for (var p = 0; p < members.Count; p++)
            {
                for (var q = p + 1; q < members.Count; q++)
                {
                    var (i, j) = (members[p].i, members[q].i);
                    var opposite = arguments[i].Stance != arguments[j].Stance;
                    alone.Add((scorer.Score(arguments[i].Text, arguments[j].Text, vectors[i], vectors[j]).Opposed, opposite));
                    inside.Add((scorer.Score(arguments[i].Text, arguments[j].Text, vectors[i], vectors[j], discussion).Opposed, opposite));
                }
            }
        }
        var aloneAuc = StanceMetrics.Auc(alone);
        var insideAuc = StanceMetrics.Auc(inside);
        // Measured: 0.665 alone on this slice; each topic one discussion lifts it (ArgKP dev in full: 0.626 to 0.715).
        Assert.True(insideAuc > aloneAuc + 0.02, $"alone {aloneAuc:F3}, inside the topic's discussion {insideAuc:F3}");
    }

    sealed record Argument(string Text, string Topic, int Stance);

    static List<Argument> Arguments()
    {
        using var reader = CsvHelper.CsvReader.FromFile(Path.Combine(DiscussionBot.Testing.SharedFiles.Find("corpora", "argkp-dev"), "arguments_dev.csv"), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var list = new List<Argument>();
        var header = true;
        foreach (var row in reader)
        {
            var cells = row.ToArray();
            if (header)
            {
                header = false;
                continue;
            }
            if (cells.Length == 4 && int.TryParse(cells[3], System.Globalization.CultureInfo.InvariantCulture, out var stance))
            {
                list.Add(new Argument(cells[1], cells[2], stance));
            }
        }
        return list;
    }
}
