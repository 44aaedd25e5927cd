using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// One connection's heartbeats: the first after a random fraction of the interval, then one per interval. A beat due
/// while the previous one is still unacknowledged makes the connection a zombie: the heartbeat ends it, and the receive
/// loop reconnects. A failed send ends it too.
/// </summary>
/// <param name="beat">Sends one heartbeat (with the last sequence) and whatever goes with it.</param>
internal sealed class GatewayHeartbeat(Func<CancellationToken, Task> beat, TimeProvider time, Random random, ILogger logger)
{
    private volatile bool _acked = true;

    /// <summary>Whether this heartbeat ended the connection for want of an ACK.</summary>
    public bool Zombie { get; private set; }

    /// <summary>Opcode 11 arrived.</summary>
    public void Acknowledge() => _acked = true;

    /// <summary>
    /// Starts beating until <paramref name="connection"/> is cancelled. The first delay is created before this returns
    /// (before IDENTIFY is sent), and each next delay before its heartbeat is sent, so the schedule does not drift with
    /// send latency.
    /// </summary>
    public Task StartAsync(TimeSpan interval, CancellationTokenSource connection)
    {
        var first = Task.Delay(interval * random.NextDouble(), time, connection.Token);
        return LoopAsync(first, interval, connection);
    }

    private async Task LoopAsync(Task first, TimeSpan interval, CancellationTokenSource connection)
    {
        try
        {
            await first.ConfigureAwait(false);
            while (true)
            {
                if (!_acked)
                {
                    Zombie = true;
                    await connection.CancelAsync().ConfigureAwait(false);
                    return;
                }

                _acked = false;
                var next = Task.Delay(interval, time, connection.Token);
                await beat(connection.Token).ConfigureAwait(false);
                await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Connection over.
        }
        catch (Exception ex)
        {
            // A failed send means a broken socket; ending the connection makes the receive loop reconnect.
            GatewayClient.LogHeartbeatFailed(logger, ex);
            await connection.CancelAsync().ConfigureAwait(false);
        }
    }
}
