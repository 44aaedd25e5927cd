namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Same-story probability of a pair of articles in two stages (<see cref="StoryGraph"/>): the first from the pair's
/// similarity features, the second (<see cref="Final"/>) against each article's best first-stage probabilities, with the
/// same-source factor. Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class StoryPairScorer(StoryLibrary library, StoryLatentSpace latentSpace, StoryClustererOptions options)
{
    /// <summary>Development hook: sees every scored pair's features (used to fit the weights on a training corpus).</summary>
    public Action<string, string, double[]>? Observer { get; set; }

    /// <summary>First-stage probability of the articles at <paramref name="a"/> and <paramref name="b"/> whose combined
    /// cosine (times the time factor) is <paramref name="combined"/>; field cosines and latent positions are read from
    /// <paramref name="window"/> when both are in it (a re-clustering), else taken now.</summary>
    public double Probability(int a, int b, double combined, WindowVectors? window)
    {
        var da = library[a];
        var db = library[b];
        double Cos(int field, Func<Bags, Bag> pick) =>
            window is not null ? window.Fields[field][a - window.From].Dot(window.Fields[field][b - window.From]) : library.Vocabulary.Vector(pick(da.Bags)).Dot(library.Vocabulary.Vector(pick(db.Bags)));
        // Latent similarity; before any window has been fitted, the plain cosine stands in for it.
        var latent = window?.Embeddings is { } embeddings ? StoryLsa.Cosine(embeddings[a - window.From], embeddings[b - window.From])
            : latentSpace.IsFitted ? StoryLsa.Cosine(latentSpace.Position(da), latentSpace.Position(db))
            : combined;
        // Meaning (sentence encoder) cosine of title and lead; without vectors the latent cosine stands in for it.
        var meaning = da.Meaning is { } ma && db.Meaning is { } mb ? Semantics.VectorMath.Dot(ma, mb) : latent;
        // ... and against each article's closest meaning among its candidates: a pair is likelier when it is each one's best.
        var (bestA, bestB) = da.Meaning is not null && db.Meaning is not null ? (BestMeaning(da), BestMeaning(db)) : (meaning, meaning);
        var features = StoryGraph.Features(
            combined, Cos(0, x => x.Title), Cos(1, x => x.Body), Cos(2, x => x.Names),
            da.Neighbours, db.Neighbours, a, b, latent, meaning, bestA, bestB,
            MeaningPlace(da, db, a, b, meaning),
            da.Sentences is { } sa && db.Sentences is { } sb ? PackedSentences.Compare(sa, sb, meaning) : (meaning, meaning, meaning),
            StoryDays.Marks.Compare(da.Days, db.Days));
        Observer?.Invoke(da.Id, db.Id, features);
        // Rank features say "nearest", not "near": in a small or sparse library a lone article's
        // nearest neighbour can share next to nothing with it.
        return StoryGraph.FirstStage(features, da.Meaning is not null && db.Meaning is not null, options.MinSimilarity);
    }

    /// <summary>Second stage: the pair's first-stage probability against each article's best ones; then the same-source factor.</summary>
    public double Final(double q, StoryArticle da, StoryArticle db)
    {
        if (q <= 0)
        {
            return 0;
        }
        var p = StoryGraph.Relative(q, da.Top, db.Top, da.Meaning is not null && db.Meaning is not null);
        if (da.Source is not null && string.Equals(da.Source, db.Source, StringComparison.OrdinalIgnoreCase))
        {
            p *= options.SameSourceFactor;
        }
        return p;
    }

    /// <summary>Where the pair stands in the two articles' lists by meaning (their cosine times the time factor); without
    /// meaning vectors, neutral values.</summary>
    StoryGraph.MeaningPlace MeaningPlace(StoryArticle da, StoryArticle db, int a, int b, double meaning)
    {
        if (da.ByMeaning is not { } la || db.ByMeaning is not { } lb)
        {
            return new StoryGraph.MeaningPlace(0, 0, 0, 0, 0, 0);
        }
        var s = meaning * library.TimeFactor(da, db);
        double ra = la.RankOf(b), rb = lb.RankOf(a);
        return new StoryGraph.MeaningPlace(
            Math.Log(1 + Math.Min(ra, rb)), Math.Log(1 + Math.Max(ra, rb)),
            s - Math.Max(la.SimAt(1), lb.SimAt(1)), s - Math.Min(la.SimAt(1), lb.SimAt(1)),
            s - Math.Max(la.SimAt(2), lb.SimAt(2)), s - Math.Min(la.SimAt(2), lb.SimAt(2)));
    }

    /// <summary>The highest meaning cosine of an article with any of its neighbours (by wording).</summary>
    double BestMeaning(StoryArticle d)
    {
        var best = 0.0;
        for (var i = 0; i < d.Neighbours.Count; i++)
        {
            if (library[d.Neighbours[i].Doc].Meaning is { } m)
            {
                best = Math.Max(best, Semantics.VectorMath.Dot(d.Meaning!, m));
            }
        }
        return best;
    }
}
