namespace DiscussionBot.TextAnalysis;

/// <summary>
/// The clusterer's articles in arrival order (an article's index is its place here), the vocabulary their terms are
/// counted in, and the postings (term → articles holding it) through which an article finds the ones it shares words
/// with. Not thread-safe (the clusterer holds its lock).
/// </summary>
internal sealed class StoryLibrary(StoryClustererOptions options)
{
    readonly List<StoryArticle> articles = [];
    readonly Dictionary<string, int> indexById = new(StringComparer.Ordinal);
    readonly Dictionary<int, List<int>> postings = [];

    /// <summary>Bags of articles counted by <see cref="Prime"/> and not inserted yet: interned once, not again at insertion.</summary>
    readonly Dictionary<string, (Bags Bags, StoryDays.Marks? Days)> primed = new(StringComparer.Ordinal);

    public StoryVocabulary Vocabulary { get; } = new();

    public int Count => articles.Count;

    public StoryArticle this[int index] => articles[index];

    /// <summary>The index of the article with <paramref name="id"/>, when it has been inserted.</summary>
    public bool TryFind(string id, out int index) => indexById.TryGetValue(id, out index);

    /// <summary>Counts the document frequencies of an article about to be inserted (once per id), so early ones are
    /// weighted as well as late ones.</summary>
    public void Prime(StoryInput article)
    {
        if (indexById.ContainsKey(article.Id) || primed.ContainsKey(article.Id))
        {
            return;
        }
        var prepared = Prepare(article);
        primed[article.Id] = prepared;
        Vocabulary.Count(prepared.Bags);
    }

    /// <summary>Stores an article (in no story yet), counting its terms unless it was primed, and returns its index.</summary>
    public int Insert(StoryInput article)
    {
        if (!primed.Remove(article.Id, out var prepared))
        {
            prepared = Prepare(article);
            Vocabulary.Count(prepared.Bags);
        }
        var bags = prepared.Bags;
        var index = articles.Count;
        articles.Add(new StoryArticle(article.Id, bags, string.IsNullOrWhiteSpace(article.Source) ? null : article.Source.Trim(), article.Published)
        {
            Story = -1, Meaning = article.Meaning, Sentences = article.Sentences?.Pack(), Days = prepared.Days,
        });
        indexById[article.Id] = index;
        foreach (var t in bags.All.Terms)
        {
            if (!postings.TryGetValue(t, out var list))
            {
                postings[t] = list = [];
            }
            list.Add(index);
        }
        return index;
    }

    /// <summary>How much nearer in time makes two articles likelier the same event (1 when either has no date).</summary>
    public double TimeFactor(StoryArticle a, StoryArticle b) =>
        a.Published is { } p && b.Published is { } q
            ? Math.Exp(-Math.Abs((p - q).TotalDays) / options.TimeScale.TotalDays)
            : 1.0;

    /// <summary>Combined cosine (times the time factor) of one article with every other article sharing a term, through the postings.</summary>
    public Dictionary<int, float> Similarities(int index)
    {
        var v = Vocabulary.Vector(articles[index].Bags.All);
        var dots = new Dictionary<int, double>();
        for (var i = 0; i < v.Ids.Length; i++)
        {
            if (!postings.TryGetValue(v.Ids[i], out var list))
            {
                continue;
            }
            foreach (var d in list)
            {
                if (d == index)
                {
                    continue;
                }
                var other = Vocabulary.Vector(articles[d].Bags.All);
                // Each pair is summed term by term; cheaper to take the full dot once per neighbour.
                if (!dots.ContainsKey(d))
                {
                    dots[d] = v.Dot(other);
                }
            }
        }
        var result = new Dictionary<int, float>(dots.Count);
        foreach (var (d, dot) in dots)
        {
            if (dot > 0)
            {
                result[d] = (float)(dot * TimeFactor(articles[index], articles[d]));
            }
        }
        return result;
    }

    (Bags Bags, StoryDays.Marks? Days) Prepare(StoryInput article)
    {
        var terms = article.Terms ?? StoryTerms.Of(article, options);
        return (Vocabulary.Intern(terms), terms.Days is { } days ? StoryDays.Read(days, StoryDays.Lead) : null);
    }
}
