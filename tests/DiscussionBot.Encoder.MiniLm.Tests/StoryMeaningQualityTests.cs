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

    [Fact]
    public void An_opinion_take_worded_its_own_way_joins_the_news_takes_of_its_story()
    {
        // Hand-written: two news takes of one decision and a column arguing against it in its own words, among two
        // other events told twice.
        StoryInput[] articles =
        [
            new("library-1", "City council votes to close the Elm Street library", "The city council voted 6-3 on Wednesday to close the Elm Street branch library at the end of the year, citing a budget shortfall of $2 million."),
            new("library-2", "Elm Street branch library to shut after council vote", "Councillors decided on Wednesday that the Elm Street library will close in December; the city says it cannot cover a $2 million gap."),
            new("library-3", "Shutting a reading room is a false economy", "Locking the doors of a neighbourhood library saves pennies and costs a generation of readers. Find the money elsewhere."),
            new("plant-1", "Volunteers plant thousands of oak saplings", "Hundreds of volunteers planted oak saplings along the northern hillside on Sunday, the parks department said."),
            new("plant-2", "Reforestation drive draws a big crowd", "A large crowd turned out to reforest the slopes above town at the weekend, putting young trees into the ground."),
            new("fire-1", "Warehouse fire closes the harbour road", "A fire in a harbour warehouse sent smoke across the bay and closed the harbour road for hours on Monday."),
            new("fire-2", "Harbour blaze: road shut as firefighters battle warehouse fire", "Firefighters fought a warehouse blaze at the harbour on Monday; the road along the harbour was shut."),
        ];
        var withMeaning = articles.Select(WithVectors).ToList();

        var result = StoryClusterer.Cluster(withMeaning);
        var clusterer = new StoryClusterer();
        foreach (var a in withMeaning)
        {
            clusterer.Add(a);
        }
        clusterer.Refresh();

        foreach (var r in new[] { result, clusterer.Assignments })
        {
            Assert.True(r["library-3"] == r["library-1"] && r["library-1"] == r["library-2"], Shown(r));
            Assert.Equal(3, r.Values.Distinct().Count());
        }
        // By wording alone the column stays apart.
        var byWording = StoryClusterer.Cluster(articles);
        Assert.NotEqual(byWording["library-1"], byWording["library-3"]);
    }

    [Fact]
    public void On_real_stories_the_takes_the_lone_attachment_pass_places_mostly_join_their_own_story()
    {
        var (articles, gold) = DiscussionBot.Testing.AllSidesStories.Val(150);
        var withMeaning = articles.Select(WithVectors).ToList();

        var with = StoryClusterer.Cluster(withMeaning);
        var without = StoryClusterer.Cluster(withMeaning, new StoryClustererOptions { AttachThreshold = 0 });

        // The takes alone without the pass that it placed into a story of others.
        var placed = withMeaning.Select(a => a.Id).Where(id => without.Count(kv => kv.Value == without[id]) == 1 && with.Count(kv => kv.Value == with[id]) > 1).ToList();
        var right = placed.Count(id => with.Any(kv => kv.Key != id && kv.Value == with[id] && gold[kv.Key] == gold[id]));
        // When written: 7 placed, 5 of them beside their own story; F1 0.919 with the pass, 0.915 without.
        Assert.True(placed.Count >= 3, $"the pass placed {placed.Count} takes");
        Assert.True(right >= placed.Count / 2.0, $"{right} of {placed.Count} placed beside a take of their own story");
        Assert.True(Evaluation.Pairwise(with, gold).F1 >= Evaluation.Pairwise(without, gold).F1 - 0.002,
            $"F1 with the pass {Evaluation.Pairwise(with, gold).F1:F3}, without {Evaluation.Pairwise(without, gold).F1:F3}");
    }

    [Fact]
    public void Takes_of_two_events_a_day_apart_on_one_topic_stay_two_stories_because_they_name_their_days()
    {
        // Hand-written: a hearing on a stadium plan on Tuesday and the council's vote on it on Wednesday, two takes each,
        // published within hours of each other (no dates here: the day each names is all that tells them apart).
        StoryInput[] articles =
        [
            new("hearing-1", "Residents pack council hearing on riverside stadium plan", "Hundreds of residents packed a city council hearing on Tuesday over the proposed riverside stadium, most of them speaking against its $400 million price. Council members listened for six hours. A vote is expected later this week."),
            new("hearing-2", "Stadium plan draws angry crowd at council hearing", "Opponents of the riverside stadium filled the council chamber on Tuesday, telling councillors the $400 million project would drain the city budget. Supporters said it would bring jobs."),
            new("vote-1", "Council approves riverside stadium plan", "The city council approved the $400 million riverside stadium plan on Wednesday by seven votes to two, after residents spoke against it at length. Construction could start next spring."),
            new("vote-2", "Riverside stadium plan wins council backing", "Councillors voted 7-2 on Wednesday to back the riverside stadium plan, clearing the way for the $400 million project despite opposition from residents."),
        ];
        var withMeaning = articles.Select(WithVectors).ToList();

        var result = StoryClusterer.Cluster(withMeaning);

        Assert.Equal(result["hearing-1"], result["hearing-2"]);
        Assert.Equal(result["vote-1"], result["vote-2"]);
        Assert.NotEqual(result["hearing-1"], result["vote-1"]);
        // The same takes with features stored before day names were kept (no days): the model cannot tell them apart.
        var options = new StoryClustererOptions();
        var undated = StoryClusterer.Cluster(withMeaning.Select(a => a with { Terms = StoryTerms.Of(a, options) with { Days = null } }));
        Assert.Single(undated.Values.Distinct());
    }

    static string Shown(IReadOnlyDictionary<string, string> r) => string.Join(" ", r.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{kv.Value}"));

    StoryInput WithVectors(StoryInput a)
    {
        var plan = model.Encoder.Encode(ViewpointAnalyzer.EncodingPlan(a.Title, a.Text, VectorMath.StoryLead));
        return a with { Meaning = VectorMath.StoryMeaning(plan), Sentences = StorySentences.From(a.Title, plan) };
    }
}
