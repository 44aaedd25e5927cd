namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Places one arriving article at once: its neighbour lists both ways (by wording through the postings, by meaning
/// against the window), the same-story probability of each candidate, and the story with the highest mean probability
/// over its articles if that clears the threshold, else a new story. The next re-clustering of the window may move it.
/// Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class StoryArrival(StoryLibrary library, StoryMembership membership, StoryPairScorer scorer, StoryClustererOptions options)
{
    /// <summary>Puts the just-inserted article at <paramref name="index"/> into a story.</summary>
    public void Place(int index)
    {
        var doc = library[index];

        // Neighbours both ways, then the same-story probability of each candidate.
        var sims = library.Similarities(index);
        foreach (var (d, s) in sims)
        {
            doc.Neighbours.Offer(s, d);
            library[d].Neighbours.Offer(s, index);
        }
        var nearestTo = MeaningNeighbours.Compare(library, index, Math.Max(0, library.Count - options.Window), offerBack: true);
        var scored = CandidateProbabilities(index, sims, nearestTo).ToList();
        foreach (var (d, q) in scored)
        {
            doc.Top.Offer(q);
            library[d].Top.Offer(q);
        }
        var storySums = new Dictionary<int, double>();
        foreach (var (d, q) in scored)
        {
            var p = scorer.Final(q, doc, library[d]);
            storySums[library[d].Story] = storySums.GetValueOrDefault(library[d].Story) + p;
        }
        var best = -1;
        var bestScore = options.Threshold;
        foreach (var (story, sum) in storySums)
        {
            var mean = sum / membership.Size(story);
            if (mean >= bestScore)
            {
                bestScore = mean;
                best = story;
            }
        }
        if (best < 0)
        {
            best = membership.Open();
        }
        membership.Join(index, best);
    }

    /// <summary>Same-story probability of an article with each candidate: its nearest by wording and by meaning, and
    /// those it is nearest to.</summary>
    IEnumerable<(int Doc, double P)> CandidateProbabilities(int index, Dictionary<int, float> sims, List<int> nearestByMeaning)
    {
        var doc = library[index];
        var candidates = new HashSet<int>(doc.Neighbours.Top(StoryGraph.Candidates));
        foreach (var d in sims.Keys)
        {
            if (library[d].Neighbours.RankOf(index) < StoryGraph.Candidates)
            {
                candidates.Add(d);
            }
        }
        if (doc.ByMeaning is { } byMeaning)
        {
            candidates.UnionWith(byMeaning.Top(MeaningNeighbours.Candidates));
        }
        candidates.UnionWith(nearestByMeaning);
        foreach (var d in candidates)
        {
            yield return (d, scorer.Probability(index, d, sims.GetValueOrDefault(d), null));
        }
    }
}
