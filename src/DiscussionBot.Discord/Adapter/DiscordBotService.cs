using DiscussionBot.Core.Operations;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// The Discord connection of the host: registers the slash commands (retried in the background while Discord is
/// unreachable) and keeps the shards running until shutdown. Transient trouble never ends the process. A refused
/// token or a close code only a person can fix (bad shard settings, bad API version) logs one critical line naming
/// what to fix, sets <see cref="BotExitCodes.PlatformRefused"/> and stops the host; Telegram, if configured, stops
/// with it only because the process ends.
/// </summary>
public sealed partial class DiscordBotService(
    CommandRegistrar registrar,
    GatewayShardRunner gateway,
    DiscordEventSink sink,
    DiscordHealthReporter health,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    private static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BackoffCap = TimeSpan.FromMinutes(2);

    private int _fatal;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        health.Expect();
        gateway.StatusChanged += health.OnStatus;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first network call.
        await Task.Yield();
        using var registrationStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var registration = RegisterAsync(registrationStop.Token);
        try
        {
            for (var failures = 1; !stoppingToken.IsCancellationRequested; failures++)
            {
                try
                {
                    await gateway.RunAsync(stoppingToken);
                    return;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (DiscordAuthenticationException)
                {
                    Fatal("Discord refused the bot token (401). Set a valid Discord:BotToken (Developer Portal → Bot → Reset Token) and restart");
                    return;
                }
                catch (DiscordGatewayFatalException ex)
                {
                    Fatal(ex.CloseCode == GatewayCloseCodes.AuthenticationFailed
                        ? "Discord refused the bot token (gateway close 4004). Set a valid Discord:BotToken (Developer Portal → Bot → Reset Token) and restart"
                        : $"the Discord gateway closed with {ex.CloseCode}: {GatewayCloseCodes.Explain(ex.CloseCode)}. Fix it and restart");
                    return;
                }
                catch (Exception ex)
                {
                    // Not a close code and not a refused token: a bug or an outage nobody foresaw. Keep trying.
                    var delay = Backoff.Of(failures, BackoffBase, BackoffCap, Random.Shared);
                    LogGatewayCrashed(ex, delay.TotalSeconds);
                    health.Reset();
                    await Task.Delay(delay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await registrationStop.CancelAsync();
            await registration;
            await sink.DrainAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Registers the commands; a network failure, 429 or 5xx is retried with backoff, a refused body is logged
    /// once (the commands Discord already has stay in place), a refused token stops the bot.</summary>
    private async Task RegisterAsync(CancellationToken ct)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await registrar.RegisterAsync(ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (DiscordAuthenticationException)
            {
                Fatal("Discord refused the bot token (401) while registering commands. Set a valid Discord:BotToken (Developer Portal → Bot → Reset Token) and restart");
                return;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                var delay = Backoff.Of(failures, BackoffBase, BackoffCap, Random.Shared);
                LogRegistrationRetry(ex.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                LogRegistrationFailed(ex);
                return;
            }
        }
    }

    internal static bool IsTransient(Exception ex) => ex switch
    {
        HttpRequestException or TimeoutException or OperationCanceledException => true,
        DiscordHttpException http => (int)http.Status is 429 or >= 500,
        _ => false,
    };

    private void Fatal(string line)
    {
        if (Interlocked.Exchange(ref _fatal, 1) == 1)
        {
            return;
        }

        LogFatal(line);
        health.Failed(line);
        Environment.ExitCode = BotExitCodes.PlatformRefused;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the slash commands failed; the commands Discord already has stay in place")]
    private partial void LogRegistrationFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the slash commands failed ({Error}); retrying in {DelaySeconds:0.#} s")]
    private partial void LogRegistrationRetry(string error, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Discord gateway stopped unexpectedly; restarting it in {DelaySeconds:0.#} s")]
    private partial void LogGatewayCrashed(Exception exception, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord cannot be used and the bot stops: {Line}")]
    private partial void LogFatal(string line);
}
