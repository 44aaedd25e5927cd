namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Average linkage over sparse pair scores: repeatedly merges the two clusters whose mean pair
/// score (absent pairs count 0) is highest, while it clears the threshold. Returns a label per item.
/// </summary>
internal static class AverageLinkage
{
    public static int[] Cluster(int n, IEnumerable<(int A, int B, double Score)> pairs, double threshold)
    {
        var edges = new Dictionary<int, double>[n];
        var size = new int[n];
        var version = new int[n];
        var parent = new int[n];
        for (var i = 0; i < n; i++)
        {
            edges[i] = [];
            size[i] = 1;
            parent[i] = i;
        }
        foreach (var (a, b, s) in pairs)
        {
            if (a == b || s <= 0)
            {
                continue;
            }
            edges[a][b] = s;
            edges[b][a] = s;
        }
        var queue = new PriorityQueue<(int A, int B, int Va, int Vb), double>();
        for (var a = 0; a < n; a++)
        {
            foreach (var (b, s) in edges[a])
            {
                if (a < b && s >= threshold)
                {
                    queue.Enqueue((a, b, 0, 0), -s);
                }
            }
        }
        while (queue.TryDequeue(out var e, out _))
        {
            if (version[e.A] != e.Va || version[e.B] != e.Vb || parent[e.A] != e.A || parent[e.B] != e.B)
            {
                continue;
            }
            // Merge the smaller edge map into the larger one; the survivor keeps the sums.
            var (keep, gone) = edges[e.A].Count >= edges[e.B].Count ? (e.A, e.B) : (e.B, e.A);
            parent[gone] = keep;
            edges[keep].Remove(gone);
            edges[gone].Remove(keep);
            foreach (var (k, s) in edges[gone])
            {
                edges[keep][k] = edges[keep].GetValueOrDefault(k) + s;
                edges[k].Remove(gone);
                edges[k][keep] = edges[keep][k];
            }
            edges[gone] = [];
            size[keep] += size[gone];
            version[keep]++;
            version[gone]++;
            foreach (var (k, sum) in edges[keep])
            {
                var mean = sum / ((double)size[keep] * size[k]);
                if (mean >= threshold)
                {
                    queue.Enqueue((keep, k, version[keep], version[k]), -mean);
                }
            }
        }
        var label = new int[n];
        for (var i = 0; i < n; i++)
        {
            var r = i;
            while (parent[r] != r)
            {
                r = parent[r];
            }
            label[i] = r;
        }
        return label;
    }
}
