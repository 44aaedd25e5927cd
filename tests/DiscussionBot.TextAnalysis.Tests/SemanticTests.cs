using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis.Tests;

public sealed class SemanticTests
{
    static readonly WordHashEncoder Encoder = new();

    static SourceText WithVectors(SourceText s) => s with { Vectors = Encoder.VectorsOf(s) };

    [Fact]
    public void Quantized_vectors_keep_their_cosine_to_a_hundredth()
    {
        var vectors = Encoder.Encode(["The council opened the bridge on Saturday.", "The bridge opened on Saturday after two years."]);
        var exact = VectorMath.Dot(vectors[0], vectors[1]);
        var (qa, sa) = VectorMath.Quantize(vectors[0]);
        var (qb, sb) = VectorMath.Quantize(vectors[1]);
        var back = VectorMath.Dot(VectorMath.Dequantize(qa, sa), VectorMath.Dequantize(qb, sb));
        Assert.InRange(back - exact, -0.01, 0.01);
        Assert.InRange(VectorMath.Dot(VectorMath.Dequantize(qa, sa), VectorMath.Dequantize(qa, sa)), 0.999, 1.001);
    }

    [Fact]
    public void Auc_is_one_for_a_perfect_ranking_a_half_for_ties_and_zero_when_reversed()
    {
        Assert.Equal(1.0, StanceMetrics.Auc([(0.9, true), (0.8, true), (0.2, false), (0.1, false)]));
        Assert.Equal(0.5, StanceMetrics.Auc([(0.5, true), (0.5, false)]));
        Assert.Equal(0.0, StanceMetrics.Auc([(0.1, true), (0.9, false)]));
        Assert.True(double.IsNaN(StanceMetrics.Auc([(0.1, true)])));
    }

    [Fact]
    public void Average_precision_is_the_mean_precision_at_each_positive()
    {
        // Ranked: +, -, +: precision 1 at the first positive, 2/3 at the second.
        Assert.Equal((1 + 2.0 / 3) / 2, StanceMetrics.AveragePrecision([(0.9, true), (0.8, false), (0.7, true)]), 9);
    }

    [Fact]
    public void Key_point_map_reads_the_top_half_of_each_topic_and_stance_and_counts_unlabelled_pairs_both_ways()
    {
        var predictions = new List<StanceMetrics.KeyPointPrediction>
        {
            new("t", 1, 0.9, true), new("t", 1, 0.8, null), new("t", 1, 0.1, false), new("t", 1, 0.05, false),
        };
        var (strict, relaxed) = StanceMetrics.KeyPointMap(predictions);
        Assert.Equal(1.0, strict, 9); // top half: 0.9 (right), 0.8 (unlabelled = wrong): AP 1
        Assert.Equal(1.0, relaxed, 9);
        var (strict2, _) = StanceMetrics.KeyPointMap([new("t", 1, 0.9, null), new("t", 1, 0.8, true), new("t", 1, 0.1, false), new("t", 1, 0.0, false)]);
        Assert.Equal(0.5, strict2, 9);
    }

    [Fact]
    public void The_encoding_plan_starts_with_the_title_and_stays_within_its_cap()
    {
        var text = string.Join(" ", Enumerable.Range(1, 200).Select(i => $"Sentence number {i} tells the council about bridge repairs in district {i}."));
        var plan = ViewpointAnalyzer.EncodingPlan("The bridge story", text, 48);
        Assert.Equal("The bridge story", plan[0]);
        Assert.Equal(48, plan.Count);
        Assert.Empty(ViewpointAnalyzer.EncodingPlan(null, ""));
        Assert.Single(ViewpointAnalyzer.EncodingPlan(null, "Uniforms reduce bullying"));
    }

    [Fact]
    public void A_word_a_negator_governs_is_its_own_evaluation_feature()
    {
        var words = EvaluationHead.Words("Uniforms do not help students learn", Framing.Of("Uniforms do not help students learn"));
        Assert.Contains("not_help", words);
        Assert.DoesNotContain("help", words);
        Assert.Contains(Stemmer.Stem("uniforms"), words);
    }

    [Fact]
    public void The_evaluation_logit_adds_word_vector_and_polarity_weights_and_reads_words_alone_without_a_vector()
    {
        var head = new EvaluationHead(["help", "not_help"], [1.5, -2.0], [0.5, -0.5], 0.0, 0.25);
        const string helps = "Uniforms help";
        const string doesNot = "Uniforms do not help";
        Assert.Equal(0.25 + 1.5 + 0.5 * 0.6 - 0.5 * 0.8, head.Z(helps, Framing.Of(helps), [0.6f, 0.8f]), 5);
        Assert.Equal(0.25 - 2.0, head.Z(doesNot, Framing.Of(doesNot), null), 5);
        // A vector of another size (another encoder) is not read.
        Assert.Equal(0.25 + 1.5, head.Z(helps, Framing.Of(helps), [1f, 0f, 0f]), 5);
    }

    [Fact]
    public void The_shipped_model_carries_an_evaluation_head_that_stays_small_and_sides_with_what_its_words_say()
    {
        var model = StanceModel.Default;
        Assert.NotNull(model?.Evaluation);
        var head = model.Evaluation;
        Assert.Equal(head.Vocabulary.Length, head.WordWeights.Length);
        Assert.Equal(384, head.VectorWeights.Length);
        Assert.InRange(head.Vocabulary.Length, 100, 5000);
        using var stream = typeof(StanceModel).Assembly.GetManifestResourceStream(StanceModel.ResourceName);
        Assert.InRange(stream!.Length, 1, 200 * 1024);
        // Learnt, not written: the general lexicon's polarity weighs toward "for", and a benefit said and unsaid part ways.
        Assert.True(head.PolarityWeight > 0);
        const string benefits = "It benefits society and helps people.";
        const string harms = "It does not benefit society and harms people.";
        Assert.True(head.Z(benefits, Framing.Of(benefits), null) > head.Z(harms, Framing.Of(harms), null));
    }

