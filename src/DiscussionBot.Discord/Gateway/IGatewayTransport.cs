namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// The socket under the gateway, narrowed to four calls so tests can script a whole conversation.
/// One connection at a time; <see cref="ConnectAsync"/> again after <see cref="DisconnectAsync"/> opens a new one.
/// </summary>
public interface IGatewayTransport
{
    Task ConnectAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>Sends one whole text message (a JSON payload).</summary>
    Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken);

    /// <summary>Waits for the next whole message, or for the close the server sent.</summary>
    Task<GatewayMessage> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Closes with <paramref name="closeCode"/>. A code other than 1000/1001 keeps the session resumable,
    /// which is what the client wants on every close except a deliberate shutdown.
    /// </summary>
    Task DisconnectAsync(int closeCode, string reason, CancellationToken cancellationToken);
}

/// <summary>A received message: either <see cref="Text"/> or, when the server closed, <see cref="CloseCode"/>.</summary>
public sealed record GatewayMessage(string? Text, int? CloseCode = null, string? CloseReason = null)
{
    public bool IsClose => Text is null;

    public static GatewayMessage Message(string text) => new(text);

    /// <summary>A close; a missing code (connection dropped without a close frame) is reported as 1006.</summary>
    public static GatewayMessage Closed(int? code, string? reason) => new(null, code ?? 1006, reason);
}
