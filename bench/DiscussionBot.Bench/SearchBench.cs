using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Host;
using DiscussionBot.Host.Cli;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Bench;

/// <summary>
/// <c>search [--articles 1000,10000,100000] [--queries 200]</c>: why /search stays on Lucene.Net (issue 15: "Lucene.Net
/// or LiteDB indexes, your call, measured"). For each size a library is built as <c>discussionbot bench library</c>
/// builds it (the same corpus articles, the same import), then the same BM25 (k1 1.2, b 0.75, titles counted twice,
/// <see cref="TextTerms"/>' words) is asked over the library's on-disk Lucene index and over a LiteDB postings collection
/// (one document per word: its articles and counts, packed; the article lengths in one document), the same title queries
/// side by side in one process: p50/p99 and the size of each index, and how often both give the same best hit. The
/// LiteDB side exists only here, so the shipped binary carries no second search engine.
/// </summary>
public static class SearchBench
{
    public static async Task<int> RunAsync(IReadOnlyList<int> sizes, int queryCount, TextWriter output, CancellationToken ct)
    {
        var corpus = BenchCorpus.Load(Console.Error);
        if (corpus.Count == 0)
        {
            await Console.Error.WriteLineAsync("No corpus articles found under ../shared/corpora (allsides-*.jsonl, bbc-summary-dev.jsonl).");
            return 2;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{corpus.Count:N0} corpus articles; {queryCount} title queries per size, Lucene and LiteDB postings side by side"));
        await output.WriteLineAsync("articles | added | Lucene p50/p99 ms | Lucene index MB | LiteDB p50/p99 ms | LiteDB index MB | LiteDB built in s | same best hit");
        foreach (var size in sizes)
        {
            ct.ThrowIfCancellationRequested();
            var directory = Directory.CreateTempSubdirectory("discussionbot-search-bench-");
            try
            {
                var db = Path.Combine(directory.FullName, "bench.db");
                var (added, _) = LibraryBench.Import(db, corpus, size, ct);
                using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=false", "--Logging:LogLevel:Default=Warning"], HostMode.Tool).Build();
                var store = host.Services.GetRequiredService<IArticleStore>();
                var ids = store.Ids();
                var random = new Random(16);
                var queries = Enumerable.Range(0, queryCount).Select(_ => string.Join(' ', (store.Get(ids[random.Next(ids.Count)])?.Title ?? "council vote")
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).Take(3))).Where(q => q.Length > 0).ToList();
                var r = Run(host.Services.GetRequiredService<SearchIndex>(), store, db + ".search", Path.Combine(directory.FullName, "postings.db"), queries);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{size:N0} | {added:N0} | {r.LuceneP50:F2}/{r.LuceneP99:F2} | {r.LuceneMegabytes:F1} | {r.LiteP50:F2}/{r.LiteP99:F2} | {r.LiteMegabytes:F1} | {r.LiteBuildSeconds:F1} | {r.TopAgreement:P0}"));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }
        return 0;
    }

    internal sealed record Result(double LuceneP50, double LuceneP99, double LuceneMegabytes, double LiteP50, double LiteP99, double LiteMegabytes, double LiteBuildSeconds, double TopAgreement);

    internal static Result Run(SearchIndex lucene, IArticleStore articles, string luceneFolder, string postingsFile, IReadOnlyList<string> queries)
    {
        var build = Stopwatch.StartNew();
        using (var db = new LiteDatabase(new ConnectionString { Filename = postingsFile, Connection = ConnectionType.Direct }))
        {
            Build(db, articles);
        }
        var buildSeconds = build.Elapsed.TotalSeconds;
        using var postings = new LiteDatabase(new ConnectionString { Filename = postingsFile, Connection = ConnectionType.Direct, ReadOnly = true });
        var lite = new LitePostings(postings);
        foreach (var q in queries.Take(10))
        {
            lucene.Search(q, 5);
            lite.Search(q, 5);
        }
        var luceneTimes = new List<double>();
        var liteTimes = new List<double>();
        var agree = 0;
        foreach (var q in queries)
        {
            var t = Stopwatch.GetTimestamp();
            var a = lucene.Search(q, 5);
            luceneTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            var b = lite.Search(q, 5);
            liteTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            agree += a.Count > 0 && b.Count > 0 && a[0].ArticleId == b[0] ? 1 : 0;
        }
        static double Megabytes(IEnumerable<string> files) => files.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;
        return new Result(P(luceneTimes, 0.5), P(luceneTimes, 0.99), Megabytes(Directory.EnumerateFiles(luceneFolder)),
            P(liteTimes, 0.5), P(liteTimes, 0.99), Megabytes([postingsFile]), buildSeconds, agree / (double)Math.Max(1, queries.Count));
    }

    private static double P(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))];
    }

    /// <summary>Postings built in memory a slice of words at a time (by hash), then written one document per word.</summary>
    private static void Build(LiteDatabase db, IArticleStore articles)
    {
        var words = db.GetCollection("postings");
        var lengths = new Dictionary<int, int>();
        const int Slices = 2;
        for (var slice = 0; slice < Slices; slice++)
        {
            var map = new Dictionary<string, List<(int Id, int Count)>>(StringComparer.Ordinal);
            foreach (var page in articles.Pages(500))
            {
                foreach (var article in page)
                {
                    var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                    var length = 0;
                    foreach (var term in TextTerms.Terms(article.Title).Concat(TextTerms.Terms(article.Title)).Concat(TextTerms.Terms(article.Text)))
                    {
                        length++;
                        if ((term.GetHashCode(StringComparison.Ordinal) & int.MaxValue) % Slices == slice)
                        {
                            counts[term] = counts.GetValueOrDefault(term) + 1;
                        }
                    }
                    lengths[article.Id] = length;
                    foreach (var (term, count) in counts)
                    {
                        if (!map.TryGetValue(term, out var list))
                        {
                            map[term] = list = [];
                        }
                        list.Add((article.Id, count));
                    }
                }
            }
            db.BeginTrans();
            words.InsertBulk(map.Select(kv => new BsonDocument
            {
                ["_id"] = kv.Key,
                ["p"] = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(kv.Value)).ToArray(),
            }));
            db.Commit();
        }
        var ids = lengths.Keys.Order().ToArray();
        db.GetCollection("lengths").Upsert(new BsonDocument
        {
            ["_id"] = 1,
            ["ids"] = MemoryMarshal.AsBytes(ids.AsSpan()).ToArray(),
            ["n"] = MemoryMarshal.AsBytes(ids.Select(i => lengths[i]).ToArray().AsSpan()).ToArray(),
        });
    }

    /// <summary>BM25 over the postings collection: the article lengths held (4 bytes an article), each query word's postings read by its id.</summary>
    private sealed class LitePostings
    {
        private readonly ILiteCollection<BsonDocument> _words;
        private readonly Dictionary<int, int> _lengths = [];
        private readonly double _averageLength;

        public LitePostings(LiteDatabase db)
        {
            _words = db.GetCollection("postings");
            var doc = db.GetCollection("lengths").FindById(1);
            var ids = MemoryMarshal.Cast<byte, int>(doc["ids"].AsBinary).ToArray();
            var n = MemoryMarshal.Cast<byte, int>(doc["n"].AsBinary).ToArray();
            for (var i = 0; i < ids.Length; i++)
            {
                _lengths[ids[i]] = n[i];
            }
            _averageLength = n.Length == 0 ? 1 : n.Average();
        }

        public List<int> Search(string words, int limit)
        {
            var scores = new Dictionary<int, double>();
            var total = _lengths.Count;
            foreach (var term in TextTerms.Terms(words).Distinct(StringComparer.Ordinal))
            {
                if (_words.FindById(term) is not { } doc)
                {
                    continue;
                }
                var postings = MemoryMarshal.Cast<byte, (int Id, int Count)>(doc["p"].AsBinary);
                var idf = Math.Log(1 + (total - postings.Length + 0.5) / (postings.Length + 0.5));
                foreach (var (id, count) in postings)
                {
                    var norm = 1.2 * (1 - 0.75 + 0.75 * _lengths[id] / _averageLength);
                    scores[id] = scores.GetValueOrDefault(id) + idf * count * 2.2 / (count + norm);
                }
            }
            return scores.OrderByDescending(s => s.Value).ThenByDescending(s => s.Key).Take(limit).Select(s => s.Key).ToList();
        }
    }
}
