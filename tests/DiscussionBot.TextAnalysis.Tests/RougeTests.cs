namespace DiscussionBot.TextAnalysis.Tests;

public sealed class RougeTests
{
    [Fact]
    public void Rouge_matches_hand_computed_values()
    {
        // candidate: the cat sat on the mat (6 tokens); reference: the cat lay on the mat today (7 tokens)
        // unigram overlap: the x2, cat, on, mat = 5 -> P 5/6, R 5/7
        // bigrams: cand {the cat, cat sat, sat on, on the, the mat}, ref {the cat, cat lay, lay on, on the, the mat, mat today}
        //   overlap 3 -> P 3/5, R 3/6
        // LCS: the cat on the mat = 5 -> P 5/6, R 5/7
        var s = Rouge.Score("The cat sat on the mat.", "The cat lay on the mat today.", stem: false);

        Assert.Equal(5.0 / 6, s.Rouge1.Precision, 6);
        Assert.Equal(5.0 / 7, s.Rouge1.Recall, 6);
        Assert.Equal(2 * (5.0 / 6) * (5.0 / 7) / (5.0 / 6 + 5.0 / 7), s.Rouge1.F1, 6);
        Assert.Equal(3.0 / 5, s.Rouge2.Precision, 6);
        Assert.Equal(3.0 / 6, s.Rouge2.Recall, 6);
        Assert.Equal(5.0 / 7, s.RougeL.Recall, 6);
    }

    [Fact]
    public void Tokenization_follows_rouge_score()
    {
        // Non-ASCII characters are separators there, and only tokens longer than three characters are stemmed.
        Assert.Equal(["caf", "costs", "5", "0bn"], Rouge.Tokenize("Café costs £5.0bn", stem: false));
        Assert.Equal(["the", "cat", "run", "quickli", "was"], Rouge.Tokenize("The cats running quickly was", stem: true));
    }

    [Fact]
    public void Stemming_makes_inflections_match()
    {
        var plain = Rouge.Score("talks failed", "talk fails", stem: false);
        var stemmed = Rouge.Score("talks failed", "talk fails", stem: true);

        Assert.Equal(0, plain.Rouge1.F1);
        Assert.Equal(1, stemmed.Rouge1.F1, 6);
    }

    [Fact]
    public void Empty_texts_score_zero()
    {
        var s = Rouge.Score("", "something");

        Assert.Equal(0, s.Rouge1.F1);
        Assert.Equal(0, s.RougeL.F1);
    }
}

public sealed class RougeLsumTests
{
    [Fact]
    public void Summary_level_lcs_matches_the_example_of_lin_2004()
    {
        // Lin (2004) 3.2: reference r1 = "w1 w2 w3 w4 w5", candidates c1 = "w1 w2 w6 w7 w8", c2 = "w1 w3 w8 w9 w5".
        // Union LCS of r1 with c1 and c2 is "w1 w2 w3 w5": 4 hits of 5 reference and 10 candidate tokens.
        var s = Rouge.Score("w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", "w1 w2 w3 w4 w5", stem: false);

        Assert.Equal(4.0 / 5, s.RougeLsum.Recall, 6);
        Assert.Equal(4.0 / 10, s.RougeLsum.Precision, 6);
    }
}
