namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Batch story clustering: all pairwise similarities, rescaled by each article's local
/// neighbourhood, then average-linkage agglomeration down to a threshold. Seeing the whole batch
/// makes it order-independent and better than the one-pass incremental clusterer.
/// </summary>
internal static class StoryGraph
{
    public static int[] Cluster(SparseVector[] vectors, DateTimeOffset?[] published, StoryClustererOptions options)
    {
        var n = vectors.Length;
        var sim = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var s = vectors[i].Dot(vectors[j]);
                if (published[i] is { } p && published[j] is { } q)
                {
                    s *= Math.Exp(-Math.Abs((p - q).TotalDays) / options.TimeScale.TotalDays);
                }
                sim[i * n + j] = (float)s;
                sim[j * n + i] = (float)s;
            }
        }

        // Shared neighbours: articles on one story tend to have the same near neighbours even when
        // they share few words directly, so blend in the similarity of their neighbour lists.
        if (options.SharedNeighbours > 0 && n > 2)
        {
            var k = Math.Min(options.Neighbours * 2, n - 1);
            var lists = new SparseVector[n];
            var row = new (float Value, int Index)[n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    row[j] = (j == i ? 1f : sim[i * n + j], j);
                }
                Array.Sort(row, (x, y) => y.Value.CompareTo(x.Value));
                var weights = new Dictionary<int, double>();
                for (var r = 0; r <= k; r++)
                {
                    if (row[r].Value > 0)
                    {
                        weights[row[r].Index] = row[r].Value;
                    }
                }
                lists[i] = SparseVector.FromWeights(weights);
            }
            var g = options.SharedNeighbours;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var blended = (float)((1 - g) * sim[i * n + j] + g * lists[i].Dot(lists[j]));
                    sim[i * n + j] = blended;
                    sim[j * n + i] = blended;
                }
            }
        }

        // Local scaling: a same-story pair of terse articles may share few words, yet each is the
        // other's near neighbour; a pair of wordy ones on a busy topic share many words with everyone.
        if (options.LocalScaling > 0 && n > options.Neighbours + 1)
        {
            var scale = new float[n];
            var row = new float[n];
            for (var i = 0; i < n; i++)
            {
                Array.Copy(sim, i * n, row, 0, n);
                row[i] = 0;
                Array.Sort(row);
                scale[i] = Math.Max(1e-3f, row[n - 1 - options.Neighbours]);
            }
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var s = sim[i * n + j];
                    var scaled = (float)(s - options.LocalScaling * Math.Sqrt(scale[i] * scale[j]));
                    sim[i * n + j] = scaled;
                    sim[j * n + i] = scaled;
                }
            }
        }

        // Average linkage (UPGMA) by repeated best-merge; cluster-to-cluster similarity sums are kept
        // in the matrix itself and updated with the Lance-Williams rule.
        var size = new int[n];
        var alive = new bool[n];
        var label = new int[n];
        for (var i = 0; i < n; i++)
        {
            size[i] = 1;
            alive[i] = true;
            label[i] = i;
        }
        var best = new int[n];
        var bestValue = new float[n];
        void Refresh(int i)
        {
            best[i] = -1;
            bestValue[i] = float.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                if (j != i && alive[j] && sim[i * n + j] > bestValue[i])
                {
                    bestValue[i] = sim[i * n + j];
                    best[i] = j;
                }
            }
        }
        for (var i = 0; i < n; i++)
        {
            Refresh(i);
        }
        while (true)
        {
            var a = -1;
            var value = (float)options.BatchThreshold;
            for (var i = 0; i < n; i++)
            {
                if (alive[i] && best[i] >= 0 && bestValue[i] >= value)
                {
                    value = bestValue[i];
                    a = i;
                }
            }
            if (a < 0)
            {
                break;
            }
            var b = best[a];
            // Merge b into a.
            for (var k = 0; k < n; k++)
            {
                if (!alive[k] || k == a || k == b)
                {
                    continue;
                }
                var merged = (sim[a * n + k] * size[a] + sim[b * n + k] * size[b]) / (size[a] + size[b]);
                sim[a * n + k] = merged;
                sim[k * n + a] = merged;
            }
            size[a] += size[b];
            alive[b] = false;
            for (var i = 0; i < n; i++)
            {
                if (label[i] == b)
                {
                    label[i] = a;
                }
            }
            for (var i = 0; i < n; i++)
            {
                if (alive[i] && (i == a || best[i] == a || best[i] == b))
                {
                    Refresh(i);
                }
                else if (alive[i] && sim[i * n + a] > bestValue[i])
                {
                    bestValue[i] = sim[i * n + a];
                    best[i] = a;
                }
            }
        }
        return label;
    }
}
