using System.Text;
using System.Text.Json;

namespace DiscussionBot.TextAnalysis.Tests;

public sealed class SummarizerTests
{
    static readonly Summarizer Summarizer = new();

    static string Article => string.Join("\n", Fixtures.HarbourGazette.Text, Fixtures.RiversideVoice.Text, Fixtures.TownCrier.Text);

    [Fact]
    public void Summary_is_a_subset_of_the_article_sentences_in_order()
    {
        var sentences = SentenceSplitter.Split(Article);

        var summary = Summarizer.Summarize(Article, SummaryLength.Sentences(3));

        Assert.Equal(3, summary.Sentences.Count);
        Assert.Equal(summary.Indices.Order(), summary.Indices);
        Assert.All(summary.Sentences, s => Assert.Equal(sentences[s.Index], s));
        Assert.All(summary.Sentences, s => Assert.Contains(s.Text, Article));
        Assert.Null(summary.Note);
        Assert.Equal("en", summary.Language.Code);
    }

    [Fact]
    public void Ratio_picks_a_share_of_the_sentences()
    {
        var total = SentenceSplitter.Split(Article).Count;

        var summary = Summarizer.Summarize(Article, SummaryLength.Ratio(0.4));

        Assert.Equal((int)Math.Round(0.4 * total, MidpointRounding.AwayFromZero), summary.Sentences.Count);
    }

    [Fact]
    public void Short_and_long_presets_differ_in_length()
    {
        Assert.True(Summarizer.Summarize(Article, SummaryLength.Long).Sentences.Count > Summarizer.Summarize(Article, SummaryLength.Short).Sentences.Count);
    }

    [Fact]
    public void Title_words_raise_the_score_of_matching_sentences()
    {
        var sentences = SentenceSplitter.Split(Article);
        var target = sentences.First(s => s.Text.Contains("auditors", StringComparison.Ordinal)).Index;

        var without = Summarizer.Score(sentences, null, stem: true, wanted: 4, out _);
        var with = Summarizer.Score(sentences, "Auditors claim the council hid overspending", stem: true, wanted: 4, out _);

        Assert.True(with[target] > without[target]);
    }

    [Fact]
    public void Near_duplicate_sentences_are_not_both_chosen()
    {
        var text = "The central bank raised interest rates by half a point on Thursday. The central bank raised interest rates by half a point on Thursday, officials said. "
            + "Markets fell sharply after the announcement. Economists had expected a smaller rise. Mortgage holders face higher payments.";

        var summary = Summarizer.Summarize(text, SummaryLength.Sentences(2));

        Assert.False(summary.Sentences.Count(s => s.Text.StartsWith("The central bank", StringComparison.Ordinal)) == 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Empty_text_gives_an_empty_summary_with_a_note(string? text)
    {
        var summary = Summarizer.Summarize(text, SummaryLength.Short);

        Assert.Empty(summary.Sentences);
        Assert.NotNull(summary.Note);
    }

    [Fact]
    public void One_sentence_comes_back_whole()
    {
        var summary = Summarizer.Summarize("Only one sentence here.", SummaryLength.Short);

        Assert.Equal("Only one sentence here.", Assert.Single(summary.Sentences).Text);
    }

    [Fact]
    public void Ten_megabytes_are_summarized_quickly_with_a_note()
    {
        var sb = new StringBuilder();
        while (sb.Length < 10_000_000)
        {
            sb.Append(Article).Append('\n');
        }

        var summary = Summarizer.Summarize(sb.ToString(), SummaryLength.Ratio(0.1));

        Assert.NotEmpty(summary.Sentences);
        Assert.Contains("long", summary.Note);
    }

    [Fact]
    public void Text_without_punctuation_still_gives_pieces()
    {
        var text = string.Join(" ", Enumerable.Range(0, 600).Select(i => i % 7 == 0 ? "bridge" : "river" + (i % 13)));

        var summary = Summarizer.Summarize(text, SummaryLength.Sentences(2));

        Assert.Equal(2, summary.Sentences.Count);
    }

    [Fact]
    public void Binary_junk_does_not_throw()
    {
        var bytes = new byte[50_000];
        new Random(42).NextBytes(bytes);
        var junk = Encoding.Latin1.GetString(bytes);

        var summary = Summarizer.Summarize(junk, SummaryLength.Short);

        Assert.NotNull(summary);
    }

    [Fact]
    public void Non_english_text_gets_a_rough_summary_note()
    {
        var text = "Die Regierung hat am Dienstag neue Steuern angekündigt. Die Opposition kritisierte den Plan scharf. "
            + "Viele Bürger sind mit der Entscheidung nicht zufrieden. Die Abstimmung im Parlament ist für nächste Woche geplant.";

        var summary = Summarizer.Summarize(text, SummaryLength.Sentences(2));

        Assert.Equal("de", summary.Language.Code);
        Assert.Contains("rough", summary.Note);
        Assert.Equal(2, summary.Sentences.Count);
    }

    [Fact]
    public void One_summarizer_serves_many_threads()
    {
        var expected = Summarizer.Summarize(Article, SummaryLength.Short).Indices;

        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => Summarizer.Summarize(Article, SummaryLength.Short).Indices).ToArray();

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void On_a_sample_of_bbc_articles_it_beats_the_lead_at_forty_percent()
    {
        // A small sample keeps the test fast; the whole dev set is for `discussionbot eval`.
        var rows = File.ReadLines(Path.Combine(Fixtures.Corpora, "bbc-summary-dev.jsonl")).Take(40).Select(line =>
        {
            var e = JsonDocument.Parse(line).RootElement;
            return new SummaryRow(e.GetProperty("id").GetString()!, e.GetProperty("title").GetString(), e.GetProperty("text").GetString()!,
                e.GetProperty("reference").EnumerateArray().Select(r => r.GetString()!).ToArray());
        }).ToList();

        var result = Evaluation.CompareWithLead(rows, Summarizer, SummaryLength.Ratio(0.4));

        Assert.True(result.Ours.Rouge1 > result.Lead.Rouge1, $"ours {result.Ours.Rouge1:F3} vs lead {result.Lead.Rouge1:F3}");
    }
}
