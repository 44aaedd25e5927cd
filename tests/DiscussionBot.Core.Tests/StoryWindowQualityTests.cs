using System.Globalization;
using System.Text.Json;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using Xunit.Abstractions;

namespace DiscussionBot.Core.Tests;

/// <summary>Issue 15: clustering window by window (what the library does now) against one batch over everything
/// (what it did at every start), on AllSides labeled-dev with its real dates and outlets.</summary>
public sealed class StoryWindowQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Stories_clustered_window_by_window_score_within_half_a_point_of_F1_of_one_batch_over_the_whole_library()
    {
        var rows = File.ReadLines(SharedCorpora.Path("allsides-labeled-dev.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var articles = rows.SelectMany(r => r.GetProperty("articles").EnumerateArray().Select(a => (
                Story: r.GetProperty("story").GetString()!,
                Published: DateTimeOffset.Parse(r.GetProperty("date").GetString()!, CultureInfo.InvariantCulture),
                Draft: new ArticleDraft(a.GetProperty("title").GetString()!, a.GetProperty("text").GetString()!, a.GetProperty("source").GetString()!, a.GetProperty("url").GetString()))))
            .Where(a => a.Draft.Text.Length > 200)
            .ToList();
        // Mixed as feeds deliver them (a fixed shuffle), each dated by its story.
        var random = new Random(12345);
        var mixed = articles.OrderBy(_ => random.Next()).ToList();

        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        using (bot.Get<StoryIndex>().BeginBulk())
        {
            foreach (var a in mixed)
            {
                if (library.Add(a.Draft with { Published = a.Published }, "test") is AddOutcome.Added added)
                {
                    gold[added.Article.Id.ToString(CultureInfo.InvariantCulture)] = a.Story;
                }
            }
        }
        var stored = bot.Get<IArticleStore>().All().ToList();
        var windowed = Evaluation.Pairwise(stored.ToDictionary(a => a.Id.ToString(CultureInfo.InvariantCulture), a => a.StoryId!), gold);
        var batch = Evaluation.Pairwise(StoryClusterer.Cluster(stored.Select(a =>
            new StoryInput(a.Id.ToString(CultureInfo.InvariantCulture), a.Title, a.Text, a.Source, a.Published))), gold);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stored.Count} articles: window by window P {windowed.Precision:F3} R {windowed.Recall:F3} F1 {windowed.F1:F3}; one batch P {batch.Precision:F3} R {batch.Recall:F3} F1 {batch.F1:F3}"));
        Assert.True(windowed.F1 >= batch.F1 - 0.005, $"windowed F1 {windowed.F1:F3} against batch {batch.F1:F3}");
    }
}
