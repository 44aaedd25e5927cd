using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>How an interaction was first answered: not yet, or deferred publicly or privately ("thinking…").</summary>
public enum Deferral
{
    None,
    Public,
    Ephemeral,
}

/// <summary>
/// The 3-second clock of one interaction, started when it arrives from the gateway — not when a lane slot frees for
/// its handler. If no answer has been claimed after <c>Discord:DeferAfterMilliseconds</c>, it defers on its own, so
/// an interaction queued behind busy lanes is still acknowledged in time. Exactly one of the two happens: the handler
/// claims the direct answer (<see cref="TryClaimDirectAnswer"/>) or the deferral goes out.
/// </summary>
public sealed partial class InteractionAcknowledgement : IDisposable
{
    private readonly Interaction _interaction;
    private readonly DiscordRestClient _rest;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _timer;
    private Task<Deferral>? _deferral;
    private bool _claimed;

    public InteractionAcknowledgement(Interaction interaction, DiscordRestClient rest, TimeSpan deferAfter, TimeProvider time, ILogger logger)
    {
        _interaction = interaction;
        _rest = rest;
        _logger = logger;
        ArrivedAt = time.GetUtcNow();
        // Vote buttons answer only the voter: defer privately, so even "thinking…" does not show who voted.
        Private = interaction.Data?.CustomId?.StartsWith("pv:", StringComparison.Ordinal) == true;
        _timer = new CancellationTokenSource();
        _ = DeferLaterAsync(deferAfter, time);
    }

    public DateTimeOffset ArrivedAt { get; }

    /// <summary>The answer goes only to the member who acted.</summary>
    public bool Private { get; }

    /// <summary>Completes with the deferral once one was sent (it never completes when the handler answered directly).</summary>
    public Task<Deferral>? Deferred
    {
        get
        {
            lock (_lock)
            {
                return _deferral;
            }
        }
    }

    /// <summary>Defers now, unless an answer was already claimed or a deferral is under way (then its result).</summary>
    public Task<Deferral> DeferAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            if (_claimed)
            {
                return Task.FromResult(Deferral.None);
            }

            return _deferral ??= SendDeferralAsync(ct);
        }
    }

    /// <summary>True when the caller may answer with the first response itself; false when a deferral went out (await <see cref="Deferred"/>).</summary>
    public bool TryClaimDirectAnswer()
    {
        lock (_lock)
        {
            if (_deferral is not null)
            {
                return false;
            }

            _claimed = true;
        }

        _timer.Cancel();
        return true;
    }

    public void Dispose()
    {
        _timer.Cancel();
        _timer.Dispose();
    }

    private async Task DeferLaterAsync(TimeSpan after, TimeProvider time)
    {
        try
        {
            await Task.Delay(after, time, _timer.Token).ConfigureAwait(false);
            await DeferAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Answered (or disposed) in time.
        }
        catch (Exception ex)
        {
            // The handler sees the same failure when it awaits the deferral; this only keeps it from going unobserved.
            LogDeferralFailed(_logger, ex, _interaction.Id);
        }
    }

    private async Task<Deferral> SendDeferralAsync(CancellationToken ct)
    {
        await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token, InteractionResponse.Defer(Private), ct).ConfigureAwait(false);
        LogDeferred(_logger, _interaction.Id);
        return Private ? Deferral.Ephemeral : Deferral.Public;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction {InteractionId} deferred")]
    private static partial void LogDeferred(ILogger logger, string interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferring interaction {InteractionId} failed")]
    private static partial void LogDeferralFailed(ILogger logger, Exception exception, string interactionId);
}
