namespace DiscussionBot.TextAnalysis.Tests;

public sealed class EvaluationTests
{
    [Fact]
    public void Pairwise_scores_match_a_hand_count()
    {
        // gold {a,b,c} {d,e}: 3 + 1 = 4 pairs; predicted {a,b} {c,d,e}: 1 + 3 = 4 pairs; correct: ab, de = 2
        var gold = new Dictionary<string, string> { ["a"] = "x", ["b"] = "x", ["c"] = "x", ["d"] = "y", ["e"] = "y" };
        var predicted = new Dictionary<string, string> { ["a"] = "1", ["b"] = "1", ["c"] = "2", ["d"] = "2", ["e"] = "2" };

        var s = Evaluation.Pairwise(predicted, gold);

        Assert.Equal(0.5, s.Precision, 6);
        Assert.Equal(0.5, s.Recall, 6);
        Assert.Equal(0.5, s.F1, 6);
        Assert.Equal(2, s.Clusters);
    }

    [Fact]
    public void Lead_takes_the_first_sentences()
    {
        var lead = Evaluation.Lead("One is here. Two is here. Three is here. Four is here.", SummaryLength.Sentences(2));

        Assert.Equal(["One is here.", "Two is here."], lead.Select(s => s.Text));
    }

    [Fact]
    public void Comparison_with_lead_reports_both_sides()
    {
        var text = "Filler opening about weather. The council approved the budget. Residents protested the budget.";
        var rows = new[] { new SummaryRow("1", null, text, ["The council approved the budget."]) };

        var result = Evaluation.CompareWithLead(rows, new Summarizer(), SummaryLength.Sentences(1));

        Assert.Equal(1, result.Ours.Count);
        Assert.Equal(1, result.Lead.Count);
        Assert.Equal("1 sentences", result.Length);
    }
}
