using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>
/// Which aligned pairs of two articles /viewpoints shows as clashes (SemanticComparison): the cue detector has to see
/// an opposition beyond a lone negated word, on sentences that do not say one thing in other words, and the model
/// alone flags none. The stance model here is fixed (every pair gets the same "same point" and "opposed"
/// probabilities) and the meaning vectors are built to a chosen cosine, so each test moves one thing.
/// </summary>
public sealed class ClashPrecisionTests
{
    const string OtherNewsA = "The school choir will sing at the spring festival. Rain is expected across the valley on Sunday. A new bakery opened near the station.";
    const string OtherNewsB = "The football club signed a young goalkeeper. Farmers reported a good apple harvest this autumn. The library extends its opening hours in June.";

    const string Praised = "Residents praised the safe and modern Millbrook harbour bridge as it opened to traffic.";
    const string Condemned = "Residents condemned the dangerous and ugly Millbrook harbour bridge as it opened to traffic.";
    const string Signed = "The Millbrook council signed the harbour bridge contract with Calder Works after a long debate.";
    const string NotSigned = "The Millbrook council has not signed the harbour bridge contract, its own minutes show.";
    const string FerryCloses = "The river ferry will stop running when the crossing opens.";
    const string FerryEnds = "Boat trips between the two banks end with the new link.";

    const string FerryFailedBecause = "The council chose the harbour bridge because the old ferry did not pass its yearly inspection.";
    const string FerryFailed = "The old ferry did not pass its yearly inspection, so the council chose the harbour bridge.";
    const string FerryPassed = "The old ferry passed its yearly inspection in May, records of the port authority show.";
    const string MayorQuoted = "\u201CThe bridge is safe and the critics are wrong,\u201D Mayor Ana Ruiz said on Tuesday.";
    const string MayorReported = "Mayor Ana Ruiz said the harbour bridge was safe and would bring prosperity to Millbrook.";
    const string ResidentsWrote = "The bridge is safe and the critics are wrong, residents of Eastbank wrote in a letter.";
    const string RuizPraised = "On Tuesday President Ana Ruiz of Calderia praised the Millbrook choir.";
    const string RuizCondemned = "On Tuesday President Ana Ruiz of Calderia was condemned by protesters in Millbrook.";
    const string LawPassed = "The Millbrook council passed the harbour bridge law after a long debate.";
    const string LawCalledLawful = "The Millbrook council called the harbour bridge law a lawful and fair decision.";
    const string LawFeared = "Residents feared the harbour bridge law would bring chaos to Millbrook.";

    /// <summary>A model that rates every pair alike: same point with probability <paramref name="same"/>, opposed with <paramref name="opposed"/>.</summary>
    static StanceModel Fixed(double same, double opposed)
    {
        static LogisticHead Constant(double p) => new([0], [1], [0], Math.Log(p / (1 - p)));
        return new StanceModel
        {
            SameSemantic = Constant(same),
            SameLexical = Constant(same),
            OpposedSemantic = Constant(opposed),
            OpposedLexical = Constant(opposed),
            SameThreshold = 0.366,
            ClashThreshold = 0.16,
            StrongClashThreshold = 0.557,
        };
    }

    /// <summary>The two articles, each leading with its sentence of the pair, whose vectors lie at <paramref name="cosine"/>
    /// (the other sentences have none and are not compared).</summary>
    static ViewpointReport Compare(string first, string second, double cosine, StanceModel model)
    {
        var u = new float[8];
        var v = new float[8];
        u[0] = 1;
        v[0] = (float)cosine;
        v[1] = (float)Math.Sqrt(1 - cosine * cosine);
        var a = new SourceText("North Post", null, "a", null, first + " " + OtherNewsA, SentenceVectors.From("fixed", [(first, u)]));
        var b = new SourceText("South Herald", null, "b", null, second + " " + OtherNewsB, SentenceVectors.From("fixed", [(second, v)]));
        var report = new ViewpointAnalyzer(new ViewpointOptions { Stance = model }).Analyze([a, b]);
        Assert.True(report.ByMeaning);
        return report;
    }

    static bool Shares(ViewpointReport report, string first, string second) =>
        report.Shared.Any(p => p.Sentences.Any(s => s.Text == first) && p.Sentences.Any(s => s.Text == second));

