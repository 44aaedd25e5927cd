namespace DiscussionBot.TextAnalysis;

/// <summary>One field of an article's terms as vocabulary ids (sorted) with their counts.</summary>
internal readonly record struct Bag(int[] Terms, double[] Counts);

/// <summary>Term bags of one article: the combined features and the title, body and name fields alone.</summary>
internal sealed record Bags(Bag All, Bag Title, Bag Body, Bag Names)
{
    /// <summary>Every term id of every field (with repeats across fields): what document frequencies count.</summary>
    public IEnumerable<int> Distinct() => All.Terms.Concat(Title.Terms).Concat(Body.Terms).Concat(Names.Terms);
}

/// <summary>
/// The clusterer's vocabulary: term ids, document frequencies and the TF-IDF weighting of a bag under them.
/// Document frequencies grow with the articles counted, so weights sharpen as the library grows. Not thread-safe
/// (the clusterer holds its lock).
/// </summary>
internal sealed class StoryVocabulary
{
    readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    readonly List<int> documentFrequency = [];
    int documentCount;

    /// <summary>The bags of <paramref name="terms"/>, new names getting new ids (in the order met).</summary>
    public Bags Intern(StoryTerms terms) => new(
        ToBag(terms.All),
        ToBag(terms.Title.Select(t => new KeyValuePair<string, double>(t, 1.0))),
        ToBag(terms.Body.Select(t => new KeyValuePair<string, double>(t, 1.0))),
        ToBag(terms.Names.Select(t => new KeyValuePair<string, double>(t, 1.0))));

    /// <summary>Counts one more document holding <paramref name="bags"/>' terms.</summary>
    public void Count(Bags bags)
    {
        foreach (var term in bags.Distinct())
        {
            documentFrequency[term]++;
        }
        documentCount++;
    }

    /// <summary>The bag as an L2-normalised TF-IDF vector under the current document frequencies.</summary>
    public SparseVector Vector(Bag bag)
    {
        var terms = bag.Terms;
        var w = new float[terms.Length];
        double norm = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var x = TermWeight(bag.Counts[i]) * Idf(terms[i]);
            w[i] = (float)x;
            norm += x * x;
        }
        if (norm > 0)
        {
            var inv = 1 / Math.Sqrt(norm);
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(w[i] * inv);
            }
        }
        return new SparseVector(terms, w);
    }

    // Ten pseudo-documents that contain no term keep IDF sane for a handful of articles: with two
    // articles, a word both share would otherwise weigh almost nothing, and they could never match.
    double Idf(int term) => Math.Log((documentCount + 10.0) / (documentFrequency[term] + 0.5));

    static double TermWeight(double count) => count < 1 ? count : 1 + Math.Log(count);

    Bag ToBag(IEnumerable<KeyValuePair<string, double>> features)
    {
        var map = new Dictionary<int, double>();
        foreach (var (term, count) in features)
        {
            var id = Id(term);
            map[id] = map.GetValueOrDefault(id) + count;
        }
        var terms = map.Keys.ToArray();
        var counts = map.Values.ToArray();
        Array.Sort(terms, counts);
        return new Bag(terms, counts);
    }

    int Id(string term)
    {
        if (!ids.TryGetValue(term, out var id))
        {
            id = ids.Count;
            ids[term] = id;
            documentFrequency.Add(0);
        }
        return id;
    }
}
