using System.Text.Json;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Telegram;

/// <summary>Which updates are done, kept in the database so a restart neither repeats nor skips one.
/// <para>Polling: <see cref="Offset"/> is only advanced past a batch once all of it is handled, and getUpdates with that
/// offset is what tells Telegram to forget the batch. Until then a restart gets the same batch again, and the ids
/// handled meanwhile (<see cref="IsHandled"/>) are skipped. Webhook: there is no offset; the recent handled ids
/// catch Telegram's redeliveries.</para></summary>
public sealed class UpdateLedger
{
    public const string StateKey = "telegram:updates";

    /// <summary>Webhook mode keeps this many recent ids (Telegram redelivers only recent ones).</summary>
    public const int WebhookMemory = 1000;

    private readonly IStateStore _state;
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _handled;
    private int _offset;

    public UpdateLedger(IStateStore state)
    {
        _state = state;
        var stored = state.Get(StateKey) is { } json ? JsonSerializer.Deserialize<Stored>(json) : null;
        _offset = stored?.Offset ?? 0;
        _handled = new SortedSet<int>(stored?.Handled ?? []);
    }

    /// <summary>The offset for the next getUpdates: one more than the last update of the last finished batch.</summary>
    public int Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    public bool IsHandled(int updateId)
    {
        lock (_gate)
        {
            return (_offset > 0 && updateId < _offset) || _handled.Contains(updateId);
        }
    }

    /// <summary>Records one update as done (handled or dead-lettered) before anything else is acknowledged.</summary>
    public void MarkHandled(int updateId, bool webhook = false)
    {
        lock (_gate)
        {
            _handled.Add(updateId);
            if (webhook)
            {
                while (_handled.Count > WebhookMemory)
                {
                    _handled.Remove(_handled.Min);
                }
            }
            Save();
        }
    }

    /// <summary>The whole batch is done: the next getUpdates confirms it, and its ids need not be remembered.</summary>
    public void CompleteBatch(int lastUpdateId)
    {
        lock (_gate)
        {
            if (lastUpdateId + 1 <= _offset)
            {
                return;
            }
            _offset = lastUpdateId + 1;
            _handled.RemoveWhere(id => id < _offset);
            Save();
        }
    }

    private void Save() => _state.Set(StateKey, JsonSerializer.Serialize(new Stored(_offset, [.. _handled])));

    private sealed record Stored(int Offset, int[] Handled);
}
