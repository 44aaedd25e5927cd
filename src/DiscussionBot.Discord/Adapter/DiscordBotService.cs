using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// The Discord connection of the host: registers the slash commands, then keeps the gateway running until shutdown.
/// A refused token or a fatal close code (bad intents, bad shard config) cannot be fixed by retrying: it stops the
/// host with a critical log and a non-zero exit code.
/// </summary>
public sealed partial class DiscordBotService(
    CommandRegistrar registrar,
    GatewayClient gateway,
    DiscordEventSink sink,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    public const int FatalExitCode = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first network call.
        await Task.Yield();
        try
        {
            try
            {
                await registrar.RegisterAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or DiscordAuthenticationException))
            {
                // The commands registered last time keep working; the gateway is still worth running.
                LogRegistrationFailed(ex);
            }

            await gateway.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DiscordGatewayFatalException or DiscordAuthenticationException)
        {
            LogFatal(ex, ex.Message);
            Environment.ExitCode = FatalExitCode;
            lifetime.StopApplication();
        }
        finally
        {
            await sink.DrainAsync(TimeSpan.FromSeconds(5));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering the slash commands failed; the commands Discord already has stay in place")]
    private partial void LogRegistrationFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord cannot be used and the bot stops: {Reason}")]
    private partial void LogFatal(Exception exception, string reason);
}
