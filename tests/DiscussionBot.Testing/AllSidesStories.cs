using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Testing;

/// <summary>Real multi-source stories for clustering tests, read from ../shared/corpora at run time (never copied).</summary>
public static class AllSidesStories
{
    /// <summary>The first <paramref name="stories"/> stories of allsides-val, their takes mixed in a fixed shuffle (the way
    /// they would arrive from many feeds), with each take's gold story.</summary>
    public static (List<StoryInput> Articles, Dictionary<string, string> Gold) Val(int stories)
    {
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        var articles = new List<StoryInput>();
        foreach (var line in File.ReadLines(SharedFiles.Find("corpora", "allsides-val.jsonl")).Take(stories))
        {
            using var doc = JsonDocument.Parse(line);
            var story = doc.RootElement.GetProperty("story").GetString()!;
            foreach (var a in doc.RootElement.GetProperty("articles").EnumerateArray())
            {
                var id = a.GetProperty("id").GetString()!;
                gold[id] = story;
                articles.Add(new StoryInput(id, a.GetProperty("title").GetString(), a.GetProperty("text").GetString() ?? ""));
            }
        }
        var random = new Random(12345);
        return (articles.OrderBy(_ => random.Next()).ToList(), gold);
    }

    /// <summary>The takes (over 200 characters) of the first <paramref name="stories"/> allsides-val stories in corpus
    /// order: each story's takes together.</summary>
    public static List<AllSidesTake> Takes(int stories) =>
        File.ReadLines(SharedFiles.Find("corpora", "allsides-val.jsonl")).Take(stories)
            .SelectMany((line, story) =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("articles").EnumerateArray()
                    .Select((a, take) => new AllSidesTake(story, take, a.GetProperty("title").GetString()!, a.GetProperty("text").GetString()!))
                    .ToList();
            })
            .Where(t => t.Text.Length > 200)
            .ToList();

    /// <summary>The same takes in arrival order: every story's first take, then every second take, then every third (a
    /// story's later takes come well after its first, so the clusterer's periodic re-clustering moves earlier articles).</summary>
    public static List<AllSidesTake> TakesInArrivalOrder(int stories) =>
        Takes(stories).OrderBy(t => t.Take).ThenBy(t => t.Story).ToList();
}

/// <summary>One real AllSides take: its story's and its own place in the corpus, its headline and its text.</summary>
public sealed record AllSidesTake(int Story, int Take, string Title, string Text);
