using System.Text.Json;
using DiscussionBot.Testing;

namespace DiscussionBot.Ingest.Tests.Support;

/// <summary>One real AllSides take (read from ../shared/corpora at run time, never copied): its story's and its own
/// place in the corpus, its headline and its text.</summary>
public sealed record AllSidesTake(int Story, int Take, string Title, string Text);

public static class AllSidesTakes
{
    /// <summary>The takes (over 200 characters) of the first <paramref name="stories"/> allsides-val stories in the
    /// arrival order the Core story tests use: every story's first take, then every second take, then every third.</summary>
    public static List<AllSidesTake> InArrivalOrder(int stories) =>
        File.ReadLines(SharedFiles.Find("corpora", "allsides-val.jsonl")).Take(stories)
            .SelectMany((line, story) =>
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("articles").EnumerateArray()
                    .Select((a, take) => new AllSidesTake(story, take, a.GetProperty("title").GetString()!, a.GetProperty("text").GetString()!))
                    .ToList();
            })
            .Where(t => t.Text.Length > 200)
            .OrderBy(t => t.Take).ThenBy(t => t.Story)
            .ToList();
}
