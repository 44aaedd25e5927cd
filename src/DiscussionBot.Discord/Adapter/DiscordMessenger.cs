using DiscussionBot.Core.Chat;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>Unsolicited posts to a Discord channel (a poll's results at its close, digests), through the bot's REST client.</summary>
public sealed partial class DiscordMessenger(DiscordRestClient rest, DiscordPosts posts, TimeProvider time, ILogger<DiscordMessenger> logger) : IMessenger
{
    public string Platform => DiscordPosts.Platform;

    public async Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct)
    {
        if (where.Platform != Platform || where.ChatId.Length == 0 || !where.ChatId.All(char.IsAsciiDigit))
        {
            return null;
        }

        try
        {
            MessageRef? first = null;
            foreach (var message in DiscordReplyRenderer.Render(reply, time.GetUtcNow()))
            {
                var sent = await rest.CreateMessageAsync(where.ChatId, message.Payload, ct, message.Files);
                var reference = posts.Record(where, sent, message, reply);
                first ??= reference;
            }

            return first;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DiscordAuthenticationException)
        {
            LogDeliveryFailed(ex, where.ChatId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A post to Discord channel {ChannelId} could not be delivered")]
    private partial void LogDeliveryFailed(Exception exception, string channelId);
}
