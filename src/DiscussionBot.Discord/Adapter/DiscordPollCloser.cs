using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Ends native polls at Core's deadline. Discord's duration is in whole hours, so a poll would otherwise stay open up to
/// an hour after Core closed it and posted the results; votes in that hour would be refused. Deadlines are stored, so a
/// poll due while the bot was down is ended after the restart.
/// </summary>
public sealed partial class DiscordPollCloser(DiscordRestClient rest, IPlatformPollMap polls, TimeProvider time, ILogger<DiscordPollCloser> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                await CloseDueAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task CloseDueAsync(CancellationToken ct)
    {
        foreach (var poll in polls.DueForClosing(DiscordPosts.Platform, time.GetUtcNow()))
        {
            try
            {
                await rest.ExpirePollAsync(poll.ChatId, poll.MessageId, ct);
                polls.Record(poll with { Closed = true });
                LogExpired(poll.PollId, poll.MessageId);
            }
            catch (DiscordHttpException ex) when ((int)ex.Status is 400 or 403 or 404)
            {
                // Already ended, deleted, or not ours to end any more: nothing left to stop.
                polls.Record(poll with { Closed = true });
                LogExpireFailed(ex, poll.PollId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not DiscordAuthenticationException)
            {
                LogExpireFailed(ex, poll.PollId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended Discord poll {PollId} (message {MessageId}) at its deadline")]
    private partial void LogExpired(int pollId, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end Discord poll {PollId}")]
    private partial void LogExpireFailed(Exception exception, int pollId);
}
