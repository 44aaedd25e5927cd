using DiscussionBot.TextAnalysis.Semantics;
using DiscussionBot.Testing;

namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>Stance read inside a discussion (Semantics/Discussion.cs): neighbours by meaning pull a sentence's
/// evaluation, the discussion's mean is taken off, and a lone pair scores as the model alone.</summary>
public sealed class DiscussionTests
{
    static readonly WordHashEncoder Encoder = new();

    static SentenceVectors Vectors(string text) => Encoder.VectorsOf(new SourceText("s", null, "s", null, text));

    /// <summary>A unit vector near a base direction (axis), with a small per-sentence wobble.</summary>
    static float[] Near(int axis, int wobble)
    {
        var v = new float[384];
        v[axis] = 1;
        v[100 + wobble] = 0.2f;
        var norm = (float)Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void Sentences_making_the_same_point_pull_a_doubtful_member_of_their_group_to_their_side()
    {
        // Two points of seven sentences each: the first group speaks for the matter (logit +2), the other against (−2),
        // but one sentence of the first group reads as slightly against on its own (−0.5).
        var meanings = new List<float[]?>();
        var z = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            meanings.Add(Near(0, i));
            z.Add(i == 0 ? -0.5 : 2);
        }
        for (var i = 0; i < 7; i++)
        {
            meanings.Add(Near(1, 7 + i));
            z.Add(-2);
        }
        // Each group shares its words too.
        var words = Enumerable.Range(0, 14).Select(i => (IReadOnlyCollection<string>?)new[] { i < 7 ? "uniform" : "freedom", "school", $"w{i}" }).ToList();
        var smoothed = Discussion.Smooth(meanings, words, z, out var isSmoothed);

        Assert.True(isSmoothed);
        Assert.True(smoothed[0] > 0, $"the doubtful sentence now reads {smoothed[0]:F2}");
        // Centred: the discussion's mean is zero, and each side keeps its sign.
        Assert.InRange(smoothed.Average(), -1e-9, 1e-9);
        Assert.All(smoothed.Take(7), x => Assert.True(x > 0));
        Assert.All(smoothed.Skip(7), x => Assert.True(x < 0));
    }

