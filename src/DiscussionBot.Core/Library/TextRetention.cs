using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Core.Library;

/// <summary>
/// Drops the text of articles that arrived more than <see cref="LibraryOptions.TextRetentionDays"/> days ago, at start
/// and then every six hours. Title, link, source, dates, story, topics and the cached summary stay, and so do claims,
/// polls, votes and reactions (stored apart, by id); the search index keeps the words it was given.
/// </summary>
public sealed partial class TextRetention(IArticleStore articles, DiscussionBot.TextAnalysis.Summarizer summarizer, IOptions<LibraryOptions> options, TimeProvider time, ILogger<TextRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(6);

    /// <summary>Drops the texts now due; returns how many.</summary>
    public int Sweep()
    {
        var days = options.Value.TextRetentionDays;
        if (days <= 0)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var dropped = 0;
        foreach (var id in articles.WithTextAddedBefore(now.AddDays(-days)))
        {
            if (articles.Get(id) is { TextDroppedAt: null } article)
            {
                // The short summary is made now if it never was: it is what /summary shows once the text is gone.
                var summary = article.Summary is { Count: > 0 } cached ? cached
                    : summarizer.Summarize(article.Text, article.Title, DiscussionBot.TextAnalysis.SummaryLength.Short).Sentences.Select(s => s.Text).ToList();
                articles.Update(article with { Text = "", TextDroppedAt = now, Summary = summary });
                dropped++;
            }
        }
        if (dropped > 0)
        {
            LogDropped(logger, dropped, days);
        }
        return dropped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.TextRetentionDays <= 0)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Sweep();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            await Task.Delay(Every, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: dropped the text of {Count} articles older than {Days} days (titles, links, stories and summaries kept)")]
    private static partial void LogDropped(ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention: dropping old article texts failed; it is tried again in six hours")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
