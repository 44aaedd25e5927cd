namespace DiscussionBot.TextAnalysis;

/// <summary>An article's nearest articles by combined similarity, best first.</summary>
internal sealed class NeighbourList(int capacity)
{
    readonly List<(float Sim, int Doc)> items = new(capacity + 1);

    public int Count => items.Count;
    public (float Sim, int Doc) this[int i] => items[i];

    /// <summary>The k-th best similarity (0-based), or 0 when there are fewer neighbours.</summary>
    public float SimAt(int k) => k < items.Count ? items[k].Sim : 0f;

    /// <summary>Rank of <paramref name="doc"/> (0 = nearest), or the capacity when it is not listed.</summary>
    public int RankOf(int doc)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Doc == doc)
            {
                return i;
            }
        }
        return capacity;
    }

    public void Offer(float sim, int doc)
    {
        if (sim <= 0 || (items.Count == capacity && sim <= items[^1].Sim))
        {
            return;
        }
        var i = items.Count;
        while (i > 0 && items[i - 1].Sim < sim)
        {
            i--;
        }
        items.Insert(i, (sim, doc));
        if (items.Count > capacity)
        {
            items.RemoveAt(items.Count - 1);
        }
    }

    public IEnumerable<int> Top(int k)
    {
        for (var i = 0; i < Math.Min(k, items.Count); i++)
        {
            yield return items[i].Doc;
        }
    }
}
