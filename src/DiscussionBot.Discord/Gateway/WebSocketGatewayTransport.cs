using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// <see cref="IGatewayTransport"/> over <see cref="ClientWebSocket"/>: JSON text frames, no compression
/// (none is requested), fragmented messages reassembled.
/// </summary>
/// <remarks>
/// A cancelled <see cref="ClientWebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> aborts the socket, which would
/// make a clean close impossible. So the socket read itself is never cancelled: cancellation abandons the wait, the read
/// stays pending, and the next <see cref="ReceiveAsync"/> or <see cref="DisconnectAsync"/> picks it up.
/// </remarks>
public sealed class WebSocketGatewayTransport : IGatewayTransport, IDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private ClientWebSocket? _socket;
    private Task<GatewayMessage>? _pendingReceive;

    public async Task ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        Dispose();
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
        var receive = _pendingReceive ??= ReadMessageAsync(Socket);
        var message = await receive.WaitAsync(cancellationToken).ConfigureAwait(false);
        _pendingReceive = null;
        return message;
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
            }

            // Wait briefly for the server's close so our frame is not lost to a reset and the server sees our code.
            while (socket.State == WebSocketState.CloseSent)
            {
                var receive = _pendingReceive ??= ReadMessageAsync(socket);
                var message = await receive.WaitAsync(CloseHandshakeTimeout, cancellationToken).ConfigureAwait(false);
                _pendingReceive = null;
                if (message.IsClose)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or TimeoutException)
        {
            // Closing a broken connection can fail; it is being thrown away either way.
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _socket?.Abort();
        _socket?.Dispose();
        _socket = null;
        _pendingReceive = null;
    }

    private static async Task<GatewayMessage> ReadMessageAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(8192), CancellationToken.None).ConfigureAwait(false);
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
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection dropped without a close frame (or was aborted): report it as 1006, like browsers do.
            return GatewayMessage.Closed(null, "connection lost");
        }
    }

    private ClientWebSocket Socket => _socket ?? throw new InvalidOperationException("The gateway transport is not connected.");
}
