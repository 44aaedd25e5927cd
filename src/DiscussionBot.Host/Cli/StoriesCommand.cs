using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary><c>stories</c>: JSONL article rows on stdin to <c>{"id","story"}</c> rows.</summary>
internal static class StoriesCommand
{
    public static async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var rows = new List<JsonlRows.Row>();
        var lineNumber = 0;
        var bad = 0;
        while (await input.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (JsonlRows.ParseArticle(line, lineNumber, error) is { } row)
            {
                rows.Add(row);
            }
            else
            {
                bad++;
            }
        }
        var stories = StoryClusterer.Cluster(rows.Select(JsonlRows.ToStory));
        foreach (var row in rows.DistinctBy(r => r.Id))
        {
            await output.WriteLineAsync(JsonlRows.Json(w =>
            {
                w.WriteString("id", row.Id);
                w.WriteString("story", stories[row.Id]);
            }));
        }
        return bad == 0 ? 0 : 1;
    }
}