    [Fact]
    public void One_extreme_text_is_held_within_twice_the_spread_of_its_discussion()
    {
        var meanings = Enumerable.Range(0, 14).Select(i => (float[]?)Near(i % 2, i)).ToList();
        var words = meanings.Select((_, i) => (IReadOnlyCollection<string>?)new[] { $"w{i}" }).ToList();
        var z = meanings.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0).ToList();
        z[0] = 50;
        var smoothed = Discussion.Smooth(meanings, words, z, out _);
        // Unclipped, its own share alone (0.3 × 50) would put it near 14 above the mean.
        Assert.Equal(smoothed.Max(), smoothed[0]);
        Assert.InRange(smoothed[0], 1, 10);
    }

    [Fact]
    public void A_discussion_too_small_to_have_neighbours_keeps_every_logit_and_a_sentence_without_a_vector_keeps_its_own()
    {
        var few = Enumerable.Range(0, Discussion.MinSentences - 1).Select(i => (float[]?)Near(i % 2, i)).ToList();
        var z = few.Select((_, i) => i * 0.5 - 2).ToList();
        Assert.Equal(z, Discussion.Smooth(few, few.Select(_ => (IReadOnlyCollection<string>?)null).ToList(), z, out var smoothed));
        Assert.False(smoothed);

        var many = Enumerable.Range(0, 20).Select(i => (float[]?)Near(i % 2, i)).Append(null).ToList();
        var logits = many.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0).ToList();
        logits[^1] = 3.5;
        Assert.Equal(3.5, Discussion.Smooth(many, [], logits, out _)[^1]);
    }

    [Fact]
    public void A_lone_pair_scores_the_same_with_or_without_its_discussion()
    {
        var model = StanceModel.Default!;
        var scorer = new PairScorer(model);
        const string a = "School uniforms reduce bullying because every child looks the same.";
        const string b = "School uniforms do not stop bullying and they limit how children express themselves.";
        var alone = scorer.Score(a, b, Vectors(a), Vectors(b));
        var discussion = Discussion.Of(model, [(a, Vectors(a)), (b, Vectors(b))]);

        Assert.False(discussion.Smoothed);
        Assert.Equal(2, discussion.Sentences);
        Assert.Equal(alone, scorer.Score(a, b, Vectors(a), Vectors(b), discussion));
        Assert.Equal(alone, scorer.Score(a, b, Vectors(a), Vectors(b), Discussion.None));
    }

    [Fact]
    public void Inside_a_discussion_a_pair_is_re_read_and_an_article_in_it_is_no_member()
    {
        var model = StanceModel.Default!;
        var scorer = new PairScorer(model);
        var arguments = StanceFixtures.UniformArguments;
        var discussion = Discussion.Of(model, arguments.Select(t => (t, (SentenceVectors?)Vectors(t))));
        Assert.True(discussion.Smoothed);
        Assert.Equal(arguments.Length, discussion.Sentences);
        var (a, b) = (arguments[0], arguments[6]);
        var alone = scorer.Score(a, b, Vectors(a), Vectors(b));
        var inside = scorer.Score(a, b, Vectors(a), Vectors(b), discussion);
        Assert.Equal(alone.Same, inside.Same); // the discussion re-reads opposition only
        Assert.NotEqual(alone.Opposed, inside.Opposed);
        Assert.InRange(inside.Opposed, 0, 1);

        // An article (many sentences) is no member: its pairs score as alone.
        var article = string.Join(" ", arguments.Take(5));
        var withArticle = Discussion.Of(model, arguments.Append(article).Select(t => (t, (SentenceVectors?)Vectors(t))));
        Assert.Equal(arguments.Length, withArticle.Sentences);
        Assert.Equal(scorer.Score(article, b, Vectors(article), Vectors(b)), scorer.Score(article, b, Vectors(article), Vectors(b), withArticle));
    }

    [Fact]
    public void A_discussion_whose_one_sentence_texts_are_too_few_of_its_texts_is_not_re_read()
    {
        // Twenty members in two points, and non-members (no meaning: articles) beside them.
        var members = Enumerable.Range(0, 20).Select(i => (float[]?)Near(i % 2, i)).ToList();
        var z = members.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0).ToList();
        double[] With(int articles, out bool smoothed)
        {
            var meanings = members.Concat(Enumerable.Repeat<float[]?>(null, articles)).ToList();
            return Discussion.Smooth(meanings, [], z.Concat(Enumerable.Repeat(0.0, articles)).ToList(), out smoothed);
        }
        // 20 of 25 texts (0.8) are members: a discussion of short positions, read inside it.
        var kept = With(5, out var smoothed);
        Assert.True(smoothed);
        Assert.NotEqual(z, kept.Take(20));
        // 20 of 26 (0.77): headlines beside the articles about them; every logit stays the head's own.
        var left = With(6, out smoothed);
        Assert.False(smoothed);
        Assert.Equal(z, left.Take(20));
    }

    [Fact]
    public void Two_matters_given_as_one_large_discussion_are_each_read_against_their_own_mean()
    {
        // Two matters of 210 members each (more than Discussion.CentreOn): the first is on the whole for (+3), the
        // other against (−3), and within each, members alternate a little more and a little less so.
        const int perMatter = 210;
        Assert.True(2 * perMatter > Discussion.CentreOn && perMatter > Discussion.CentreOn);
        var meanings = new List<float[]?>();
        var z = new List<double>();
        for (var matter = 0; matter < 2; matter++)
        {
            for (var i = 0; i < perMatter; i++)
            {
                meanings.Add(Near(matter, i));
                z.Add((matter == 0 ? 3 : -3) + (i % 2 == 0 ? 1 : -1));
            }
        }
        var read = Discussion.Smooth(meanings, [], z, out var smoothed);
        Assert.True(smoothed);
        // Against the whole discussion's mean every member of the first matter would read "for"; against its own
        // matter's, the less convinced half reads against the more convinced half.
        for (var i = 0; i < 2 * perMatter; i++)
        {
            Assert.True(i % 2 == 0 ? read[i] > 0 : read[i] < 0, $"member {i}: {read[i]:F3}");
        }
    }

    [Fact]
    public void Headlines_given_with_the_articles_about_them_score_their_pairs_alone_while_arguments_beside_an_article_are_re_read()
    {
        var model = StanceModel.Default!;
        var scorer = new PairScorer(model);
        var headlines = new[]
        {
            "Council approves new bridge over the river",
            "City votes to build a second river bridge",
            "Bridge plan passes after long debate",
            "Council rejects claims the bridge is too costly",
            "New bridge will open in two years, mayor says",
            "Residents cheer vote on river crossing",
            "Critics say the bridge vote was rushed",
            "Bridge funding still unclear after vote",
            "Mayor denies bridge contract went to a friend",
            "Report of bridge collapse risk is false, engineers say",
            "Opposition vows to fight the bridge in court",
            "Bridge vote: what happens next",
        };
        static string Article(int i) =>
            $"The city council met on Tuesday evening {i}. It voted on the bridge plan after a long debate. " +
            "The mayor said the crossing would open in two years. Critics said the cost was too high and the vote rushed.";
        var articles = Enumerable.Range(0, 7).Select(Article).ToList();
        var texts = headlines.Concat(articles).ToList();
        var news = Discussion.Of(model, texts.Select(t => (t, (SentenceVectors?)Vectors(t))));
        Assert.Equal(headlines.Length, news.Sentences);
        Assert.Equal(texts.Count, news.Texts);
        Assert.False(news.Smoothed); // 12 of 19 texts one sentence
        // A pair of two headlines, both members, is not re-read: it scores as alone.
        var (a, b) = (headlines[0], headlines[3]);
        Assert.Equal(scorer.Score(a, b, Vectors(a), Vectors(b)), scorer.Score(a, b, Vectors(a), Vectors(b), news));

        // The same headlines beside one article (12 of 13 one sentence) are a discussion of short positions.
        var thread = Discussion.Of(model, headlines.Append(articles[0]).Select(t => (t, (SentenceVectors?)Vectors(t))));
        Assert.True(thread.Smoothed);
        Assert.NotEqual(scorer.Score(a, b, Vectors(a), Vectors(b)).Opposed, scorer.Score(a, b, Vectors(a), Vectors(b), thread).Opposed);
    }

    [Fact]
    public void The_shipped_discussion_head_rates_logits_of_opposite_sign_more_opposed_than_logits_of_one_sign()
    {
        var model = StanceModel.Default!;
        Assert.NotNull(model.OpposedInDiscussion);
        Assert.True(model.InDiscussion(0.3, 1.5, -1.5) > model.InDiscussion(0.3, 1.5, 1.5));
        Assert.True(model.InDiscussion(0.3, -1.5, 1.5) > model.InDiscussion(0.3, -1.5, -1.5));
        // The lone-pair opposition still counts.
        Assert.True(model.InDiscussion(0.9, 0.2, -0.2) > model.InDiscussion(0.05, 0.2, -0.2));
    }

    [Fact]
    public void Empty_one_text_and_ten_megabyte_discussions_give_sane_results()
    {
        var model = StanceModel.Default!;
        var empty = Discussion.Of(model, []);
        Assert.Equal(0, empty.Sentences);
        Assert.False(empty.Smoothed);

        var one = Discussion.Of(model, [("Uniforms reduce bullying in schools.", Vectors("Uniforms reduce bullying in schools."))]);
        Assert.Equal(1, one.Sentences);
        Assert.False(one.Smoothed);

        var huge = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"The council will vote on bridge number {i} next week. "));
        Assert.True(huge.Length > 10_000_000);
        var withHuge = Discussion.Of(model, [(huge, Vectors(huge)), ("", null), ("   ", Vectors("x")), ("A bridge is needed.", null)]);
        Assert.Equal(0, withHuge.Sentences); // an article is no member; blank or vector-less texts are skipped
        var score = new PairScorer(model).Score(huge, "The bridge opened after two years.", Vectors(huge), null, withHuge);
        Assert.InRange(score.Opposed, 0, 1);
    }
}
