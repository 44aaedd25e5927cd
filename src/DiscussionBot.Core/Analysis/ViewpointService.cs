using System.Collections.Concurrent;
using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Core.Analysis;

/// <summary>One story as /viewpoints shows it: one article per source, the analyzer's report, and the labels.</summary>
public sealed record StoryView(Story Story, IReadOnlyList<Article> Articles, ViewpointReport Report, IReadOnlyDictionary<string, string> Labels);

/// <summary>Runs the viewpoint analysis and claim extraction for a story, caching each until the story changes.</summary>
public sealed class ViewpointService(
    IStoryStore stories,
    IArticleStore articles,
    ISourceStore sources,
    StoryIndex index,
    IArticleVectorStore vectors,
    ISentenceEncoder encoder)
{
    private readonly ViewpointAnalyzer _analyzer = new();
    private readonly ClaimExtractor _claims = new();
    private readonly ConcurrentDictionary<string, (string Version, ViewpointReport Report)> _cache = new(StringComparer.Ordinal);

    /// <summary>Assigns stories to every stored article if that has not happened yet in this process.</summary>
    public void EnsureStories() => index.EnsureLoaded();

    public Story? Find(string storyId)
    {
        index.EnsureLoaded();
        return stories.Get(storyId);
    }

    public StoryView View(string communityId, Story story)
    {
        var chosen = ArticlesBySource(story);
        var labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var article in chosen)
        {
            if (sources.Find(communityId, SourceKeys.Normalize(article.Source)) is { } source)
            {
                labels[article.Source] = source.StanceLabel;
            }
        }
        // Vectors are read from the store (never computed here); an article still pending is compared by wording,
        // and the report is made again once its vectors arrive.
        var meaning = chosen.Select(a => ArticleEncodingWorker.Load(vectors, encoder, a.Id)).ToList();
        var version = string.Join(',', chosen.Select(a => a.Id)) + "|" + string.Join(',', labels.Select(kv => kv.Key + "=" + kv.Value))
            + "|" + string.Join(',', meaning.Select(m => m is null ? 0 : 1));
        var key = communityId + "\n" + story.Id;
        if (!_cache.TryGetValue(key, out var cached) || cached.Version != version)
        {
            var texts = chosen.Select((a, i) => new SourceText(a.Source, labels.GetValueOrDefault(a.Source), a.Id.ToString(CultureInfo.InvariantCulture), a.Title, a.Text, meaning[i])).ToList();
            var report = _analyzer.Analyze(texts);
            if (chosen.Count > 1 && MeaningNote(meaning.Count(m => m is null), chosen.Count) is { } note)
            {
                report = report with { Note = report.Note is null ? note : report.Note + " " + note };
            }
            cached = (version, report);
            _cache[key] = cached;
        }
        return new StoryView(story, chosen, cached.Report, labels);
    }

    /// <summary>One line when the comparison reads wording only, for some or all sources.</summary>
    private string? MeaningNote(int missing, int total)
    {
        if (missing == 0)
        {
            return null;
        }
        if (encoder.Problem is { } problem)
        {
            return $"Compared by wording only: {problem}.";
        }
        return missing == total
            ? "Compared by wording only for now: these articles are still being read for meaning."
            : $"{missing} of {total} articles are still being read for meaning; they are compared by wording for now.";
    }

    public IReadOnlyList<ClaimCandidate> Claims(StoryView view, int max) => _claims.Extract(view.Report, max);

    /// <summary>One article per source (the longest), so every source gets equal room.</summary>
    public IReadOnlyList<Article> ArticlesBySource(Story story) =>
        story.ArticleIds.Select(articles.Get).OfType<Article>()
            .GroupBy(a => a.Source, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderByDescending(a => a.Text.Length).First())
            .OrderBy(a => a.Published ?? a.AddedAt)
            .ToList();

    /// <summary>Stories whose articles belong to the topic, the most sources first, then the newest.</summary>
    public IReadOnlyList<Story> StoriesOfTopic(Topic topic)
    {
        index.EnsureLoaded();
        return articles.ByTopic(topic.Id, 500)
            .Where(a => a.StoryId is not null)
            .GroupBy(a => a.StoryId!)
            .Select(g => stories.Get(g.Key))
            .OfType<Story>()
            .OrderByDescending(s => ArticlesBySource(s).Count)
            .ThenByDescending(s => s.UpdatedAt)
            .ToList();
    }
}
