namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Story clustering from pair probabilities: a small logistic model says how likely two articles
/// are on the same event from a handful of similarity features, and average linkage over those
/// probabilities (pairs never compared count as 0, <see cref="AverageLinkage"/>) groups articles into stories.
/// <para>
/// The features: cosine of the combined TF-IDF vector (title, lead, body, bigrams, names), of the
/// titles alone, of the bodies alone and of multi-word names; where each article stands in the
/// other's neighbour list (rank); the similarity relative to each article's best and third-best
/// neighbour (a pair on a busy topic shares words with everyone, a terse pair shares few with
/// anyone); how many of their ten nearest neighbours they share; their cosine in a latent (LSA)
/// space fitted on the window, which sees synonyms; and the cosine of their neighbour profiles. With the sentence
/// encoder's vectors: the cosine of the title + lead meaning vectors, against each article's best and third-best by
/// meaning and as a rank in each one's list by meaning (<see cref="MeaningNeighbours"/>), and sentence by sentence
/// (<see cref="PackedSentences.Compare"/>: titles, best sentence match, mean best match). And whether the two name the
/// same day or different days for their event (<see cref="StoryDays"/>: weekday names and month-day dates of title and
/// lead), which holds whatever hour each was published at. A
/// second stage weighs that probability against each article's best ones (<see cref="Relative"/>). The weights were fitted on
/// allsides-train pairs (candidates = each article's ten nearest by wording and five nearest by meaning) and are
/// evaluated on allsides-val and allsides-labeled-dev.
/// </para>
/// </summary>
internal static class StoryGraph
{
    public const int ListSize = 40;
    public const int Candidates = 10;

    // Logistic weights over Features(); fitted by logistic regression on allsides-train candidate
    // pairs, in chunks of 307 stories (the size of allsides-val), with
    // the partners of 40% of the stories dropped so that articles nobody else covers are in the
    // training too (a lone article's nearest neighbour is near only by rank, not by content). Order: bias, combined, title, body, names, log(1+min rank), log(1+max rank),
    // sim/max(best), sim/min(best), sim-max(third), sim-min(third), shared neighbours,
    // latent (LSA) cosine, second-order cosine (of the two neighbour profiles), meaning cosine (sentence encoder, title +
    // lead), meaning cosine minus the higher / the lower of the two articles' best meaning cosine among their candidates,
    // log(1+min / max rank) in the two lists by meaning, time-weighted meaning cosine minus the higher / lower of their
    // second-best and of their third-best by meaning, title vector cosine, best sentence-to-sentence cosine, mean best sentence match,
    // and the days title and lead name (StoryDays, title + five sentences): both name a weekday and share one, both name
    // one and share none, both name a month-day date and share one, both name one and share none (0 when either names none).
    // The model without vectors has 0 for the meaning features: they are stand-ins there, equal to the latent cosine, and
    // the fit's equal shares of them are folded into the latent cosine's weight (the same model).
    // Regenerate with tools/StoryFit (`dotnet run -c Release --project tools/StoryFit -- fit`).
    internal static double[] Weights =
    [
        -5.217, -16.743, 2.043, -0.766, -1.748, -0.100, -0.368, 2.612, 1.007, 8.997, 22.355, -0.550, 6.555, -0.047, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.926, -1.457, 0.593, -1.002,
    ];

    // The same model refitted with the sentence encoder's title + lead cosine (last feature) for pairs whose
    // articles both have stored vectors (tools/StoryFit fit, vectors through the cache of tools/StanceFit encode).
    internal static double[] MeaningWeights =
    [
        -1.068, -9.851, -0.639, -2.335, -1.289, 0.064, -0.129, 1.474, 1.172, 5.676, 16.769, -0.148, 3.537, 0.736, -6.288, 1.760, 3.200, 0.167, -0.204, 7.641, -1.285, -2.261, 10.045, 1.922, 3.180, -1.103, 0.966, -1.399, 0.973, -1.000,
    ];

    /// <summary>Where a pair stands in its two articles' lists by meaning: log(1 + rank), the nearer and the farther of the
    /// two, and its time-weighted meaning cosine minus the higher and the lower of their second-best and third-best.</summary>
    public readonly record struct MeaningPlace(double MinRank, double MaxRank, double OverMaxSecond, double OverMinSecond, double OverMaxThird, double OverMinThird);

