using System.Collections.Concurrent;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Library;

/// <summary>An in-memory BM25 index over the library's titles and texts, built from storage on first
/// use and kept current as articles arrive. LiteDB has no full-text search; a library of tens of
/// thousands of articles fits comfortably in memory.</summary>
public sealed class SearchIndex(IArticleStore articles)
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<int, int>> _postings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _lengths = new();
    private long _totalLength;
    private bool _loaded;

    public void Add(Article article)
    {
        lock (_gate)
        {
            EnsureLoaded();
            AddUnlocked(article);
        }
    }

    /// <summary>Article ids best matching the words, best first.</summary>
    public IReadOnlyList<(int ArticleId, double Score)> Search(string words, int limit)
    {
        var terms = Terms(words).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0)
        {
            return [];
        }
        lock (_gate)
        {
            EnsureLoaded();
            var n = _lengths.Count;
            if (n == 0)
            {
                return [];
            }
            var average = (double)_totalLength / n;
            var scores = new Dictionary<int, double>();
            foreach (var term in terms)
            {
                if (!_postings.TryGetValue(term, out var posting))
                {
                    continue;
                }
                var idf = Math.Log(1 + ((n - posting.Count + 0.5) / (posting.Count + 0.5)));
                foreach (var (id, tf) in posting)
                {
                    var length = _lengths[id];
                    var score = idf * (tf * (K1 + 1)) / (tf + (K1 * (1 - B + (B * length / average))));
                    scores[id] = scores.GetValueOrDefault(id) + score;
                }
            }
            return scores.OrderByDescending(s => s.Value).ThenByDescending(s => s.Key).Take(limit)
                .Select(s => (s.Key, s.Value)).ToList();
        }
    }

    private void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }
        foreach (var article in articles.All())
        {
            AddUnlocked(article);
        }
        _loaded = true;
    }

    private void AddUnlocked(Article article)
    {
        if (_lengths.ContainsKey(article.Id))
        {
            return;
        }
        var length = 0;
        // The title counts twice: it names what the article is about.
        foreach (var term in Terms(article.Title).Concat(Terms(article.Title)).Concat(Terms(article.Text)))
        {
            length++;
            if (!_postings.TryGetValue(term, out var posting))
            {
                posting = [];
                _postings[term] = posting;
            }
            posting[article.Id] = posting.GetValueOrDefault(article.Id) + 1;
        }
        _lengths[article.Id] = length;
        _totalLength += length;
    }

    private static IEnumerable<string> Terms(string text) => TextTerms.Terms(text);
}