    [Fact]
    public void An_opposite_tone_on_one_point_is_a_clash_when_the_sentences_differ_in_meaning()
    {
        var report = Compare(Praised, Condemned, 0.5, Fixed(0.95, 0.12));

        var clash = Assert.Single(report.Clashes);
        Assert.Equal(Praised, clash.First.Text);
        Assert.Equal(Condemned, clash.Second.Text);
        Assert.Contains("opposite tone", clash.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opposite_tone_between_sentences_that_mean_the_same_is_shared_ground_not_a_clash()
    {
        var report = Compare(Praised, Condemned, SemanticComparison.MaxClashCosine + 0.1, Fixed(0.95, 0.12));

        Assert.Empty(report.Clashes);
        Assert.True(Shares(report, Praised, Condemned));
    }

    [Fact]
    public void A_word_only_one_side_negates_is_no_clash_while_the_model_sees_no_opposition()
    {
        var report = Compare(Signed, NotSigned, 0.5, Fixed(0.95, 0.12));

        Assert.Empty(report.Clashes);
    }

    [Fact]
    public void A_word_only_one_side_negates_is_a_clash_when_the_model_leans_to_opposition_too()
    {
        var report = Compare(Signed, NotSigned, 0.5, Fixed(0.95, 0.5));

        var clash = Assert.Single(report.Clashes);
        Assert.Contains("one side negates", clash.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_alone_flags_no_clash_and_a_pair_it_is_sure_opposes_is_not_shown_as_shared()
    {
        var sure = Compare(FerryCloses, FerryEnds, 0.5, Fixed(0.95, 0.9));
        Assert.Empty(sure.Clashes);
        Assert.False(Shares(sure, FerryCloses, FerryEnds));

        // The same pair the model reads as agreeing is what they share.
        var agreeing = Compare(FerryCloses, FerryEnds, 0.5, Fixed(0.95, 0.1));
        Assert.Empty(agreeing.Clashes);
        Assert.True(Shares(agreeing, FerryCloses, FerryEnds));
    }

    [Fact]
    public void A_negation_inside_a_reason_clause_is_no_clash_where_the_same_negation_in_the_main_clause_is_one()
    {
        var main = Compare(FerryFailed, FerryPassed, 0.5, Fixed(0.95, 0.5));
        var clash = Assert.Single(main.Clashes);
        Assert.Contains("one side negates", clash.Reason, StringComparison.Ordinal);

        var reason = Compare(FerryFailedBecause, FerryPassed, 0.5, Fixed(0.95, 0.5));
        Assert.Empty(reason.Clashes);
    }

    [Fact]
    public void An_opposite_tone_both_sides_carry_only_in_one_speakers_words_is_no_clash_between_the_outlets()
    {
        // Both outlets report the mayor; what opposes lies in her words on both sides.
        var sameSpeaker = Compare(MayorQuoted, MayorReported, 0.5, Fixed(0.95, 0.12));
        Assert.Empty(sameSpeaker.Clashes);

        // The same words from other speakers than the one the other side reports still clash.
        var otherSpeaker = Compare(ResidentsWrote, MayorReported, 0.5, Fixed(0.95, 0.12));
        var clash = Assert.Single(otherSpeaker.Clashes);
        Assert.Contains("opposite tone", clash.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sentences_that_share_only_names_are_no_clash_however_opposite_their_tone()
    {
        var report = Compare(RuizPraised, RuizCondemned, 0.5, Fixed(0.95, 0.12));

        Assert.Empty(report.Clashes);
    }

    [Fact]
    public void A_sentence_that_names_a_law_has_no_tone_to_clash_with_a_critical_one_where_calling_it_lawful_does()
    {
        // "law" shares its stem with "lawful" and carries no judgement of its own.
        var neutral = Compare(LawPassed, LawFeared, 0.5, Fixed(0.95, 0.12));
        Assert.Empty(neutral.Clashes);

        var lawful = Compare(LawCalledLawful, LawFeared, 0.5, Fixed(0.95, 0.12));
        var clash = Assert.Single(lawful.Clashes);
        Assert.Contains("opposite tone", clash.Reason, StringComparison.Ordinal);
    }
}
