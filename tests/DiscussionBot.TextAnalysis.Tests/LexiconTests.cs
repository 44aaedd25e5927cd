namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>
/// How the general lexicon's evaluative and axis words are matched: an entry reaches its own word and that word's
/// regular inflections, never another word that merely shares its stem ("law" and "lawful", "effect" and
/// "effective", "wondering" and "wonderful", "working" and "works").
/// </summary>
public sealed class LexiconTests
{
    [Fact]
    public void The_law_was_passed_carries_no_tone()
    {
        var framing = Framing.Of("The law was passed.");

        Assert.Equal(0, framing.Evaluative);
        Assert.Equal(0, framing.Polarity);
        Assert.Empty(framing.AxisSigns);
    }

    [Fact]
    public void A_lawful_order_carries_a_positive_tone_and_stands_on_the_legal_side()
    {
        var framing = Framing.Of("The court called it a lawful order.");

        Assert.Equal(1, framing.Evaluative);
        Assert.True(framing.Polarity > 0);
        Assert.Equal(1, framing.AxisSigns["legality"]);
    }

    [Fact]
    public void Words_that_share_only_a_stem_with_an_evaluative_word_carry_no_tone()
    {
        foreach (var sentence in new[]
                 {
                     "The new rules take effect in March.",
                     "Neighbours were wondering about the reason for the delay.",
                     "Several workers are working on the position of the new signs.",
                     "Celebrity supporters of the club met in the square.",
                 })
        {
            var framing = Framing.Of(sentence);
            Assert.True(framing.Evaluative == 0, $"{sentence}: {string.Join(' ', framing.EvaluativeStems)}");
            Assert.Empty(framing.AxisSigns);
        }
    }

    [Fact]
    public void An_evaluative_word_keeps_its_tone_and_axis_in_its_inflections()
    {
        Assert.True(Framing.Of("The guards acted lawfully and reasonably.").Polarity > 0);
        Assert.True(Framing.Of("Attacks on the road worried the drivers.").Polarity < 0);
        Assert.Equal(2, Framing.Of("Attacks on the road worried the drivers.").Evaluative);
        Assert.Equal(1, Framing.Of("The new timetable worked.").AxisSigns["success"]);
        Assert.Equal(-1, Framing.Of("Ticket sales dropped in the spring.").AxisSigns["amount"]);
        Assert.Equal(-1, Framing.Of("A militant group claimed the blast.").AxisSigns["legitimacy"]);
    }

    [Fact]
    public void Tone_reads_the_lexicon_words_and_their_inflections_only()
    {
        Assert.Equal(1, Lexicon.Tone("lawful"));
        Assert.Equal(1, Lexicon.Tone("lawfully"));
        Assert.Equal(1, Lexicon.Tone("effectively"));
        Assert.Equal(1, Lexicon.Tone("wonderful"));
        Assert.Equal(-1, Lexicon.Tone("worries"));
        Assert.Equal(-1, Lexicon.Tone("banned"));
        Assert.Equal(0, Lexicon.Tone("law"));
        Assert.Equal(0, Lexicon.Tone("effect"));
        Assert.Equal(0, Lexicon.Tone("reason"));
        Assert.Equal(0, Lexicon.Tone("wondering"));
        Assert.Equal(0, Lexicon.Tone("several"));
        Assert.Equal(0, Lexicon.Tone("respectively"));
    }

    [Fact]
    public void The_forms_of_a_word_are_its_regular_inflections()
    {
        Assert.All(new[] { "drop", "drops", "dropped", "dropping" }, f => Assert.Contains(f, Lexicon.Forms("drop")));
        Assert.All(new[] { "worry", "worries", "worried", "worrying" }, f => Assert.Contains(f, Lexicon.Forms("worry")));
        Assert.All(new[] { "clash", "clashes", "clashed", "clashing" }, f => Assert.Contains(f, Lexicon.Forms("clash")));
        Assert.Contains("reasonably", Lexicon.Forms("reasonable"));
        Assert.Contains("rising", Lexicon.Forms("rise"));
        Assert.Contains("lying", Lexicon.Forms("lie"));
        Assert.DoesNotContain("crises", Lexicon.Forms("crisis")); // irregular forms are not generated
        Assert.Contains("tragically", Lexicon.Forms("tragic"));
        Assert.DoesNotContain("lawful", Lexicon.Forms("law"));
        Assert.DoesNotContain("supporter", Lexicon.Forms("support"));
    }
}
