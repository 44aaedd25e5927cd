using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// Hands dispatches to the <see cref="IGatewayEventSink"/> in order, on a task of its own, through a bounded queue: the
/// receive loop never waits for the sink (a stalled loop would miss heartbeat ACKs and kill a healthy connection). When
/// the sink's work on a dispatch ends, its sequence counts as handled in the <see cref="GatewaySessionState"/>.
/// </summary>
internal sealed class GatewayDispatcher(IGatewayEventSink sink, GatewaySessionState state, int capacity, ILogger logger)
{
    private readonly Channel<QueuedDispatch> _queue = Channel.CreateBounded<QueuedDispatch>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues without waiting; false (and a logged error) when the queue is full and the dispatch is dropped.</summary>
    public bool TryEnqueue(GatewayDispatch dispatch, int generation)
    {
        if (_queue.Writer.TryWrite(new QueuedDispatch(dispatch, generation)))
        {
            return true;
        }

        GatewayClient.LogQueueFull(logger, dispatch.EventName, dispatch.Sequence);
        return false;
    }

    /// <summary>No more dispatches will come.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequence = item.Dispatch.Sequence;
                state.Started(item.Generation, sequence);
                Task handled;
                try
                {
                    handled = await sink.AcceptAsync(item.Dispatch, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    GatewayClient.LogHandlerFailed(logger, ex, item.Dispatch.EventName, sequence);
                    handled = Task.CompletedTask;
                }

                if (handled.IsCompleted)
                {
                    state.Handled(item.Generation, sequence);
                }
                else
                {
                    _ = handled.ContinueWith(
                        _ => state.Handled(item.Generation, sequence),
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown; unhandled dispatches are replayed by the next RESUME because only handled sequences are saved.
        }
    }

    private readonly record struct QueuedDispatch(GatewayDispatch Dispatch, int Generation);
}
