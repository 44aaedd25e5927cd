using DiscussionBot.Core.Chat;

namespace DiscussionBot.Core.Commands;

/// <summary>Reacts to plain messages (e.g. the auto-summary of a posted link). Most messages are not for the bot:
/// return null to stay silent.</summary>
public interface IMessageHandler
{
    ValueTask<Reply?> HandleAsync(MessagePosted message, CancellationToken cancellationToken);
}
