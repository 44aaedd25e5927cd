namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>
/// How a sentence's framing reads its clauses and voices (Lexicon.cs: <see cref="Framing"/>, Voice): a negation counts
/// as the sentence's own claim negated only in its main clause, and speech it reports ("X said ...", quotations,
/// "according to X") is set apart from its own voice, with who speaks. The stance model's features (negation within
/// three words, wherever it sits) stay as they were.
/// </summary>
public sealed class VoiceTests
{
    [Theory]
    [InlineData("The ferry was taken out of service because it did not pass its yearly inspection.")]
    [InlineData("The council kept the old ferry, which did not pass its yearly inspection.")]
    [InlineData("The council kept the old ferry that did not pass its yearly inspection.")]
    [InlineData("Although the ferry did not pass its yearly inspection, the council kept it.")]
    [InlineData("The council kept the ferry running until its hull did not pass its yearly inspection.")]
    public void A_negation_inside_a_subordinate_relative_or_reason_clause_does_not_negate_the_sentence(string sentence)
    {
        var framing = Framing.Of(sentence);

        Assert.Contains(Stemmer.Stem("pass"), framing.NegatedStems);
        Assert.DoesNotContain(Stemmer.Stem("pass"), framing.MainNegatedStems);
        Assert.False(framing.MainNegated);
    }

    [Theory]
    [InlineData("The old ferry did not pass its yearly inspection.")]
    [InlineData("The old ferry was repaired in March, but it did not pass its yearly inspection.")]
    [InlineData("After a long debate, the ferry did not pass its yearly inspection.")]
    [InlineData("The inspectors found that the ferry did not pass its yearly inspection.")]
    public void A_negation_of_the_main_clause_negates_the_sentence(string sentence)
    {
        var framing = Framing.Of(sentence);

        Assert.Contains(Stemmer.Stem("pass"), framing.MainNegatedStems);
        Assert.True(framing.MainNegated);
    }

    [Fact]
    public void Without_negates_a_circumstance_and_rather_than_still_denies_the_contrasted_words()
    {
        var without = Framing.Of("The council approved the harbour bridge without a public vote.");
        Assert.True(without.Negated);
        Assert.False(without.MainNegated);

        var rather = Framing.Of("Tenant groups said the tower will raise rents rather than ease them.");
        Assert.Contains(Stemmer.Stem("ease"), rather.MainNegatedStems);
    }

    [Theory]
    [InlineData("Mayor Ana Ruiz said the harbour bridge was dangerous and a failure.")]
    [InlineData("The harbour bridge is dangerous and a failure, Mayor Ana Ruiz said on Tuesday.")]
    [InlineData("\u201CThe harbour bridge is dangerous and a failure,\u201D Ana Ruiz told reporters.")]
    [InlineData("According to Ana Ruiz, the harbour bridge is dangerous and a failure.")]
    [InlineData("The harbour bridge is dangerous and a failure, according to Ana Ruiz.")]
    public void Reported_speech_is_the_speakers_and_the_sentences_own_voice_is_what_is_left(string sentence)
    {
        var framing = Framing.Of(sentence);

        Assert.Contains(Stemmer.Stem("ruiz"), framing.Speakers);
        Assert.DoesNotContain(Stemmer.Stem("mayor"), framing.Speakers);
        Assert.True(framing.Polarity < 0);
        var own = Assert.IsType<Framing>(framing.OwnVoice);
        Assert.Equal(0, own.Evaluative);
    }

    [Theory]
    [InlineData("Residents praised the harbour bridge as it opened to traffic.")]
    [InlineData("Weekly jobless claims fell to 200,000, the lowest level this year.")]
    [InlineData("U.S. employers added 194,000 jobs in September.")]
    public void A_sentence_that_reports_no_speech_is_all_its_own_voice(string sentence)
    {
        var framing = Framing.Of(sentence);

        Assert.Null(framing.OwnVoice);
        Assert.Empty(framing.Speakers);
    }

    [Fact]
    public void The_stance_models_negation_features_are_those_read_before_the_clause_scope()
    {
        // The model reads NegatedStems and Negated: a negator governs the three words after it, in any clause.
        var framing = Framing.Of("The council kept the old ferry, which did not pass its yearly inspection.");

        Assert.True(framing.Negated);
        Assert.Equal(new[] { "its", "pass", "yearly" }.Select(Stemmer.Stem).Order(StringComparer.Ordinal), framing.NegatedStems.Order(StringComparer.Ordinal));
    }
}
