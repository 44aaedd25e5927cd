using System.Threading.Channels;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Core.Analysis;

/// <summary>Stands in when no sentence encoder is registered: the analysis stays lexical and says so.</summary>
public sealed class NoSentenceEncoder : ISentenceEncoder
{
    public string Model => "none";

    public int Dimensions => 0;

    public string? Problem => "no sentence encoder is installed";

    public bool TryLoad() => false;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("No sentence encoder is installed.");
}

/// <summary>
/// Computes every article's meaning vectors once, in the background, at the encoder's pace: new articles as they
/// are added (it is an <see cref="IArticleObserver"/>), and at start every stored article that has none yet (for
/// example after a command-line import). Until an article's vectors are stored it is analysed lexically. The model
/// loads on the first article to encode; if it cannot load, the encoder logs why once and this worker stops.
/// </summary>
public sealed partial class ArticleEncodingWorker(
    IArticleStore articles,
    IArticleVectorStore vectors,
    ISentenceEncoder encoder,
    TimeProvider time,
    ILogger<ArticleEncodingWorker> logger) : BackgroundService, IArticleObserver
{
    /// <summary>Sentences encoded per article: the title and the first sentences the analysis compares.
    /// A 1,000-word article (about 32 such sentences) measured 276 ms median on one busy core (bench semantics).</summary>
    public const int MaxSentences = 48;

    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private int _pending;

    /// <summary>Articles queued and not yet encoded.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Raised after an article's vectors are stored.</summary>
    public event Action<int>? Encoded;

    public Article OnAdded(Article article)
    {
        if (encoder.Problem is null && _queue.Writer.TryWrite(article.Id))
        {
            Interlocked.Increment(ref _pending);
        }
        return article;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (encoder.Problem is not null)
        {
            return;
        }
        var done = vectors.Encoded(encoder.Model);
        var backlog = articles.All().Where(a => !done.Contains(a.Id)).Select(a => a.Id).Reverse().ToList();
        foreach (var id in backlog)
        {
            if (_queue.Writer.TryWrite(id))
            {
                Interlocked.Increment(ref _pending);
            }
        }
        if (backlog.Count > 0)
        {
            LogBacklog(logger, backlog.Count);
        }
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (!EncodeOne(id, stoppingToken))
                    {
                        return; // the model cannot load: everything stays lexical
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A storage hiccup costs this article its vectors (it stays lexical), never the bot.
                    LogArticleFailed(logger, e, id);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Encodes one article now (the worker's step; also for tools that import and analyse in one go).
    /// False when the encoder is unavailable.</summary>
    public bool EncodeOne(int articleId, CancellationToken cancellationToken)
    {
        if (!encoder.TryLoad())
        {
            return false;
        }
        if (articles.Get(articleId) is not { } article || vectors.Get(articleId, encoder.Model) is not null)
        {
            return true;
        }
        var plan = ViewpointAnalyzer.EncodingPlan(article.Title, article.Text, MaxSentences);
        float[][] encoded;
        try
        {
            encoded = encoder.Encode(plan, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One article the model chokes on stays lexical; the others go on.
            LogArticleFailed(logger, e, articleId);
            return true;
        }
        var stored = new List<StoredSentenceVector>(plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            var (values, scale) = VectorMath.Quantize(encoded[i]);
            stored.Add(new StoredSentenceVector { Text = plan[i], Scale = scale, Values = (byte[])(Array)values });
        }
        vectors.Save(new ArticleVectors { Id = articleId, Model = encoder.Model, EncodedAt = time.GetUtcNow(), Sentences = stored });
        Encoded?.Invoke(articleId);
        return true;
    }

    /// <summary>The stored vectors of an article in the analysis' form, or null while pending.</summary>
    public static SentenceVectors? Load(IArticleVectorStore store, ISentenceEncoder encoder, int articleId) =>
        store.Get(articleId, encoder.Model) is { } found
            ? SentenceVectors.From(found.Model, found.Sentences.Select(s => (s.Text, VectorMath.Dequantize((sbyte[])(Array)s.Values, s.Scale))))
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Computing meaning vectors for {Count} stored articles in the background")]
    private static partial void LogBacklog(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Article {ArticleId} could not be encoded; it is analysed by its wording")]
    private static partial void LogArticleFailed(ILogger logger, Exception exception, int articleId);
}
