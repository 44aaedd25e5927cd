namespace DiscussionBot.TextAnalysis;

/// <summary>
/// The batch step over the most recent window of articles: fresh neighbour lists under the current weights, the
/// same-story probability of each candidate pair (its ten nearest by wording, five nearest by meaning), average linkage
/// and lone attachment; the clusters then become stories (<see cref="StoryMembership.Relabel"/>). Articles whose story
/// reaches back before the window keep it. Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class WindowReclustering(StoryLibrary library, StoryMembership membership, StoryLatentSpace latentSpace, StoryPairScorer scorer, StoryClustererOptions options)
{
    /// <summary>Re-clusters the articles from <paramref name="from"/> on. With <paramref name="renumber"/> (the whole
    /// library as a batch) the latent space is refitted and story ids are numbered by first appearance.</summary>
    public void Run(int from, bool renumber)
    {
        var n = library.Count - from;
        if (n == 0)
        {
            return;
        }
        var vectors = WindowVectors.Of(library, from);
        vectors = vectors with { Embeddings = latentSpace.Place(vectors.All, from, refit: renumber) };
        WindowNeighbours.Renew(library, vectors.All, from);
        MeaningNeighbours.FillMissing(library, from);
        var anchored = membership.Anchored(from, n, renumber);
        var pairs = FirstStage(vectors, anchored);
        for (var i = 0; i < n; i++)
        {
            library[from + i].Top = new TopScores();
        }
        foreach (var (i, j, q) in pairs)
        {
            library[from + i].Top.Offer(q);
            library[from + j].Top.Offer(q);
        }
        for (var k = 0; k < pairs.Count; k++)
        {
            var (i, j, q) = pairs[k];
            pairs[k] = (i, j, scorer.Final(q, library[from + i], library[from + j]));
        }
        var labels = AverageLinkage.Cluster(n, pairs, options.Threshold);
        LoneAttachment.Attach(labels, pairs, options.AttachThreshold, i => library[from + i].Meaning is not null);

        membership.Relabel(from, labels, anchored, renumber);
    }

    /// <summary>Each candidate pair of the window's articles that are not <paramref name="anchored"/> once (window
    /// positions, lower first), with its first-stage probability.</summary>
    List<(int, int, double)> FirstStage(WindowVectors vectors, bool[] anchored)
    {
        var from = vectors.From;
        var all = vectors.All;
        var pairs = new List<(int, int, double)>();
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < all.Length; i++)
        {
            if (anchored[i])
            {
                continue;
            }
            var neighbours = library[from + i].Neighbours;
            for (var r = 0; r < Math.Min(StoryGraph.Candidates, neighbours.Count); r++)
            {
                var (sim, d) = neighbours[r];
                var j = d - from;
                if (anchored[j])
                {
                    continue;
                }
                var key = i < j ? (i, j) : (j, i);
                if (seen.Add(key))
                {
                    pairs.Add((key.Item1, key.Item2, scorer.Probability(from + key.Item1, from + key.Item2, sim, vectors)));
                }
            }
            if (library[from + i].ByMeaning is { } byMeaning)
            {
                for (var r = 0; r < Math.Min(MeaningNeighbours.Candidates, byMeaning.Count); r++)
                {
                    var j = byMeaning[r].Doc - from;
                    if (j < 0 || anchored[j])
                    {
                        continue;
                    }
                    var key = i < j ? (i, j) : (j, i);
                    if (seen.Add(key))
                    {
                        var combined = all[key.Item1].Dot(all[key.Item2]) * library.TimeFactor(library[from + key.Item1], library[from + key.Item2]);
                        pairs.Add((key.Item1, key.Item2, scorer.Probability(from + key.Item1, from + key.Item2, combined, vectors)));
                    }
                }
            }
        }
        return pairs;
    }
}