    public static double[] Features(double combined, double title, double body, double names, NeighbourList a, NeighbourList b, int ia, int ib, double latent, double meaning, double bestMeaningA, double bestMeaningB, MeaningPlace place,
        (double Title, double Max, double MeanBest) sentences, (double SameWeekday, double OtherWeekday, double SameDate, double OtherDate) days)
    {
        double ra = a.RankOf(ib), rb = b.RankOf(ia);
        double bestA = a.SimAt(0), bestB = b.SimAt(0);
        double thirdA = a.SimAt(2), thirdB = b.SimAt(2);
        var shared = 0;
        foreach (var x in a.Top(Candidates))
        {
            foreach (var y in b.Top(Candidates))
            {
                if (x == y)
                {
                    shared++;
                    break;
                }
            }
        }
        return
        [
            1, combined, title, body, names,
            Math.Log(1 + Math.Min(ra, rb)), Math.Log(1 + Math.Max(ra, rb)),
            combined / Math.Max(1e-3, Math.Max(bestA, bestB)), combined / Math.Max(1e-3, Math.Min(bestA, bestB)),
            combined - Math.Max(thirdA, thirdB), combined - Math.Min(thirdA, thirdB),
            shared / (double)Candidates,
            latent, SecondOrder(a, b, ia, ib), meaning,
            meaning - Math.Max(bestMeaningA, bestMeaningB), meaning - Math.Min(bestMeaningA, bestMeaningB),
            place.MinRank, place.MaxRank, place.OverMaxSecond, place.OverMinSecond, place.OverMaxThird, place.OverMinThird,
            sentences.Title, sentences.Max, sentences.MeanBest,
            days.SameWeekday, days.OtherWeekday, days.SameDate, days.OtherDate,
        ];
    }

    /// <summary>Cosine of the two articles' similarity profiles (each with itself at 1): near the same articles, alike.</summary>
    static double SecondOrder(NeighbourList a, NeighbourList b, int ia, int ib)
    {
        double dot = 0, na = 1, nb = 1;
        for (var i = 0; i < a.Count; i++)
        {
            na += a[i].Sim * a[i].Sim;
        }
        for (var j = 0; j < b.Count; j++)
        {
            nb += b[j].Sim * b[j].Sim;
            if (b[j].Doc == ia)
            {
                dot += b[j].Sim;
            }
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Doc == ib)
            {
                dot += a[i].Sim;
            }
            for (var j = 0; j < b.Count; j++)
            {
                if (a[i].Doc == b[j].Doc)
                {
                    dot += a[i].Sim * b[j].Sim;
                    break;
                }
            }
        }
        return dot / Math.Sqrt(na * nb);
    }

    // Second stage over the first stage's probability q of a pair and the best and third-best q each
    // of the two articles has with anyone: a pair is more likely when it is each one's best match
    // than when both have better ones. Order: bias, logit(q), q, q-max(best), q-min(best),
    // q-max(third), q-min(third). Fitted after Weights, on the same pairs (tools/StoryFit).
    internal static double[] RelativeWeights = [1.044, 0.810, -3.430, 0.758, 1.178, 2.686, 1.444];

    internal static double[] MeaningRelativeWeights = [0.592, 0.742, -2.603, 0.690, 1.106, 2.541, 1.552];

    public static double[] RelativeFeatures(double q, TopScores a, TopScores b)
    {
        var c = Math.Clamp(q, 1e-4, 1 - 1e-4);
        return
        [
            1, Math.Log(c / (1 - c)), q,
            q - Math.Max(a.Best, b.Best), q - Math.Min(a.Best, b.Best),
            q - Math.Max(a.Third, b.Third), q - Math.Min(a.Third, b.Third),
        ];
    }

    // The linkage threshold chosen on train is 0.2 for the model by wording and 0.25 for the model with meaning (with the
    // lone-attachment pass at 0.18; tools/StoryFit cv, held-out train chunks): the latter's second-stage probabilities are
    // scaled by 0.2 / 0.25, so that one threshold (a mean over a story's pairs, linear in them) serves both, also in a
    // window where only some articles have vectors yet; StoryClustererOptions.AttachThreshold is 0.18 on the same scale.
    internal static double MeaningScale = 0.2 / 0.25;

    public static double Relative(double q, TopScores a, TopScores b, bool meaning = false) =>
        meaning ? MeaningScale * Logistic(MeaningRelativeWeights, RelativeFeatures(q, a, b)) : Logistic(RelativeWeights, RelativeFeatures(q, a, b));

    static double Logistic(double[] weights, double[] features)
    {
        double z = 0;
        for (var k = 0; k < features.Length; k++)
        {
            z += weights[k] * features[k];
        }
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The first-stage probability of a pair as the clusterer uses it: without meaning vectors, a pair whose combined
    /// cosine is under <paramref name="minSimilarity"/> is never the same story, however near it ranks (rank features say
    /// "nearest", not "near"); with them, the model weighs the meaning cosine too.</summary>
    public static double FirstStage(double[] features, bool meaning, double minSimilarity) =>
        !meaning && features[1] < minSimilarity ? 0 : Probability(features, meaning);

    public static double Probability(double[] features, bool meaning = false) =>
        Logistic(meaning ? MeaningWeights : Weights, features);
}
