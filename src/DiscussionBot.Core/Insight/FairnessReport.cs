using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Insight;

/// <summary>Fair / unfair counts of one source or stance label.</summary>
public sealed record FairnessCount(string Name, int Fair, int Unfair)
{
    public int Raters => Fair + Unfair;
}

/// <summary>A side most raters of a story found shown unfairly.</summary>
public sealed record FairnessFlag(string StoryId, string Source, string StanceLabel, int Unfair, int Raters);

public sealed record FairnessSummary(IReadOnlyList<FairnessCount> BySource, IReadOnlyList<FairnessCount> ByLabel, IReadOnlyList<FairnessFlag> Flags);

/// <summary>The community's fairness ratings per source and stance label, and the sides to flag to moderators.</summary>
public sealed class FairnessReport(IInsightLog log)
{
    /// <summary>A side is flagged when more than half of its raters on a story found it unfair, and at least this many
    /// rated it (one member's view is not "most raters").</summary>
    public const int MinRatersToFlag = 3;

    public FairnessSummary Summarize(string communityId, IReadOnlySet<string>? storyIds = null)
    {
        var ratings = log.RatingsOf(communityId).Where(r => storyIds is null || storyIds.Contains(r.StoryId)).ToList();
        var bySource = Count(ratings, r => r.Source);
        var byLabel = Count(ratings, r => r.StanceLabel.Length > 0 ? r.StanceLabel : "(no stance label)");
        var flags = ratings.GroupBy(r => (r.StoryId, Source: r.Source.ToLowerInvariant()))
            .Select(g => new FairnessFlag(g.Key.StoryId, g.First().Source, g.OrderBy(r => r.At).Last().StanceLabel, g.Count(r => !r.Fair), g.Count()))
            .Where(f => f.Raters >= MinRatersToFlag && f.Unfair * 2 > f.Raters)
            .OrderByDescending(f => (double)f.Unfair / f.Raters).ThenBy(f => f.StoryId, StringComparer.Ordinal)
            .ToList();
        return new FairnessSummary(bySource, byLabel, flags);
    }

    /// <summary>The /stats section; the flags only for moderators (they decide what to do about a side shown unfairly).</summary>
    public void AppendTo(RichTextBuilder b, FairnessSummary summary, bool moderator)
    {
        if (summary.BySource.Count == 0)
        {
            return;
        }
        b.Bold("Fairness ratings per source").NewLine();
        foreach (var count in summary.BySource)
        {
            b.Code(count.Name).Text($" fair {count.Fair}, unfair {count.Unfair} ({count.Raters} rating(s))").NewLine();
        }
        b.Bold("Fairness ratings per stance label").NewLine();
        foreach (var count in summary.ByLabel)
        {
            b.Text($"{count.Name}: fair {count.Fair}, unfair {count.Unfair}").NewLine();
        }
        if (moderator && summary.Flags.Count > 0)
        {
            b.Bold("Flagged for moderators: sides most raters found shown unfairly").NewLine();
            foreach (var flag in summary.Flags)
            {
                b.Text($"⚠ story {flag.StoryId}: {flag.Source}" + (flag.StanceLabel.Length > 0 ? $" ({flag.StanceLabel})" : "") + $" — unfair to {flag.Unfair} of {flag.Raters} rater(s)").NewLine();
            }
        }
    }

    private static List<FairnessCount> Count(IEnumerable<FairnessRating> ratings, Func<FairnessRating, string> key) =>
        ratings.GroupBy(key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new FairnessCount(g.Key, g.Count(r => r.Fair), g.Count(r => !r.Fair)))
            .OrderByDescending(c => c.Raters).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
}
