using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Encoder.MiniLm.Tests;

/// <summary>Story clustering with the real model's title and lead vectors, on real AllSides stories read at test time.</summary>
public sealed class StoryMeaningQualityTests(MiniLmEncoderTests.Model model) : IClassFixture<MiniLmEncoderTests.Model>
{
    [Fact]
    public void A_slice_of_real_stories_clusters_better_by_meaning_than_the_model_before_meaning_candidates_and_sentence_features()
    {
        var (articles, gold) = DiscussionBot.Testing.AllSidesStories.Val(100);
        var withMeaning = articles.Select(WithVectors).ToList();

        var (batch, incremental) = Evaluation.BatchAndIncremental(withMeaning, gold);

        // On these 100 stories the model before (wording candidates only, the mean vector's cosine alone) scored
        // batch 0.896 and incremental 0.893 with the same vectors; this one 0.916 and 0.904 when written.
        Assert.True(batch.F1 >= 0.905, $"batch P {batch.Precision:F3} R {batch.Recall:F3} F1 {batch.F1:F3}");
        Assert.True(incremental.F1 >= 0.897, $"incremental P {incremental.Precision:F3} R {incremental.Recall:F3} F1 {incremental.F1:F3}");
    }

    [Fact]
    public void A_paraphrased_take_that_shares_almost_no_words_joins_its_story()
    {
        // Hand-written: two takes of one event worded apart, among two other events.
        StoryInput[] articles =
        [
            new("plant-1", "Volunteers plant thousands of oak saplings", "Hundreds of volunteers planted oak saplings along the northern hillside on Sunday, the parks department said."),
            new("plant-2", "Reforestation drive draws a big crowd", "A large crowd turned out to reforest the slopes above town at the weekend, putting young trees into the ground."),
            new("vote-1", "Council approves new budget after long debate", "The city council approved next year's budget late on Tuesday after a five-hour debate over school funding."),
            new("vote-2", "Budget passes council despite school funding row", "Councillors passed the budget on Tuesday night; critics said the school funding it sets is too low."),
            new("fire-1", "Warehouse fire closes the harbour road", "A fire in a harbour warehouse sent smoke across the bay and closed the harbour road for hours on Monday."),
            new("fire-2", "Harbour blaze: road shut as firefighters battle warehouse fire", "Firefighters fought a warehouse blaze at the harbour on Monday; the road along the harbour was shut."),
        ];
        var withMeaning = articles.Select(WithVectors).ToList();

        var result = StoryClusterer.Cluster(withMeaning);

        Assert.Equal(result["plant-1"], result["plant-2"]);
        Assert.Equal(result["vote-1"], result["vote-2"]);
        Assert.Equal(result["fire-1"], result["fire-2"]);
        Assert.Equal(3, result.Values.Distinct().Count());
        // By wording alone the paraphrase is not found.
        var byWording = StoryClusterer.Cluster(articles);
        Assert.NotEqual(byWording["plant-1"], byWording["plant-2"]);
    }

    StoryInput WithVectors(StoryInput a)
    {
        var plan = model.Encoder.Encode(ViewpointAnalyzer.EncodingPlan(a.Title, a.Text, VectorMath.StoryLead));
        return a with { Meaning = VectorMath.StoryMeaning(plan), Sentences = StorySentences.From(a.Title, plan) };
    }
}
