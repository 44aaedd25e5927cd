using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Receives the gateway's dispatches and hands each to its own DI scope on a worker task, so the sink returns at once:
/// interactions in a lane each (their 3-second deadline must not wait for other work), other events in lanes per
/// message, channel or guild so their order holds. A failing event is logged and the others go on.
/// </summary>
public sealed partial class DiscordEventSink : IGatewayEventSink
{
    private readonly IServiceScopeFactory _scopes;
    private readonly DiscordBotIdentity _identity;
    private readonly ILogger<DiscordEventSink> _logger;
    private readonly DiscordRestClient _rest;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deferAfter;
    private readonly GuildPermissions _permissions;

    public DiscordEventSink(IServiceScopeFactory scopes, DiscordBotIdentity identity, GuildPermissions permissions, DiscordRestClient rest, TimeProvider time,
        IOptions<DiscordOptions> options, ILogger<DiscordEventSink> logger)
    {
        _scopes = scopes;
        _identity = identity;
        _permissions = permissions;
        _logger = logger;
        _rest = rest;
        _time = time;
        _deferAfter = TimeSpan.FromMilliseconds(options.Value.DeferAfterMilliseconds);
        Interactions = new EventLanes(options.Value.MaxConcurrentInteractions);
        Events = new EventLanes(options.Value.MaxConcurrentEvents);
    }

    internal EventLanes Interactions { get; }

    internal EventLanes Events { get; }

    /// <summary>Hands the dispatch to its lane and waits until it has been handled.</summary>
    public async Task HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken) =>
        await (await AcceptAsync(dispatch, cancellationToken)).WaitAsync(cancellationToken);

    /// <summary>Hands the dispatch to its lane; the task returned completes when the lane has handled it, and until
    /// then the gateway client does not count its sequence as handled, so a crash replays it on RESUME.</summary>
    public async ValueTask<Task> AcceptAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        if (dispatch.EventName is GatewayEventNames.GuildCreate or GatewayEventNames.GuildUpdate or GatewayEventNames.GuildDelete
            or GatewayEventNames.GuildRoleCreate or GatewayEventNames.GuildRoleUpdate or GatewayEventNames.GuildRoleDelete)
        {
            // Here, in the gateway's order, not in a lane: a message that follows a role change is judged by it.
            try
            {
                _permissions.Apply(dispatch);
            }
            catch (System.Text.Json.JsonException ex)
            {
                OnFailed(ex, dispatch);
            }
        }

        switch (dispatch.EventName)
        {
            case GatewayEventNames.Ready:
                if (dispatch.Data.TryGetProperty("user", out var user) && user.TryGetProperty("id", out var id) && id.GetString() is { } userId)
                {
                    _identity.Set(userId);
                }

                LogReady(_identity.UserId);
                return Task.CompletedTask;
            case GatewayEventNames.InteractionCreate:
                var interaction = dispatch.Parse<Interaction>();
                if (interaction.Type == InteractionType.ApplicationCommandAutocomplete)
                {
                    // Suggestions cannot be deferred and go stale in a moment: answered off the lanes, at once.
                    return RunAsync(async ct =>
                    {
                        await using var scope = _scopes.CreateAsyncScope();
                        await scope.ServiceProvider.GetRequiredService<AutocompleteHandler>().HandleAsync(interaction, ct);
                    }, dispatch, cancellationToken);
                }

                // The 3-second clock starts now, on arrival, even if every lane is busy.
                var ack = new InteractionAcknowledgement(interaction, _rest, _deferAfter, _time, _logger);
                return await Interactions.EnqueueAsync("interaction:" + interaction.Id, async ct =>
                {
                    using (ack)
                    {
                        await using var scope = _scopes.CreateAsyncScope();
                        await scope.ServiceProvider.GetRequiredService<InteractionHandler>().HandleAsync(interaction, ack, ct);
                    }
                }, ex => OnFailed(ex, dispatch), cancellationToken);
            case GatewayEventNames.MessageCreate or GatewayEventHandler.MessageUpdate or GatewayEventNames.GuildCreate or GatewayEventNames.GuildUpdate
                or GatewayEventNames.MessageReactionAdd or GatewayEventNames.MessageReactionRemove
                or GatewayEventNames.MessageReactionRemoveAll or GatewayEventNames.MessageReactionRemoveEmoji
                or GatewayEventNames.MessagePollVoteAdd or GatewayEventNames.MessagePollVoteRemove:
                return await Events.EnqueueAsync(GatewayEventHandler.LaneOf(dispatch), async ct =>
                {
                    await using var scope = _scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<GatewayEventHandler>().HandleAsync(dispatch, ct);
                }, ex => OnFailed(ex, dispatch), cancellationToken);
            default:
                return Task.CompletedTask;
        }
    }

    private Task RunAsync(Func<CancellationToken, Task> work, GatewayDispatch dispatch, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            try
            {
                await work(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                OnFailed(ex, dispatch);
            }
        }, CancellationToken.None);

    /// <summary>Waits for the work in flight, at shutdown.</summary>
    public Task DrainAsync(TimeSpan timeout) => Task.WhenAll(Interactions.DrainAsync(timeout), Events.DrainAsync(timeout));

    private void OnFailed(Exception exception, GatewayDispatch dispatch) => LogFailed(exception, dispatch.EventName, dispatch.Sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord session ready as user {UserId}")]
    private partial void LogReady(string? userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {EventName} #{Sequence} failed; the other events go on")]
    private partial void LogFailed(Exception exception, string eventName, int sequence);
}
