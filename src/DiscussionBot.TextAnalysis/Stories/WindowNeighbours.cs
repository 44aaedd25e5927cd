namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Neighbour lists for a window of articles at once: all pairwise cosines accumulated term by term over the window's
/// own postings into a dense row, which costs the sum of squared document frequencies instead of a sparse merge per pair.
/// </summary>
internal static class WindowNeighbours
{
    /// <summary>Fresh neighbour lists (under the current weights) for the window of <paramref name="library"/> from
    /// <paramref name="from"/> on, whose vectors are <paramref name="all"/>.</summary>
    public static void Renew(StoryLibrary library, SparseVector[] all, int from)
    {
        var lists = Build(all, from, (i, j) => library.TimeFactor(library[from + i], library[from + j]));
        for (var i = 0; i < lists.Length; i++)
        {
            library[from + i].Neighbours = lists[i];
        }
    }

    /// <summary>For each vector, its nearest others (cosine times <paramref name="timeFactor"/>(i, j) of window positions),
    /// listed as <paramref name="offset"/> + position.</summary>
    public static NeighbourList[] Build(SparseVector[] all, int offset, Func<int, int, double> timeFactor)
    {
        var n = all.Length;
        var window = new Dictionary<int, List<(int Doc, float W)>>();
        for (var i = 0; i < n; i++)
        {
            var v = all[i];
            for (var k = 0; k < v.Ids.Length; k++)
            {
                if (!window.TryGetValue(v.Ids[k], out var list))
                {
                    window[v.Ids[k]] = list = [];
                }
                list.Add((i, v.Weights[k]));
            }
        }
        var result = new NeighbourList[n];
        var row = new double[n];
        var touched = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var v = all[i];
            for (var k = 0; k < v.Ids.Length; k++)
            {
                var w = (double)v.Weights[k];
                foreach (var (j, wj) in window[v.Ids[k]])
                {
                    if (row[j] == 0)
                    {
                        touched.Add(j);
                    }
                    row[j] += w * wj;
                }
            }
            var neighbours = new NeighbourList(StoryGraph.ListSize);
            foreach (var j in touched)
            {
                if (j != i && row[j] > 0)
                {
                    neighbours.Offer((float)(row[j] * timeFactor(i, j)), offset + j);
                }
                row[j] = 0;
            }
            touched.Clear();
            result[i] = neighbours;
        }
        return result;
    }
}