    [Fact]
    public void The_shipped_stance_model_loads_and_scores_pairs_as_probabilities()
    {
        var model = StanceModel.Default;
        Assert.NotNull(model);
        Assert.InRange(model.ClashThreshold, 0.01, 0.99);
        var scorer = new PairScorer(model);
        var a = "Residents said the project was a costly failure that ran far over its budget.";
        var b = "The council insisted the project finished within its budget.";
        var score = scorer.Score(a, b, Encoder.VectorsOf(new("a", null, "a", null, a)), Encoder.VectorsOf(new("b", null, "b", null, b)));
        Assert.True(score.Semantic);
        Assert.InRange(score.Same, 0, 1);
        Assert.InRange(score.Opposed, 0, 1);
        var lexical = scorer.Score(a, b);
        Assert.False(lexical.Semantic);
    }

    [Theory]
    [InlineData("")]
    [InlineData("One sentence only.")]
    [InlineData("Президент посетил Турцию. Визит был важным для обеих стран, сказали в Анкаре.")]
    public void Pair_scores_of_bad_input_are_sane(string text)
    {
        var scorer = new PairScorer(StanceModel.Default!);
        var other = "The president visited Turkey this week and signed a defence deal.";
        var score = scorer.Score(text, other, Encoder.VectorsOf(new("a", null, "a", null, text)), Encoder.VectorsOf(new("b", null, "b", null, other)));
        Assert.InRange(score.Same, 0, 1);
        Assert.InRange(score.Opposed, 0, 1);
        if (text.Length == 0)
        {
            Assert.Equal(0, score.Same);
        }
    }

    [Fact]
    public void Ten_megabytes_of_text_score_without_error_in_bounded_time()
    {
        var huge = string.Concat(Enumerable.Repeat("The council opened the bridge after two years of work and many delays. ", 150_000));
        Assert.True(huge.Length > 10_000_000);
        var vectors = Encoder.VectorsOf(new("a", null, "a", null, huge));
        Assert.InRange(vectors.Count, 1, 64);
        var score = new PairScorer(StanceModel.Default!).Score(huge, "The bridge opened after two years.", vectors, null);
        Assert.InRange(score.Same, 0, 1);
    }

    [Fact]
    public void Viewpoints_compare_by_meaning_only_when_every_source_has_its_vectors()
    {
        var analyzer = new ViewpointAnalyzer();
        var lexical = analyzer.Analyze([Fixtures.HarbourGazette, Fixtures.RiversideVoice, Fixtures.TownCrier]);
        Assert.False(lexical.ByMeaning);
        Assert.Empty(lexical.Points);
        var partly = analyzer.Analyze([WithVectors(Fixtures.HarbourGazette), Fixtures.RiversideVoice]);
        Assert.False(partly.ByMeaning);

        var semantic = analyzer.Analyze([WithVectors(Fixtures.HarbourGazette), WithVectors(Fixtures.RiversideVoice), WithVectors(Fixtures.TownCrier)]);
        Assert.True(semantic.ByMeaning);
        Assert.NotEmpty(semantic.Points);
        // Every point names sentences of different sources; a shared point's sources all assert it.
        foreach (var point in semantic.Points)
        {
            var sources = new[] { point.Origin }.Concat(point.Asserting).Concat(point.Disputing).Select(s => s.SourceName).ToList();
            Assert.Equal(sources.Count, sources.Distinct().Count());
            Assert.True(sources.Count >= 2);
        }
        foreach (var shared in semantic.Shared)
        {
            Assert.True(shared.Sources.Count >= 2);
        }
        foreach (var clash in semantic.Clashes)
        {
            Assert.NotEqual(clash.First.SourceName, clash.Second.SourceName);
            Assert.StartsWith("same point (p ", clash.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Claims_by_meaning_are_points_with_every_sources_stance()
    {
        var report = new ViewpointAnalyzer().Analyze([WithVectors(Fixtures.HarbourGazette), WithVectors(Fixtures.RiversideVoice), WithVectors(Fixtures.TownCrier)]);
        var claims = new ClaimExtractor().Extract(report);
        Assert.NotEmpty(claims);
        foreach (var claim in claims)
        {
            Assert.Equal(3, claim.Stances.Count);
            Assert.Equal(ClaimStance.Asserts, claim.Stances[claim.OriginSource]);
            // Each source that takes a side is quoted with its own sentence.
            foreach (var (source, stance) in claim.Stances.Where(kv => kv.Value != ClaimStance.Silent))
            {
                Assert.True(claim.Sentences.ContainsKey(source), $"{source} {stance} without its sentence");
            }
            Assert.True(claim.Stances.Values.Count(v => v != ClaimStance.Silent) >= 2);
        }
    }

    [Fact]
    public void Stories_use_the_meaning_vector_when_both_articles_have_one()
    {
        var a = new StoryInput("a", "Storm floods the valley", "Heavy rain flooded homes in the valley overnight. Rescue crews reached the village by boat.");
        var b = new StoryInput("b", "Valley villagers rescued by boat", "Crews used boats to reach villagers after the overnight downpour. Water filled dozens of houses.");
        var meaning = VectorMath.StoryMeaning(Encoder.Encode(["same event vector"]));
        Assert.NotNull(meaning);
        var withMeaning = StoryClusterer.Cluster([a with { Meaning = meaning }, b with { Meaning = meaning }]);
        Assert.Equal(withMeaning["a"], withMeaning["b"]);
        Assert.Null(VectorMath.StoryMeaning([]));
    }
}
