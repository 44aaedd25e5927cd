using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Core.Tests;

/// <summary>Per-article meaning vectors: computed once in the background, stored, read by /viewpoints.</summary>
public sealed class MeaningTests
{
    /// <summary>Words as fixed pseudo-random directions, a sentence their normalized sum; counts what it encodes.</summary>
    private sealed class CountingEncoder(string? problem = null) : ISentenceEncoder
    {
        public int Sentences;

        public string Model => "counting";

        public int Dimensions => 32;

        public string? Problem => problem;

        public bool TryLoad() => problem is null;

        public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            if (problem is not null)
            {
                throw new InvalidOperationException(problem);
            }
            Interlocked.Add(ref Sentences, texts.Count);
            return texts.Select(t =>
            {
                var v = new float[32];
                foreach (var word in t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var random = new Random(word.Length * 131 + word[0]);
                    for (var i = 0; i < v.Length; i++)
                    {
                        v[i] += (float)random.NextDouble() - 0.5f;
                    }
                }
                v[0] += 1e-3f;
                var norm = (float)Math.Sqrt(v.Sum(x => x * x));
                return v.Select(x => x / norm).ToArray();
            }).ToArray();
        }
    }

    private static void AddBridgeStory(ArticleLibrary library)
    {
        library.Add(new ArticleDraft("Millbrook bridge opens on budget, council says",
            "The council opened the new Millbrook bridge on Saturday after two years of work. The mayor said the bridge was a great success for the town. The council insisted the project finished within its budget of forty million pounds. Local shops welcomed the opening of the bridge.",
            "gazette.example"), "test");
        library.Add(new ArticleDraft("Millbrook bridge opens late and over budget",
            "The Millbrook bridge finally opened on Saturday, a year later than the council promised. Residents said the project was a costly failure that ran far over its budget of forty million pounds. Auditors claimed the council hid the overspending from voters. Protesters gathered near the bridge during the opening.",
            "voice.example"), "test");
    }

    [Fact]
    public async Task New_articles_get_their_vectors_once_in_the_background_and_viewpoints_then_compare_by_meaning()
    {
        var encoder = new CountingEncoder();
        using var bot = new TestBot(s => s.AddSingleton<ISentenceEncoder>(encoder));
        var worker = bot.Get<ArticleEncodingWorker>();
        var encoded = 0;
        var both = new TaskCompletionSource();
        worker.Encoded += _ =>
        {
            if (Interlocked.Increment(ref encoded) == 2)
            {
                both.TrySetResult();
            }
        };
        await worker.StartAsync(CancellationToken.None);
        try
        {
            AddBridgeStory(bot.Get<ArticleLibrary>());
            await both.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var articles = bot.Get<IArticleStore>().All().ToList();
            var store = bot.Get<IArticleVectorStore>();
            foreach (var article in articles)
            {
                var stored = store.Get(article.Id, "counting");
                Assert.NotNull(stored);
                Assert.Equal(article.Title, stored.Sentences[0].Text);
                Assert.All(stored.Sentences, s => Assert.Equal(32, s.Values.Length));
            }
            var sentencesEncoded = encoder.Sentences;

            var views = bot.Get<ViewpointService>();
            var story = views.Find(articles[0].StoryId!)!;
            var view = views.View(TestBot.Where.CommunityKey, story);
            Assert.True(view.Report.ByMeaning);
            Assert.DoesNotContain("wording only", view.Report.Note ?? "", StringComparison.Ordinal);
            var text = await bot.TextAsync($"/viewpoints {story.Id}");
            Assert.Contains("gazette.example", text, StringComparison.Ordinal);
            await bot.TextAsync($"/claims {story.Id}");
            // Commands read the stored vectors: nothing was encoded for them.
            Assert.Equal(sentencesEncoded, encoder.Sentences);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Articles_whose_vectors_are_pending_are_compared_by_wording_and_viewpoints_say_so()
    {
        using var bot = new TestBot(s => s.AddSingleton<ISentenceEncoder>(new CountingEncoder()));
        AddBridgeStory(bot.Get<ArticleLibrary>());
        var articles = bot.Get<IArticleStore>().All().ToList();
        Assert.Equal(articles[0].StoryId, articles[1].StoryId);
        var text = await bot.TextAsync($"/viewpoints {articles[0].StoryId}");
        Assert.Contains("Compared by wording only for now: these articles are still being read for meaning.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_model_cannot_load_viewpoints_fall_back_to_wording_and_say_so_in_one_line()
    {
        var encoder = new CountingEncoder("the sentence model could not load (OnnxRuntimeException: test)");
        using var bot = new TestBot(s => s.AddSingleton<ISentenceEncoder>(encoder));
        var worker = bot.Get<ArticleEncodingWorker>();
        await worker.StartAsync(CancellationToken.None);
        AddBridgeStory(bot.Get<ArticleLibrary>());
        Assert.False(worker.EncodeOne(1, CancellationToken.None));
        await worker.StopAsync(CancellationToken.None);
        var articles = bot.Get<IArticleStore>().All().ToList();
        var text = await bot.TextAsync($"/viewpoints {articles[0].StoryId}");
        var lines = text.Split('\n').Where(l => l.Contains("wording only", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.Contains("the sentence model could not load", lines[0], StringComparison.Ordinal);
        Assert.Contains("gazette.example", text, StringComparison.Ordinal);
        Assert.Contains("voice.example", text, StringComparison.Ordinal);
    }
}
