using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// <see cref="IGatewayTransport"/> over <see cref="ClientWebSocket"/>: JSON text frames, no compression
/// (none is requested), fragmented messages reassembled.
/// </summary>
public sealed class WebSocketGatewayTransport : IGatewayTransport, IDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private ClientWebSocket? _socket;

    public async Task ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        var socket = new ClientWebSocket();
        // Discord closes on a missed heartbeat itself; the keep-alive only catches dead TCP connections.
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        _socket = socket;
        await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
    }

    public Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken) =>
        Socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask();

    public async Task<GatewayMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var socket = Socket;
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(8192), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return GatewayMessage.Closed((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxMessageBytes)
                {
                    throw new InvalidDataException($"Gateway message larger than {MaxMessageBytes} bytes.");
                }

                if (result.EndOfMessage)
                {
                    return GatewayMessage.Message(Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
            }
        }
        catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
        {
            // The connection dropped without a close frame: report it like the browser would (1006).
            return GatewayMessage.Closed(null, "connection lost");
        }
    }

    public async Task DisconnectAsync(int closeCode, string reason, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // CloseOutputAsync does not wait for the server's answer: a zombie connection would never send one.
                await socket.CloseOutputAsync((WebSocketCloseStatus)closeCode, reason, cancellationToken).ConfigureAwait(false);
                await DrainUntilClosedAsync(socket, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing a broken connection can fail; it is being thrown away either way.
        }
        finally
        {
            socket.Abort();
            socket.Dispose();
            _socket = null;
        }
    }

    /// <summary>
    /// Reads until the server acknowledges the close, briefly, so our close frame is not lost to a reset
    /// and the server sees the code that keeps the session resumable.
    /// </summary>
    private static async Task DrainUntilClosedAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var scratch = new byte[4096];
        while (socket.State == WebSocketState.CloseSent)
        {
            var result = await socket.ReceiveAsync(scratch.AsMemory(), timeout.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private ClientWebSocket Socket => _socket ?? throw new InvalidOperationException("The gateway transport is not connected.");
}
