using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>The thin loop around <see cref="FeedIngestor"/>: every tick, one DI scope, poll what is due. A failing
/// round is logged and the loop goes on; per-feed intervals and backoff live in the ingestor's state.</summary>
public sealed partial class FeedPoller(IServiceScopeFactory scopes, TimeProvider time, IOptions<FeedOptions> options, ILogger<FeedPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }
        var tick = TimeSpan.FromSeconds(options.Value.TickSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<FeedIngestor>().PollDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(ex);
            }
            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed polling is off (Feeds:Enabled = false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "A feed polling round failed; the next round runs as scheduled")]
    private partial void LogRoundFailed(Exception exception);
}
