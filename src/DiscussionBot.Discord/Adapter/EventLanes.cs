namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Runs work items off the gateway's dispatch task: items with the same key run one after another in arrival order
/// (a vote removal must not overtake its addition), different keys side by side up to <c>maxConcurrency</c>.
/// <see cref="EnqueueAsync"/> returns as soon as the item is queued, and waits only when <c>maxPending</c> items are
/// already in flight — that back-pressure lands on the gateway's bounded queue, never on the socket.
/// </summary>
public sealed class EventLanes(int maxConcurrency, int maxPending = 1000)
{
    private readonly SemaphoreSlim _running = new(maxConcurrency, maxConcurrency);
    private readonly SemaphoreSlim _pending = new(maxPending, maxPending);
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Queues <paramref name="work"/> behind earlier work of the same <paramref name="key"/>; its exceptions go to <paramref name="onError"/>.
    /// Returns, once queued, a task that completes when the work has run (successfully or not); it never faults.</summary>
    public async ValueTask<Task> EnqueueAsync(string key, Func<CancellationToken, Task> work, Action<Exception> onError, CancellationToken cancellationToken)
    {
        await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            var next = RunAsync(previous, work, onError, cancellationToken);
            _tails[key] = next;
            _ = next.ContinueWith(
                done =>
                {
                    lock (_lock)
                    {
                        if (_tails.TryGetValue(key, out var tail) && tail == done)
                        {
                            _tails.Remove(key);
                        }
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return next;
        }
    }

    /// <summary>Completes when everything queued so far is done (or <paramref name="timeout"/> passed).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task[] tails;
        lock (_lock)
        {
            tails = [.. _tails.Values];
        }

        try
        {
            await Task.WhenAll(tails).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Shutdown goes on; what is left was received but not handled, as after a crash.
        }
    }

    private async Task RunAsync(Task previous, Func<CancellationToken, Task> work, Action<Exception> onError, CancellationToken cancellationToken)
    {
        try
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Run(() => work(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _running.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            onError(ex);
        }
        finally
        {
            _pending.Release();
        }
    }
}
