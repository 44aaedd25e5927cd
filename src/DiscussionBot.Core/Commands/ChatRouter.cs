using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Core.Commands;

/// <summary>Handles votes on platform-native polls (registered by the polls feature).</summary>
public interface IVoteHandler
{
    ValueTask<Reply?> HandleAsync(VoteCast vote, CancellationToken cancellationToken);
}

/// <summary>Handles reactions on messages (registered by the reaction log).</summary>
public interface IReactionHandler
{
    ValueTask HandleAsync(ReactionChanged reaction, CancellationToken cancellationToken);

    /// <summary>All reactions (or one emoji's) removed from a message at once.</summary>
    ValueTask HandleAsync(ReactionsCleared cleared, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Sees every reply the router gives to a command or a button (e.g. to count which stories members opened).
/// Runs after the handler; its failure is logged and never changes the reply.</summary>
public interface IReplyObserver
{
    void Observe(ChatEvent chatEvent, Reply reply);
}

/// <summary>Routes every incoming event to the one handler for it, enforcing moderator rights,
/// argument limits and cooldowns. A handler's exception becomes a logged error and a short apology,
/// never a crash of the adapter loop.</summary>
public sealed partial class ChatRouter(
    IEnumerable<ICommandHandler> commands,
    IEnumerable<IButtonHandler> buttons,
    IEnumerable<IVoteHandler> voteHandlers,
    IEnumerable<IReactionHandler> reactionHandlers,
    ICommunityStore communities,
    Cooldowns cooldowns,
    ILogger<ChatRouter> logger,
    IEnumerable<IMessageHandler>? messageHandlers = null,
    IEnumerable<IReplyObserver>? replyObservers = null)
{
    private readonly Dictionary<string, ICommandHandler> _commands = commands.ToDictionary(c => c.Info.Name, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IButtonHandler> _buttons = buttons.ToDictionary(b => b.Prefix, StringComparer.Ordinal);

    public IReadOnlyCollection<ICommandHandler> Commands => _commands.Values;

    /// <summary>The command's info, or null when no such command exists.</summary>
    public CommandInfo? Find(string name) => _commands.TryGetValue(name, out var handler) ? handler.Info : null;

    /// <summary>Whether handling this event may take long enough that the adapter should show "working" first.</summary>
    public bool IsSlow(ChatEvent chatEvent) => chatEvent switch
    {
        CommandReceived c => _commands.TryGetValue(c.Name, out var h) && h.IsSlow(RequestFor(c)),
        ButtonPressed b => _buttons.TryGetValue(PrefixOf(b.Data), out var bh) && bh.Slow,
        _ => false,
    };

    public async ValueTask<Reply?> HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        var reply = await RouteAsync(chatEvent, cancellationToken);
        if (reply is not null && chatEvent is CommandReceived or ButtonPressed)
        {
            foreach (var observer in replyObservers ?? [])
            {
                try
                {
                    observer.Observe(chatEvent, reply);
                }
                catch (Exception ex)
                {
                    LogObserverFailed(ex, observer.GetType().Name, chatEvent.Where.CommunityKey);
                }
            }
        }
        return reply;
    }

    private async ValueTask<Reply?> RouteAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        communities.GetOrCreate(chatEvent.Where.CommunityKey, chatEvent.Where.CommunityId, chatEvent.At);
        try
        {
            switch (chatEvent)
            {
                case CommandReceived command:
                    return await TimedCommandAsync(command, cancellationToken);
                case ButtonPressed press:
                    return await HandleButtonAsync(press, cancellationToken);
                case VoteCast vote:
                    foreach (var handler in voteHandlers)
                    {
                        return await handler.HandleAsync(vote, cancellationToken);
                    }
                    return null;
                case ReactionChanged reaction:
                    foreach (var handler in reactionHandlers)
                    {
                        await handler.HandleAsync(reaction, cancellationToken);
                    }
                    return null;
                case ReactionsCleared cleared:
                    foreach (var handler in reactionHandlers)
                    {
                        await handler.HandleAsync(cleared, cancellationToken);
                    }
                    return null;
                case MessagePosted message:
                    // The first handler with something to say answers; the rest stay silent.
                    foreach (var handler in messageHandlers ?? [])
                    {
                        if (await handler.HandleAsync(message, cancellationToken) is { } reply)
                        {
                            return reply;
                        }
                    }
                    return null;
                default:
                    return null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, chatEvent.GetType().Name, chatEvent.Where.CommunityKey);
            return Reply.Problem("Sorry, something went wrong while handling that. The moderators can find the details in the bot's log.");
        }
    }

    /// <summary>Every command counts in /metrics: by command (unknown ones as "unknown", so a flood of made-up names adds no
    /// series), by outcome, with its latency.</summary>
    private async ValueTask<Reply> TimedCommandAsync(CommandReceived command, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var name = _commands.TryGetValue(command.Name, out var known) ? known.Info.Name : "unknown";
        var outcome = "failed";
        try
        {
            var (reply, cooldown) = await HandleCommandAsync(command, cancellationToken);
            outcome = cooldown ? "cooldown" : Outcome(reply);
            return reply;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            Operations.BotMetrics.CommandHandled(name, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static string Outcome(Reply reply) => reply.Kind switch
    {
        ReplyKind.Refusal => "denied",
        ReplyKind.Problem => "invalid",
        _ => "ok",
    };

    private async ValueTask<(Reply Reply, bool Cooldown)> HandleCommandAsync(CommandReceived command, CancellationToken cancellationToken)
    {
        if (!_commands.TryGetValue(command.Name, out var handler))
        {
            return (Reply.Problem($"Unknown command /{Shortening.Shorten(command.Name, 40)}. Send /help for the list of commands."), false);
        }
        var info = handler.Info;
        if (info.Moderator && !command.Author.IsModerator)
        {
            return (Reply.Refusal($"/{info.Name} is for moderators only: it changes the community's configuration."), false);
        }
        if (command.Arguments.Length > info.MaxArgumentLength)
        {
            return (Reply.Problem($"That is too long for /{info.Name}: {command.Arguments.Length:N0} characters, at most {info.MaxArgumentLength:N0}."), false);
        }
        if (info.Expensive && !command.Author.IsModerator)
        {
            var wait = cooldowns.TryEnter(command.Where.CommunityKey, command.Author.Id);
            if (wait is { } w)
            {
                return (Reply.Refusal($"Please wait {Math.Ceiling(w.TotalSeconds):0} s before asking for another /{info.Name}."), true);
            }
        }
        return (await handler.HandleAsync(RequestFor(command), cancellationToken), false);
    }

    // A record needs no words: its argument text is only for the length limit and for logs.
    private static CommandRequest RequestFor(CommandReceived command) =>
        new(command, command.Record is null ? ArgumentParser.Split(command.Arguments) : []);

    private async ValueTask<Reply> HandleButtonAsync(ButtonPressed press, CancellationToken cancellationToken)
    {
        var prefix = PrefixOf(press.Data);
        if (!_buttons.TryGetValue(prefix, out var handler))
        {
            return Reply.Problem("That button is no longer available.");
        }
        var payload = press.Data.Length > prefix.Length ? press.Data[(prefix.Length + 1)..] : "";
        return await handler.HandleAsync(press, payload, cancellationToken);
    }

    private static string PrefixOf(string data)
    {
        var colon = data.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? data : data[..colon];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {EventType} in {Community} failed")]
    private partial void LogHandlerFailed(Exception exception, string eventType, string community);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply observer {Observer} failed in {Community}")]
    private partial void LogObserverFailed(Exception exception, string observer, string community);
}
