using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// An in-memory <see cref="IGatewayTransport"/>: each ConnectAsync opens a <see cref="ScriptedConnection"/> that the
/// test plays the gateway's side of, deterministically, without sockets.
/// </summary>
public sealed class ScriptedGatewayTransport : IGatewayTransport
{
    private readonly Channel<ScriptedConnection> _connections = Channel.CreateUnbounded<ScriptedConnection>();
    private ScriptedConnection? _current;

    /// <summary>Failures thrown by the next ConnectAsync calls, one each (e.g. a refused connection).</summary>
    public Queue<Exception> ConnectFailures { get; } = new();

    public int ConnectAttempts { get; private set; }

    public Task ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        ConnectAttempts++;
        if (ConnectFailures.TryDequeue(out var failure))
        {
            return Task.FromException(failure);
        }

        _current = new ScriptedConnection(url);
        _connections.Writer.TryWrite(_current);
        return Task.CompletedTask;
    }

    public Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        Current.FromClient.Writer.TryWrite(Encoding.UTF8.GetString(utf8Json.Span));
        return Task.CompletedTask;
    }

    public Task<GatewayMessage> ReceiveAsync(CancellationToken cancellationToken) => Current.TakeAsync(cancellationToken);

    public Task DisconnectAsync(int closeCode, string reason, CancellationToken cancellationToken)
    {
        _current?.OnClientClosed(closeCode, reason);
        return Task.CompletedTask;
    }

    /// <summary>The next connection the client opens.</summary>
    public async Task<ScriptedConnection> NextConnectionAsync(int timeoutMs = 30_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            return await _connections.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The client did not connect.");
        }
    }

    /// <summary>True when the client has opened a connection the test has not taken yet.</summary>
    public bool HasPendingConnection => _connections.Reader.Count > 0;

    private ScriptedConnection Current => _current ?? throw new InvalidOperationException("Not connected.");
}

/// <summary>One scripted connection: what the server sends, what the client sent, and how the client closed.</summary>
public sealed class ScriptedConnection(Uri url)
{
    private readonly Lock _lock = new();
    private readonly Channel<GatewayMessage> _toClient = Channel.CreateUnbounded<GatewayMessage>();
    private readonly List<(int Index, TaskCompletionSource Done)> _processed = [];
    private readonly TaskCompletionSource<(int Code, string Reason)> _closedByClient = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sent;
    private int _receiveCalls;

    public Uri Url { get; } = url;

    internal Channel<string> FromClient { get; } = Channel.CreateUnbounded<string>();

    /// <summary>Completes with the code the client closed with.</summary>
    public Task<(int Code, string Reason)> ClosedByClient => _closedByClient.Task;

    /// <summary>
    /// Sends a payload to the client; the task completes once the client has processed it
    /// (it asked for the next message, or closed), so the test can move the clock safely.
    /// </summary>
    public Task SendAsync(string json) => Enqueue(GatewayMessage.Message(json));

    /// <summary>The server closes the connection with <paramref name="code"/>.</summary>
    public Task CloseAsync(int code, string reason = "") => Enqueue(GatewayMessage.Closed(code, reason));

    /// <summary>The next payload the client sent.</summary>
    public async Task<JsonElement> NextFromClientAsync(int timeoutMs = 30_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            return JsonDocument.Parse(await FromClient.Reader.ReadAsync(timeout.Token)).RootElement.Clone();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The client sent nothing on {Url}.");
        }
    }

    /// <summary>Whatever the client has sent and the test has not read yet.</summary>
    public List<JsonElement> Drain()
    {
        var list = new List<JsonElement>();
        while (FromClient.Reader.TryRead(out var text))
        {
            list.Add(JsonDocument.Parse(text).RootElement.Clone());
        }

        return list;
    }

    internal async Task<GatewayMessage> TakeAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _receiveCalls++;
            // This call means every message handed out by earlier calls has been processed.
            Complete(_receiveCalls - 2);
        }

        return await _toClient.Reader.ReadAsync(cancellationToken);
    }

    internal void OnClientClosed(int code, string reason)
    {
        lock (_lock)
        {
            Complete(int.MaxValue);
        }

        _closedByClient.TrySetResult((code, reason));
    }

    private Task Enqueue(GatewayMessage message)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _processed.Add((_sent++, done));
            if (_closedByClient.Task.IsCompleted)
            {
                Complete(int.MaxValue);
            }
        }

        _toClient.Writer.TryWrite(message);
        return done.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private void Complete(int upToIndex)
    {
        foreach (var (index, done) in _processed.Where(p => p.Index <= upToIndex).ToList())
        {
            done.TrySetResult();
            _processed.RemoveAll(p => p.Index == index);
        }
    }
}
