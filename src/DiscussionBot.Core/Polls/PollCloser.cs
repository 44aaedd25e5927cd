using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Core.Polls;

/// <summary>Closes polls at their deadline and posts their results to their chat — also polls whose deadline
/// passed while the bot was down: the first sweep runs at start.</summary>
public sealed partial class PollCloser(IPollStore polls, PollService service, IEnumerable<IMessenger> messengers, TimeProvider time, ILogger<PollCloser> logger,
    ILinkStore links) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Closes every overdue poll; returns how many were closed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var closed = 0;
        foreach (var poll in polls.Overdue(now))
        {
            var done = poll with { ClosedAt = poll.ClosesAt <= now ? poll.ClosesAt : now };
            polls.Update(done);
            closed++;
            LogClosed(done.Id, done.CommunityId);
            var reply = ResultsHandler.Render(service.Results(done), now, service.ResultsBySide(done));
            // The poll's own chat, and every linked community it was posted in.
            var targets = links.MirrorsOf(done.Id).Select(m => new ChatLocation(m.Platform, m.CommunityId.Split(':', 2)[^1], m.ChatId))
                .Prepend(new ChatLocation(done.Platform, done.CommunityId.Split(':', 2)[^1], done.ChatId));
            foreach (var where in targets)
            {
                var messenger = messengers.FirstOrDefault(m => m.Platform == where.Platform);
                if (messenger is null)
                {
                    continue;
                }
                try
                {
                    await messenger.SendAsync(where, reply with { Text = new RichText([new TextSpan("Poll closed. "), .. reply.Text.Spans]) }, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPostFailed(ex, done.Id);
                }
            }
        }
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed poll {PollId} in {Community}")]
    private partial void LogClosed(int pollId, string community);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the results of poll {PollId}")]
    private partial void LogPostFailed(Exception exception, int pollId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing overdue polls failed")]
    private partial void LogSweepFailed(Exception exception);
}
