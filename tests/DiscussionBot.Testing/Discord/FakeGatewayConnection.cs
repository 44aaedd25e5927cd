using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Testing.Discord;

/// <summary>
/// The server side of one real WebSocket gateway connection. The test sends payloads (<see cref="GatewayJson"/>) and reads
/// the client's; heartbeats are acknowledged automatically unless <see cref="AutoAckHeartbeats"/> is off.
/// </summary>
public sealed class FakeGatewayConnection(WebSocket socket, string query)
{
    private readonly Channel<JsonElement> _fromClient = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _heartbeats;

    /// <summary>The query string the client connected with (e.g. <c>?v=10&amp;encoding=json</c>).</summary>
    public string Query { get; } = query;

    public bool AutoAckHeartbeats { get; set; } = true;

    public int HeartbeatsReceived => Volatile.Read(ref _heartbeats);

    /// <summary>Completes with the close code the client sent (null if the connection just dropped).</summary>
    public Task<int?> ClosedByClient => _closed.Task;

    public async Task SendAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a payload split over several frames, to exercise reassembly.</summary>
    public async Task SendFragmentedAsync(string json, int chunk = 7)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        await _sendLock.WaitAsync();
        try
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                var end = Math.Min(bytes.Length, i + chunk);
                await socket.SendAsync(bytes.AsMemory(i, end - i), WebSocketMessageType.Text, end == bytes.Length, CancellationToken.None);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(int code, string reason = "")
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next payload whose op is one of <paramref name="ops"/> (e.g. identify or resume), skipping others.</summary>
    public async Task<JsonElement> NextOfAsync(int[] ops, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var payload = await _fromClient.Reader.ReadAsync(timeout.Token);
                if (ops.Contains(payload.Op()))
                {
                    return payload;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The client sent none of ops {string.Join(", ", ops)}.");
        }
    }

    /// <summary>The next payload with <paramref name="op"/> the client sent, skipping others.</summary>
    public async Task<JsonElement> NextAsync(int op, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var payload = await _fromClient.Reader.ReadAsync(timeout.Token);
                if (payload.Op() == op)
                {
                    return payload;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The client sent no op {op}.");
        }
    }

    internal async Task RunAsync(CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, aborted);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((int?)result.CloseStatus);
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    break;
                }

                var payload = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                if (payload.Op() == 1)
                {
                    Interlocked.Increment(ref _heartbeats);
                    if (AutoAckHeartbeats)
                    {
                        await SendAsync(GatewayJson.Ack());
                    }
                }

                _fromClient.Writer.TryWrite(payload);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
        finally
        {
            _closed.TrySetResult(null);
            _fromClient.Writer.TryComplete();
        }
    }
}
