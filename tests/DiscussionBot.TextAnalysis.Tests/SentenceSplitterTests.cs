namespace DiscussionBot.TextAnalysis.Tests;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("Mr. Smith went to Washington. He arrived on Jan. 5 at noon.", 2)]
    [InlineData("Dr. Jones met Prof. Lee in St. Louis. They talked.", 2)]
    [InlineData("The U.S. economy grew 3.5% last year. Analysts were surprised.", 2)]
    [InlineData("He moved to the U.S. The next year he found work.", 2)]
    [InlineData("Fruit, e.g. apples and pears, is healthy. So is fish.", 2)]
    [InlineData("J. K. Rowling wrote the books. They sold well.", 2)]
    [InlineData("Visit https://example.com/a.b?c=1 for details. Then reply.", 2)]
    [InlineData("\"Stop.\" She said it twice. \"Please stop!\" Nobody listened.", 4)]
    [InlineData("He paused... and then spoke. Everyone listened.", 2)]
    [InlineData("Wait... What happened? Nobody knows!", 3)]
    [InlineData("Acme Inc. said profits rose. The Inc. filing came later.", 2)]
    [InlineData("Prices rose 2.5 per cent in Sept. and fell in Oct. last year.", 1)]
    [InlineData("(The vote was close.) Officials recounted.", 2)]
    public void Splits_hard_cases_at_real_boundaries_only(string text, int expected)
    {
        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(expected, sentences.Count);
    }

    [Fact]
    public void Bullet_lines_and_blank_lines_are_boundaries()
    {
        var text = "Key points\n- Prices rose\n- Wages fell\n\nA new paragraph starts here";

        var sentences = SentenceSplitter.Split(text).Select(s => s.Text).ToArray();

        Assert.Equal(["Key points", "- Prices rose", "- Wages fell", "A new paragraph starts here"], sentences);
    }

    [Fact]
    public void Hard_wrapped_prose_is_joined_across_the_line_break()
    {
        var text = "The committee met on Tuesday to discuss the budget and\nagreed to postpone the decision. It will meet again.";

        Assert.Equal(2, SentenceSplitter.Split(text).Count);
    }

    [Fact]
    public void Sentences_carry_their_offsets_and_indices()
    {
        var text = "First one. Second one!  Third one?";

        var sentences = SentenceSplitter.Split(text);

        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Text.Length)));
        Assert.Equal([0, 1, 2], sentences.Select(s => s.Index));
    }

    [Fact]
    public void Text_without_punctuation_is_cut_into_pieces_of_bounded_length()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 1000));

        var sentences = SentenceSplitter.Split(text);

        Assert.True(sentences.Count > 5);
        Assert.All(sentences, s => Assert.True(s.Text.Length <= SentenceSplitter.MaxSentenceChars));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("   \n\n  ")]
    public void Empty_input_gives_no_sentences(string? text)
    {
        Assert.Empty(SentenceSplitter.Split(text));
    }
}
