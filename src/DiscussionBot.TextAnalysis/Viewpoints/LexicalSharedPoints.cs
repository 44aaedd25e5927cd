namespace DiscussionBot.TextAnalysis;

/// <summary>Shared points by wording (when some source has no stored vectors): close cross-source TF-IDF pairs whose
/// framings do not oppose, joined by the other sources' closest sentences.</summary>
public sealed partial class ViewpointAnalyzer
{
    List<SharedPoint> Shared(IReadOnlyList<SourceText> sources, Model model)
    {
        var items = model.Items;
        var pairs = new List<(int A, int B, double Sim)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (items[i].Source == items[j].Source)
                {
                    continue;
                }
                var sim = items[i].Vector.Dot(items[j].Vector);
                if (sim >= options.SharedThreshold && !Opposed(items[i].Framing, items[j].Framing))
                {
                    pairs.Add((i, j, sim));
                }
            }
        }
        var points = new List<(List<int> Members, double Score)>();
        var used = new HashSet<int>();
        foreach (var (a, b, sim) in pairs.OrderByDescending(p => p.Sim))
        {
            if (used.Contains(a) || used.Contains(b))
            {
                continue;
            }
            var members = new List<int> { a, b };
            // Other sources making the same point join it with their closest sentence.
            for (var s = 0; s < sources.Count; s++)
            {
                if (s == items[a].Source || s == items[b].Source)
                {
                    continue;
                }
                var match = items.Select((it, idx) => (it, idx))
                    .Where(x => x.it.Source == s && !used.Contains(x.idx))
                    .Select(x => (x.idx, Sim: Math.Min(x.it.Vector.Dot(items[a].Vector), x.it.Vector.Dot(items[b].Vector))))
                    .Where(x => x.Sim >= options.SharedThreshold * 0.8)
                    .OrderByDescending(x => x.Sim)
                    .FirstOrDefault();
                if (match.Sim > 0)
                {
                    members.Add(match.idx);
                }
            }
            foreach (var m in members)
            {
                used.Add(m);
            }
            points.Add((members, sim * members.Count));
            if (points.Count >= options.MaxShared)
            {
                break;
            }
        }
        return points
            .Select(p =>
            {
                var ordered = p.Members.OrderByDescending(m => items[m].Salience).ToList();
                return new SharedPoint(
                    items[ordered[0]].Sentence.Text,
                    ordered.Select(m => items[m].Sentence.SourceName).Distinct().ToArray(),
                    ordered.Select(m => items[m].Sentence).ToArray(),
                    Math.Round(p.Score, 4));
            })
            .OrderByDescending(p => p.Score)
            .ToList();
    }

    static bool Opposed(Framing a, Framing b) =>
        a.Negated != b.Negated || Math.Sign(Math.Round(a.Polarity, 2)) * Math.Sign(Math.Round(b.Polarity, 2)) < 0;
}
