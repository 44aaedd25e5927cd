using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DiscussionBot.Core.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DiscussionBot.Telegram;

/// <summary>Webhook mode: a small Kestrel endpoint (behind the proxy that terminates HTTPS) that takes Telegram's
/// POSTs. A request without the right <c>X-Telegram-Bot-Api-Secret-Token</c> is refused before its body is read.</summary>
public sealed partial class TelegramWebhookService(
    ITelegramBotClient client,
    BotApiCalls calls,
    TelegramStartup startup,
    UpdateDispatcher dispatcher,
    PlatformHealth health,
    IOptions<TelegramOptions> options,
    ILogger<TelegramWebhookService> logger) : BackgroundService
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Expect(BotApiCalls.Platform);
        await Task.Yield();
        var settings = options.Value;
        var secret = Encoding.UTF8.GetBytes(settings.WebhookSecret ?? "");
        var path = new Uri(settings.WebhookUrl!).AbsolutePath;

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(settings.WebhookListenUrl);
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost(path, async (HttpContext context) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers[SecretHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, secret))
            {
                LogBadSecret(context.Connection.RemoteIpAddress?.ToString() ?? "?");
                return Results.Unauthorized();
            }
            Update? update;
            try
            {
                update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.BadRequest();
            }
            if (update is null)
            {
                return Results.BadRequest();
            }
            // Handled before answering: a failure makes Telegram deliver it again, the ledger skips it if it was done.
            await dispatcher.HandleWebhookUpdateAsync(update, stoppingToken);
            return Results.Ok();
        });

        try
        {
            try
            {
                await app.StartAsync(stoppingToken);
            }
            catch (IOException ex)
            {
                throw new TelegramFatalException("Telegram:WebhookListenUrl", BotExitCodes.Configuration,
                    $"The Telegram webhook cannot listen on {settings.WebhookListenUrl} ({ex.Message}): check Telegram:WebhookListenUrl. The bot stops", ex);
            }
            await startup.InitializeAsync(stoppingToken);
            await calls.RequiredAsync("setWebhook", async t =>
            {
                await client.SetWebhook(settings.WebhookUrl!, allowedUpdates: TelegramPollingService.AllowedUpdates,
                    secretToken: settings.WebhookSecret, cancellationToken: t);
                return true;
            }, stoppingToken);
            health.Report(BotApiCalls.Platform, PlatformState.Connected);
            LogListening(settings.WebhookListenUrl, path);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (TelegramFatalException ex)
        {
            calls.StopForGood(ex);
        }
        catch (Exception ex)
        {
            calls.ReportCrashed(ex);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram webhook listening on {ListenUrl}{Path}")]
    private partial void LogListening(string listenUrl, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a webhook request from {Remote}: wrong secret token")]
    private partial void LogBadSecret(string remote);
}
