using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Answers one interaction, in its own DI scope: a slash command becomes <see cref="CommandReceived"/>, a button press
/// <see cref="ButtonPressed"/>. The answer goes out within Discord's 3 seconds: at once when the router is done in time,
/// otherwise as a deferral ("thinking…", type 5, sent by the <see cref="InteractionAcknowledgement"/> whose clock started
/// when the interaction arrived) followed by an edit of the original response. Problems and refusals
/// are ephemeral; a long answer continues in followups.
/// </summary>
public sealed partial class InteractionHandler(
    ChatRouter router,
    DiscordRestClient rest,
    DiscordPosts posts,
    DiscordModerators moderators,
    TimeProvider time,
    ILogger<InteractionHandler> logger)
{
    /// <summary>Answers an interaction whose 3-second clock <paramref name="ack"/> started when it arrived.</summary>
    public async Task HandleAsync(Interaction interaction, InteractionAcknowledgement ack, CancellationToken ct)
    {
        var chatEvent = ToEvent(interaction);
        if (chatEvent is null)
        {
            LogIgnored(interaction.Type, interaction.Id);
            return;
        }

        var privateAnswer = ack.Private;
        if (router.IsSlow(chatEvent))
        {
            await ack.DeferAsync(ct);
        }

        // On the thread pool: a handler that computes before its first await must not hold up anything else.
        var reply = await Task.Run(() => router.HandleAsync(chatEvent, ct).AsTask(), ct);
        var deferral = ack.TryClaimDirectAnswer() ? Deferral.None : await ack.Deferred!;
        if (reply is null)
        {
            // Nothing to say (no handler spoke); the interaction still needs closing.
            reply = Reply.Of("Done.");
            privateAnswer = true;
        }

        var ephemeral = reply.Kind != ReplyKind.Normal || privateAnswer || (chatEvent is ButtonPressed && IsPersonal(reply));
        await DeliverAsync(interaction, chatEvent.Where, reply, ephemeral, deferral, ct);
    }

    /// <summary>
    /// A button's answer that is about nothing in particular (a confirmation) goes only to the presser; one that brings
    /// content for the channel (a summary, a poll, a chart) is posted for everyone.
    /// </summary>
    private static bool IsPersonal(Reply reply) => reply.About is null && reply.Poll is null && reply.Image is null && reply.File is null;

    private async Task DeliverAsync(Interaction interaction, ChatLocation where, Reply reply, bool ephemeral, Deferral deferral, CancellationToken ct)
    {
        if (deferral == Deferral.Ephemeral)
        {
            // The "thinking…" message is already private; the answer cannot become public in its place.
            ephemeral = true;
        }

        var messages = DiscordReplyRenderer.Render(reply, time.GetUtcNow());
        if (ephemeral)
        {
            messages = DiscordReplyRenderer.Ephemeral(messages);
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            DiscordMessage? sent;
            if (i > 0)
            {
                sent = await rest.CreateFollowupMessageAsync(interaction.Token, message.Payload, ct, message.Files);
            }
            else if (deferral == Deferral.None)
            {
                // with_response tells us the message id, needed to attribute reactions and votes to a public post.
                sent = await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, InteractionResponse.Reply(message.Payload),
                    message.Files, withResponse: !ephemeral, ct);
            }
            else if (deferral == Deferral.Public && ephemeral)
            {
                // A public "thinking…" cannot turn private: take it back and answer privately instead.
                await rest.DeleteOriginalResponseAsync(interaction.Token, ct);
                sent = await rest.CreateFollowupMessageAsync(interaction.Token, message.Payload, ct, message.Files);
            }
            else
            {
                // An edit keeps the deferral's flags; a poll cannot be added by an edit, so it follows as its own message.
                if (message.NativePoll)
                {
                    await rest.EditOriginalResponseAsync(interaction.Token, new MessagePayload("\u200B"), ct);
                    sent = await rest.CreateFollowupMessageAsync(interaction.Token, message.Payload, ct, message.Files);
                }
                else
                {
                    sent = await rest.EditOriginalResponseAsync(interaction.Token, message.Payload with { Flags = null }, ct, message.Files);
                }
            }

            if (sent is not null && !ephemeral)
            {
                posts.Record(where, sent, message, reply);
            }
        }
    }

    private ChatEvent? ToEvent(Interaction interaction)
    {
        if (interaction.Invoker is not { } invoker || interaction.ChannelId is not { } channelId)
        {
            return null;
        }

        var where = new ChatLocation(DiscordPosts.Platform, interaction.GuildId ?? "dm:" + channelId, channelId);
        var author = new ChatUser(invoker.Id, DisplayName(interaction.Member, invoker), moderators.IsModerator(interaction.GuildId, interaction.Member));
        var at = time.GetUtcNow();
        switch (interaction.Type)
        {
            case InteractionType.ApplicationCommand when interaction.Data?.Name is { Length: > 0 } name:
                var info = router.Find(name);
                var declared = info is null ? [] : SlashCommands.OptionsOf(info, [.. router.Commands.Select(c => c.Info).Where(c => !c.Hidden)]);
                return new CommandReceived(where, author, at, name, SlashCommands.Arguments(declared, interaction.Data.Options, name),
                    Options: SlashCommands.Options(interaction.Data.Options));
            case InteractionType.MessageComponent when interaction.Data?.CustomId is { Length: > 0 } data:
                var message = interaction.Message is { } m ? new MessageRef(DiscordPosts.Platform, m.ChannelId, m.Id) : null;
                return new ButtonPressed(where, author, at, data, message);
            default:
                return null;
        }
    }

    internal static string DisplayName(GuildMember? member, DiscordUser user) =>
        member?.Nick is { Length: > 0 } nick ? nick : user.GlobalName is { Length: > 0 } global ? global : user.Username;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction {InteractionId} of type {Type} is not one the bot answers")]
    private partial void LogIgnored(InteractionType type, string interactionId);
}
