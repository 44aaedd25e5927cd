using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Discord.Gateway;

namespace DiscussionBot.Discord.Adapter;

/// <summary>Tells members in <c>/help</c> on Discord what is off while the bot runs without the Message Content intent.</summary>
public sealed class DiscordHelpNote(GatewayIntentState intents) : IHelpNote
{
    public const string NoMessageContent =
        "On this Discord server, links posted in channels are not summarised automatically (the bot lacks the Message Content intent). "
        + "Mention the bot with a link, send it one in a DM, or use /summary.";

    public string? For(ChatLocation where) => where.Platform == DiscordPosts.Platform && !intents.MessageContent ? NoMessageContent : null;
}
