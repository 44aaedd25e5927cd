namespace DiscussionBot.TextAnalysis.Tests;

public sealed class TextBasicsTests
{
    [Fact]
    public void Tokens_are_lower_cased_words_with_possessives_dropped()
    {
        var tokens = Tokenizer.Tokenize("Moscow's plans don't change: U.S.-led talks, 2024!");

        Assert.Equal(["moscow", "plans", "don't", "change", "u", "s", "led", "talks", "2024"], tokens);
    }

    [Fact]
    public void Tokens_keep_their_original_text_and_offsets()
    {
        var tokens = Tokenizer.Tokens("Hello, World");

        Assert.Equal(new Token("World", "world", 7), tokens[1]);
        Assert.True(tokens[1].IsCapitalized);
    }

    [Fact]
    public void Stopwords_cover_function_words_only()
    {
        Assert.True(Stopwords.IsStopword("the"));
        Assert.True(Stopwords.IsStopword("would"));
        Assert.False(Stopwords.IsStopword("election"));
    }

    [Theory]
    // From the Snowball English (Porter2) sample vocabulary and output.
    [InlineData("consign", "consign")]
    [InlineData("consigned", "consign")]
    [InlineData("consigning", "consign")]
    [InlineData("consignment", "consign")]
    [InlineData("generously", "generous")]
    [InlineData("knightly", "knight")]
    [InlineData("running", "run")]
    [InlineData("happily", "happili")]
    [InlineData("dying", "die")]
    [InlineData("news", "news")]
    public void Stemmer_follows_porter2(string word, string stem)
    {
        Assert.Equal(stem, Stemmer.Stem(word));
    }

    [Fact]
    public void Stemmer_is_safe_to_use_from_many_threads()
    {
        var words = new[] { "consigned", "generously", "running", "elections", "uprisings" };
        var expected = words.Select(Stemmer.Stem).ToArray();

        var results = Enumerable.Range(0, 2000).AsParallel().Select(i => Stemmer.Stem(words[i % words.Length]) == expected[i % words.Length]).ToArray();

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Names_are_capitalized_runs_but_not_sentence_initial_words()
    {
        var names = Entities.Extract("Tensions rose in the Bank of England. Officials met Jane Doe in New York.");

        Assert.Equal(["bank of england", "jane doe", "new york"], names);
    }
}
