using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace DiscussionBot.Core.Library;

/// <summary>
/// BM25 full-text search over the library's titles (counted twice) and texts, on disk with Lucene.Net
/// (<see cref="LibraryOptions.SearchIndexPath"/>; in memory when empty), so a library of 100,000 articles costs no
/// postings in the heap. The terms are <see cref="TextTerms"/>' (the same words the in-memory index used) and the
/// scoring is BM25 with k1 1.2 and b 0.75, as before. At first use the index is checked against the database: a
/// missing or unreadable index is rebuilt from it, and articles it lacks (an import cut short) are added; each says
/// so in the log. Writes are committed every <see cref="CommitEvery"/> articles and when the process stops.
/// </summary>
public sealed partial class SearchIndex(IArticleStore articles, IOptions<LibraryOptions> options, ILogger<SearchIndex> logger) : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    // A commit flushes and syncs the index files to disk: costly, and nothing is lost by waiting (articles the index
    // lacks after a crash are added at the next start). Between commits Lucene still writes its buffer out as it fills.
    private const int CommitEvery = 5000;
    private const string IdField = "id";
    private const string TextField = "text";

    private readonly System.Threading.Lock _gate = new();
    private readonly Analyzer _analyzer = new TermsAnalyzer();
    private readonly BM25Similarity _similarity = new(1.2f, 0.75f);
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private int _uncommitted;

    public void Add(Article article)
    {
        lock (_gate)
        {
            EnsureOpen();
            AddUnlocked(article);
            if (++_uncommitted >= CommitEvery)
            {
                _writer!.Commit();
                _uncommitted = 0;
            }
        }
    }

    /// <summary>Article ids best matching the words, best first (equal scores: the newer first).</summary>
    public IReadOnlyList<(int ArticleId, double Score)> Search(string words, int limit)
    {
        var terms = TextTerms.Terms(words).Distinct(StringComparer.Ordinal).ToList();
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }
        SearcherManager searchers;
        lock (_gate)
        {
            EnsureOpen();
            searchers = _searchers!;
        }
        searchers.MaybeRefreshBlocking();
        var searcher = searchers.Acquire();
        try
        {
            searcher.Similarity = _similarity;
            var query = new BooleanQuery();
            foreach (var term in terms)
            {
                query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
            }
            // A few more than asked, so that equal scores can be ordered newest first as before.
            var top = searcher.Search(query, limit + 16);
            return top.ScoreDocs
                .Select(hit => (Id: int.Parse(searcher.Doc(hit.Doc).Get(IdField), System.Globalization.CultureInfo.InvariantCulture), Score: (double)hit.Score))
                .OrderByDescending(h => h.Score).ThenByDescending(h => h.Id).Take(limit).ToList();
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private void AddUnlocked(Article article)
    {
        var id = article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var document = new Document
        {
            new StringField(IdField, id, Field.Store.YES),
            new TextField(TextField, article.Title + "\n" + article.Title + "\n" + article.Text, Field.Store.NO),
        };
        _writer!.UpdateDocument(new Term(IdField, id), document);
    }

    private void EnsureOpen()
    {
        if (_writer is not null)
        {
            return;
        }
        var path = options.Value.SearchIndexPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            _directory = new RAMDirectory();
            OpenWriter();
            Rebuild();
            return;
        }
        try
        {
            _directory = FSDirectory.Open(path);
            if (!DirectoryReader.IndexExists(_directory))
            {
                LogRebuilding(logger, path, "there is none yet");
                OpenWriter(create: true);
                Rebuild();
                return;
            }
            OpenWriter();
            CatchUp();
        }
        catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or LockObtainFailedException or UnauthorizedAccessException)
        {
            LogRebuilding(logger, path, e.GetType().Name + ": " + e.Message);
            CloseWriter();
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            _directory = FSDirectory.Open(path);
            OpenWriter(create: true);
            Rebuild();
        }
    }

    private void OpenWriter(bool create = false)
    {
        var config = new IndexWriterConfig(Version, _analyzer)
        {
            Similarity = _similarity,
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 16,
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    private void CloseWriter()
    {
        _searchers?.Dispose();
        _searchers = null;
        _writer?.Dispose();
        _writer = null;
        _directory?.Dispose();
        _directory = null;
    }

    /// <summary>Indexes every stored article, a page at a time.</summary>
    private void Rebuild()
    {
        var count = 0;
        foreach (var page in articles.Pages(500))
        {
            foreach (var article in page)
            {
                AddUnlocked(article);
                count++;
            }
        }
        _writer!.Commit();
        if (count > 0)
        {
            LogRebuilt(logger, count);
        }
    }

    /// <summary>Adds the stored articles the index lacks (their writes were not yet committed when the process ended).</summary>
    private void CatchUp()
    {
        var stored = articles.Count();
        using var reader = DirectoryReader.Open(_writer, applyAllDeletes: true);
        if (reader.NumDocs == stored)
        {
            return;
        }
        var indexed = new HashSet<int>();
        var terms = MultiFields.GetTerms(reader, IdField);
        if (terms is not null)
        {
            var e = terms.GetEnumerator();
            while (e.MoveNext())
            {
                indexed.Add(int.Parse(e.Term.Utf8ToString(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        var added = 0;
        foreach (var id in articles.Ids().Where(id => !indexed.Contains(id)))
        {
            if (articles.Get(id) is { } article)
            {
                AddUnlocked(article);
                added++;
            }
        }
        _writer!.Commit();
        LogCaughtUp(logger, added);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_writer is not null && _uncommitted > 0)
            {
                _writer.Commit();
            }
            CloseWriter();
            _analyzer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index at {Path} is rebuilt from the database: {Why}")]
    private static partial void LogRebuilding(ILogger logger, string path, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index built from the database: {Count} articles")]
    private static partial void LogRebuilt(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index lacked {Count} stored articles (the last run ended before it committed them); they are indexed now")]
    private static partial void LogCaughtUp(ILogger logger, int count);

    /// <summary>Emits <see cref="TextTerms.Terms"/> of the text as Lucene tokens.</summary>
    private sealed class TermsAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) => new(new TermsTokenizer(reader));
    }

    private sealed class TermsTokenizer : Tokenizer
    {
        private readonly ICharTermAttribute _term;
        private IEnumerator<string>? _terms;

        public TermsTokenizer(TextReader input)
            : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            ClearAttributes();
            _terms ??= TextTerms.Terms(m_input.ReadToEnd()).GetEnumerator();
            if (!_terms.MoveNext())
            {
                return false;
            }
            _term.SetEmpty().Append(_terms.Current);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _terms = null;
        }
    }
}
