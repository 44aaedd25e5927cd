using System.Text.Json;
using DiscussionBot.Core.Operations;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Gateway;

/// <summary>
/// One gateway connection kept alive for as long as <see cref="RunAsync"/> runs: identify (where and when
/// <see cref="GatewayEndpoint"/> and the shared <see cref="IdentifyLimiter"/> allow) or resume, reconnects with backoff,
/// and what each close code means. The session it resumes is in
/// <see cref="GatewaySessionState"/> (saved through <see cref="IGatewaySessionStore"/>), each connection's heartbeats in a
/// <see cref="GatewayHeartbeat"/>, and dispatches go to the <see cref="IGatewayEventSink"/> through a
/// <see cref="GatewayDispatcher"/>. The socket is behind <see cref="IGatewayTransport"/>.
/// </summary>
/// <remarks>
/// Run it from a BackgroundService: <c>await gateway.RunAsync(stoppingToken)</c>. It returns when the token is cancelled,
/// and throws <see cref="DiscordGatewayFatalException"/> (close codes 4004, 4010–4013, and 4014 when the intents it refuses
/// are not Message Content) or
/// <see cref="DiscordAuthenticationException"/> (token refused by REST) when reconnecting cannot help; let those stop the host.
/// </remarks>
public sealed partial class GatewayClient(
    IGatewayTransport transport,
    DiscordRestClient rest,
    IGatewayEventSink sink,
    IGatewaySessionStore sessionStore,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<GatewayClient> logger,
    GatewayClientSettings? settings = null)
{
    /// <summary>Close code we send whenever the session must stay resumable (anything but 1000/1001).</summary>
    public const int ResumableCloseCode = 4000;

    private readonly GatewayClientSettings _settings = settings ?? new GatewayClientSettings();
    private readonly IdentifyLimiter _identifyLimiter = settings?.IdentifyLimiter
        ?? new IdentifyLimiter(1, (settings ?? new GatewayClientSettings()).IdentifyInterval, time);
    private readonly GatewayIntentState _intents = settings?.IntentState ?? new GatewayIntentState(settings?.Intents ?? GatewayIntents.Bot);
    private readonly DiscordOptions _options = options.Value;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewaySessionState _session = new();
    private readonly GatewayEndpoint _endpoint = new(rest, options.Value, time, logger);

    // Written and read by the receive loop only.
    private GatewayIntents _identifiedIntents;
    private bool _resumeAttempt;
    private bool _helloReceived;
    private int _resumeConnectFailures;

    /// <summary>The shard this client runs.</summary>
    public GatewayShard Shard => _settings.Shard;

    /// <summary>The intents the next IDENTIFY will carry.</summary>
    public GatewayIntents Intents => _intents.Current;

    private bool CanResume => _session.CanResume;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or a fatal close happens.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var dispatcher = new GatewayDispatcher(sink, _session, _settings.DispatchQueueCapacity, logger);
        using var dispatcherStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatching = Task.Run(() => dispatcher.RunAsync(dispatcherStop.Token), CancellationToken.None);
        try
        {
            await RestoreSessionAsync(cancellationToken).ConfigureAwait(false);
            var failures = 0;
            Report(GatewayConnectionState.Connecting);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ConnectionOutcome outcome;
                try
                {
                    outcome = await RunConnectionAsync(dispatcher, cancellationToken).ConfigureAwait(false);
                }
                catch (DiscordAuthenticationException ex)
                {
                    Report(GatewayConnectionState.Failed, ex.Message);
                    throw;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    // DNS failures, refused connections, 5xx and timeouts (an HttpClient timeout is a cancellation we
                    // did not ask for): all transient, retried with backoff for as long as the bot runs.
                    LogConnectionFailed(logger, ex);
                    outcome = new ConnectionOutcome(CanResume ? GatewayCloseAction.Resume : GatewayCloseAction.NewSession, Healthy: false, TimeSpan.Zero,
                        Reason: ex.Message);
                }

                if (outcome.Action == GatewayCloseAction.Stop && outcome.ServerCloseCode == GatewayCloseCodes.DisallowedIntents
                    && _identifiedIntents.HasFlag(GatewayIntents.MessageContent))
                {
                    // The most common first deployment: Message Content is not enabled for the application. Go on
                    // without it; slash commands, reactions and votes need no privileged intent.
                    if (_intents.TryDropMessageContent())
                    {
                        LogMessageContentRefused(logger);
                    }

                    outcome = outcome with { Action = GatewayCloseAction.NewSession, Healthy = true };
                }

                if (outcome.Action == GatewayCloseAction.Stop)
                {
                    var code = outcome.ServerCloseCode ?? 0;
                    if (code != GatewayCloseCodes.ShardingRequired)
                    {
                        LogFatalClose(logger, code, GatewayCloseCodes.Explain(code), outcome.Reason);
                    }

                    Report(GatewayConnectionState.Failed, GatewayCloseCodes.Explain(code));
                    throw new DiscordGatewayFatalException(code, outcome.Reason);
                }

                if (_resumeAttempt && !_helloReceived && CanResume && ++_resumeConnectFailures >= _settings.MaxResumeConnectFailures)
                {
                    LogResumeUrlGivenUp(logger, _resumeConnectFailures);
                    _resumeConnectFailures = 0;
                    outcome = outcome with { Action = GatewayCloseAction.NewSession };
                }

                if (outcome.Action == GatewayCloseAction.NewSession)
                {
                    await ForgetSessionAsync(cancellationToken).ConfigureAwait(false);
                }

                Report(GatewayConnectionState.Reconnecting, outcome.Reason);
                BotMetrics.GatewayReconnect("discord");

                failures = outcome.Healthy ? 0 : failures + 1;
                var delay = failures == 0 ? outcome.MinimumDelay : Max(Backoff(failures), outcome.MinimumDelay);
                LogReconnecting(logger, outcome.Action, delay.TotalMilliseconds, failures);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            dispatcher.Complete();
            await dispatcherStop.CancelAsync().ConfigureAwait(false);
            await dispatching.ConfigureAwait(false);
            await SaveSessionAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(GatewayDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var resume = CanResume;
        _resumeAttempt = resume;
        _helloReceived = false;
        var url = resume ? GatewayEndpoint.ForResume(_session.ResumeUrl!) : await _endpoint.ForIdentifyAsync(cancellationToken).ConfigureAwait(false);
        // One identify per rate-limit key (shard_id % max_concurrency) every 5 seconds, across the process's shards.
        using var identifyLease = resume ? null : await _identifyLimiter.AcquireAsync(_settings.Shard.Id, cancellationToken).ConfigureAwait(false);
        LogConnecting(logger, url, resume);
        await transport.ConnectAsync(url, cancellationToken).ConfigureAwait(false);

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = new GatewayHeartbeat(BeatAsync, time, _settings.Random, logger);
        Task heartbeatTask = Task.CompletedTask;
        var healthy = false;
        ConnectionOutcome? outcome = null;
        try
        {
            var helloMessage = await ReceiveHelloAsync(connection.Token).ConfigureAwait(false);
            if (helloMessage.IsClose)
            {
                outcome = FromClose(helloMessage, healthy);
                return outcome.Value;
            }

            var hello = Parse(helloMessage.Text!);
            if (hello is not { Op: GatewayOpCode.Hello, D: { } helloData })
            {
                LogUnexpectedFirstPayload(logger, hello?.Op);
                outcome = new ConnectionOutcome(GatewayCloseAction.Resume, false, TimeSpan.Zero, Reason: "no HELLO");
                return outcome.Value;
            }

            _helloReceived = true;
            if (resume)
            {
                _resumeConnectFailures = 0;
            }

            var interval = TimeSpan.FromMilliseconds(helloData.Deserialize(DiscordJsonContext.Default.HelloEvent)!.HeartbeatInterval);
            heartbeatTask = heartbeat.StartAsync(interval, connection);
            if (resume)
            {
                await SendAsync(GatewayCommands.Resume(_options.BotToken, _session.SessionId!, _session.Sequence ?? 0), connection.Token).ConfigureAwait(false);
            }
            else
            {
                await IdentifyAsync(connection.Token).ConfigureAwait(false);
                identifyLease!.Sent();
                identifyLease.Dispose();
            }

            while (outcome is null)
            {
                var message = await transport.ReceiveAsync(connection.Token).ConfigureAwait(false);
                if (message.IsClose)
                {
                    outcome = FromClose(message, healthy);
                    break;
                }

                var payload = Parse(message.Text!);
                switch (payload?.Op)
                {
                    case GatewayOpCode.Dispatch:
                        healthy |= await OnDispatchAsync(payload, dispatcher, connection.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.Heartbeat:
                        // The gateway asks for a heartbeat now; it does not reset our own schedule.
                        await SendAsync(GatewayCommands.Heartbeat(_session.Sequence), connection.Token).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        heartbeat.Acknowledge();
                        break;
                    case GatewayOpCode.Reconnect:
                        LogReconnectRequested(logger);
                        outcome = new ConnectionOutcome(GatewayCloseAction.Resume, healthy, TimeSpan.Zero, Reason: "reconnect requested");
                        break;
                    case GatewayOpCode.InvalidSession:
                        var resumable = payload.D is { ValueKind: JsonValueKind.True };
                        LogInvalidSession(logger, resumable);
                        outcome = resumable
                            ? new ConnectionOutcome(GatewayCloseAction.Resume, healthy, TimeSpan.Zero, Reason: "invalid session (resumable)")
                            : new ConnectionOutcome(GatewayCloseAction.NewSession, healthy,
                                TimeSpan.FromSeconds(1 + (4 * _settings.Random.NextDouble())), Reason: "invalid session");
                        break;
                }
            }

            return outcome.Value;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the heartbeat loop cancels the connection on its own: no ACK (zombie) or a failed send.
            if (heartbeat.Zombie)
            {
                LogZombie(logger);
            }

            outcome = new ConnectionOutcome(GatewayCloseAction.Resume, healthy, TimeSpan.Zero,
                Reason: heartbeat.Zombie ? "heartbeat not acknowledged" : "heartbeat failed");
            return outcome.Value;
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            await heartbeatTask.ConfigureAwait(false);
            await CloseQuietlyAsync(outcome?.Reason ?? "shutting down").ConfigureAwait(false);
            await SaveSessionAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<GatewayMessage> ReceiveHelloAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_settings.HelloTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await transport.ReceiveAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No HELLO within {_settings.HelloTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>Sequence tracking, READY/RESUMED bookkeeping and the hand-off to the dispatcher. Returns true when the session is up.</summary>
    private async ValueTask<bool> OnDispatchAsync(GatewayPayload payload, GatewayDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (payload is not { S: { } sequence, T: { } name })
        {
            return false;
        }

        BotMetrics.PlatformEvent("discord");
        var data = payload.D ?? default;
        var up = false;
        var generation = _session.Received(sequence);
        if (name == GatewayEventNames.Ready)
        {
            var ready = data.Deserialize(DiscordJsonContext.Default.ReadyEvent)!;
            _session.Ready(ready.SessionId, ready.ResumeGatewayUrl);
            LogReady(logger, ready.SessionId, ready.User?.Username);
            await SaveSessionAsync(cancellationToken).ConfigureAwait(false);
            up = true;
            Report(GatewayConnectionState.Connected);
        }
        else if (name == GatewayEventNames.Resumed)
        {
            LogResumed(logger, _session.SessionId, sequence);
            up = true;
            Report(GatewayConnectionState.Connected);
        }

        // After a RESUME the gateway replays what we missed; anything already queued in this session is not handled twice.
        if (!_session.TryQueue(sequence))
        {
            LogDuplicate(logger, name, sequence);
            return up;
        }

        dispatcher.TryEnqueue(new GatewayDispatch(name, data, sequence, _session.SessionId), generation);
        return up;
    }

    /// <summary>One scheduled heartbeat: the last sequence, then the session saved at the handled watermark.</summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await SendAsync(GatewayCommands.Heartbeat(_session.Sequence), cancellationToken).ConfigureAwait(false);
        await SaveSessionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task IdentifyAsync(CancellationToken cancellationToken)
    {
        _session.BeginNewSession();

        _identifiedIntents = _intents.Current;
        LogIdentifying(logger, (int)_identifiedIntents, _settings.Shard.ToString());
        await SendAsync(GatewayCommands.Identify(_options.BotToken, _identifiedIntents, _settings.Shard), cancellationToken).ConfigureAwait(false);
    }

    private async Task RestoreSessionAsync(CancellationToken cancellationToken)
    {
        if (await sessionStore.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } saved)
        {
            return;
        }

        _session.Restore(saved);

        LogRestoredSession(logger, saved.SessionId, saved.Sequence, saved.SavedAt);
    }

    /// <summary>Saves the last handled sequence, so a restart's RESUME replays whatever was received but not handled.</summary>
    private async Task SaveSessionAsync(CancellationToken cancellationToken)
    {
        if (_session.Snapshot(time.GetUtcNow()) is not { } session)
        {
            return;
        }

        try
        {
            await sessionStore.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSessionSaveFailed(logger, ex);
        }
    }

    private async Task ForgetSessionAsync(CancellationToken cancellationToken)
    {
        _session.Forget();
        await sessionStore.ClearAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseQuietlyAsync(string reason)
    {
        // Never 1000/1001: those end the session, and every close of ours (reconnect, zombie, shutdown for a
        // restart) should leave it resumable.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        try
        {
            await transport.DisconnectAsync(ResumableCloseCode, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogCloseFailed(logger, ex);
        }
    }

    private async Task SendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        // The socket allows one send at a time; the heartbeat and receive loops both send.
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transport.SendAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private ConnectionOutcome FromClose(GatewayMessage close, bool healthy)
    {
        var code = close.CloseCode ?? 1006;
        var action = GatewayCloseCodes.ActionFor(code);
        if (!(code == GatewayCloseCodes.DisallowedIntents && _identifiedIntents.HasFlag(GatewayIntents.MessageContent)))
        {
            // A 4014 refusing Message Content gets its own single warning, saying where to enable it.
            LogServerClosed(logger, code, close.CloseReason, action);
        }
        return new ConnectionOutcome(action, healthy, TimeSpan.Zero, code, close.CloseReason ?? $"closed by server ({code})");
    }

    private GatewayPayload? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, DiscordJsonContext.Default.GatewayPayload);
        }
        catch (JsonException ex)
        {
            LogBadPayload(logger, ex);
            return null;
        }
    }

    /// <summary>Exponential with jitter: base·2^(n−1), capped, then scaled into [½, 1) so reconnecting clients spread out.</summary>
    private TimeSpan Backoff(int failures) => Gateway.Backoff.Of(failures, _settings.BackoffBase, _settings.BackoffCap, _settings.Random);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Report(GatewayConnectionState state, string? detail = null)
    {
        try
        {
            _settings.StatusChanged?.Invoke(new GatewayStatusChange(_settings.Shard, state, detail));
        }
        catch (Exception ex)
        {
            LogStatusListenerFailed(logger, ex);
        }
    }

    private readonly record struct ConnectionOutcome(
        GatewayCloseAction Action, bool Healthy, TimeSpan MinimumDelay, int? ServerCloseCode = null, string Reason = "");
}
