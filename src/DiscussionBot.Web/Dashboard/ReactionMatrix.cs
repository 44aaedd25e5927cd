using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Web.Dashboard;

/// <summary>The standing reactions of a community as claim × source (or stance label) × emoji counts.</summary>
/// <param name="Rows">Claim ids in order; null is the row of reactions about no claim (summaries, articles).</param>
/// <param name="Columns">Sources (or stance labels) in order; the last may be <see cref="NoSource"/>.</param>
/// <param name="Cells">[row, column] → emoji → count.</param>
public sealed record ReactionMatrix(IReadOnlyList<int?> Rows, IReadOnlyList<string> Columns, Dictionary<string, int>[,] Cells, IReadOnlyList<string> Emojis, int Total)
{
    public const string NoSource = "(no source)";
    public const string NoLabel = "(no label)";

    public int Count(int row, int column, string? emoji) =>
        emoji is null ? Cells[row, column].Values.Sum() : Cells[row, column].GetValueOrDefault(emoji);

    /// <summary>Builds the matrix. A reaction's claim is its post's claim, or the claim of its poll; its source is the
    /// post's source, or the source of its article.</summary>
    public static ReactionMatrix Build(
        string community, Topic? topic, bool byLabel,
        IEventLog events, IPollStore polls, IClaimStore claims, IArticleStore articles, ISourceStore sources)
    {
        var communityPolls = polls.ByCommunity(community).ToDictionary(p => p.Id);
        var standing = ReactionLogger.Standing(events.ReactionsOfCommunity(community)).ToList();
        if (topic is not null)
        {
            var topicArticles = articles.KeysInTopic(topic.Id).Select(a => a.Id).ToHashSet();
            var topicClaims = claims.ByTopic(community, topic.Id).Select(c => c.Id).ToHashSet();
            standing = standing.Where(r => (r.ArticleId is { } a && topicArticles.Contains(a)) || (r.ClaimId is { } c && topicClaims.Contains(c))
                || (r.PollId is { } p && communityPolls.TryGetValue(p, out var poll) && poll.TopicId == topic.Id)).ToList();
        }
        var labels = sources.List(community).ToDictionary(s => s.Key, s => s.StanceLabel, StringComparer.Ordinal);
        var articleSources = new Dictionary<int, string?>();
        string Column(ReactionRecord r)
        {
            var source = r.Source;
            if (source is null && r.ArticleId is { } id)
            {
                if (!articleSources.TryGetValue(id, out source))
                {
                    source = articleSources[id] = articles.Get(id)?.Source;
                }
            }
            if (string.IsNullOrWhiteSpace(source))
            {
                return NoSource;
            }
            var key = SourceKeys.Normalize(source);
            return byLabel ? labels.GetValueOrDefault(key) is { Length: > 0 } label ? label : NoLabel : key;
        }
        int? Row(ReactionRecord r) => r.ClaimId ?? (r.PollId is { } p && communityPolls.TryGetValue(p, out var poll) ? poll.ClaimId : null);

        var placed = standing.Select(r => (Row: Row(r), Column: Column(r), r.Emoji)).ToList();
        var rows = placed.Select(p => p.Row).Distinct().OrderBy(r => r is null).ThenBy(r => r).ToList();
        var columns = placed.GroupBy(p => p.Column).OrderBy(g => g.Key is NoSource or NoLabel).ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var rowIndex = rows.Select((r, i) => (r, i)).ToDictionary(x => x.r ?? -1, x => x.i);
        var columnIndex = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var cells = new Dictionary<string, int>[rows.Count, columns.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                cells[i, j] = new Dictionary<string, int>(StringComparer.Ordinal);
            }
        }
        foreach (var (row, column, emoji) in placed)
        {
            var cell = cells[rowIndex[row ?? -1], columnIndex[column]];
            cell[emoji] = cell.GetValueOrDefault(emoji) + 1;
        }
        var emojis = placed.GroupBy(p => p.Emoji).OrderByDescending(g => g.Count()).Select(g => g.Key).ToList();
        return new ReactionMatrix(rows, columns, cells, emojis, placed.Count);
    }
}
