namespace DiscussionBot.Core.Chat;

/// <summary>Sends an unsolicited post (a poll's results at its close, a feed digest) to a chat.
/// Each platform adapter registers one; <see cref="Platform"/> says which chats it serves.</summary>
public interface IMessenger
{
    /// <summary>The platform name used in <see cref="ChatLocation.Platform"/>, e.g. <c>telegram</c>.</summary>
    string Platform { get; }

    /// <summary>Posts the reply; returns the posted message, or null when the chat could not be reached.</summary>
    Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct);
}
