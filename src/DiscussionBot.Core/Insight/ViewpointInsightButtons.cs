using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Insight;

/// <summary>What the insight features add under /viewpoints: a "before/after poll" button beside the clashes (when two
/// or more sources tell the story) and the fairness rows.</summary>
public static class ViewpointInsightButtons
{
    public const int MaxButtonsPerRow = 5;

    public static void AddTo(List<IReadOnlyList<ReplyButton>> rows, string storyId, IReadOnlyList<Article> articles)
    {
        if (articles.Count >= 2)
        {
            var shift = new ReplyButton("Before/after poll", ShiftButtons.StartData(storyId));
            // Beside the clash buttons when that row has room (≤ 4 clashes), so the fairness rows still fit Discord's five rows.
            if (rows.Count > 0 && rows[^1].Count < MaxButtonsPerRow && rows[^1].All(b => b.Data.StartsWith("clash:", StringComparison.Ordinal)))
            {
                rows[^1] = [.. rows[^1], shift];
            }
            else
            {
                rows.Add([shift]);
            }
        }
        rows.AddRange(FairnessButtons.Rows(storyId, articles));
    }
}
