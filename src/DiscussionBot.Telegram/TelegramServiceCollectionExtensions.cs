using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace DiscussionBot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    public const string HttpClientName = "telegram";

    /// <summary>Registers the Telegram adapter. Its options are always validated; the polling or webhook service runs
    /// only when <c>Telegram:BotToken</c> is set.</summary>
    public static IHostApplicationBuilder AddTelegram(this IHostApplicationBuilder builder)
    {
        var enabled = !string.IsNullOrWhiteSpace(builder.Configuration[$"{TelegramOptions.Section}:{nameof(TelegramOptions.BotToken)}"]);
        var webhook = string.Equals(builder.Configuration[$"{TelegramOptions.Section}:{nameof(TelegramOptions.Mode)}"], nameof(TelegramMode.Webhook), StringComparison.OrdinalIgnoreCase);
        builder.Services.AddTelegram(enabled, webhook);
        return builder;
    }

    public static IServiceCollection AddTelegram(this IServiceCollection services, bool runService, bool webhook = false)
    {
        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PlatformHealth>();

        services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            // A long poll holds the request open for PollingTimeoutSeconds; the client must wait longer than that.
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.PollingTimeoutSeconds + 30);
        });
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var baseUrl = string.IsNullOrWhiteSpace(settings.ApiBaseUrl) ? null : settings.ApiBaseUrl;
            // RetryCount 0: 429s go back to the SendScheduler, which pauses only the chat concerned.
            var clientOptions = new TelegramBotClientOptions(settings.BotToken, baseUrl) { RetryCount = 0 };
            return new TelegramBotClient(clientOptions, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName));
        });

        services.AddSingleton<BotApiCalls>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<SendScheduler>();
        services.AddSingleton<AdminCache>();
        services.AddSingleton<UpdateLedger>();
        services.AddSingleton<TelegramMessenger>();
        services.AddSingleton<IMessenger>(sp => sp.GetRequiredService<TelegramMessenger>());
        services.AddSingleton<TelegramStartup>();
        services.AddSingleton<UpdateDispatcher>();
        services.AddScoped<TelegramUpdateHandler>();

        if (runService)
        {
            if (webhook)
            {
                services.AddHostedService<TelegramWebhookService>();
            }
            else
            {
                services.AddHostedService<TelegramPollingService>();
            }
            services.AddHostedService<PollCloser>();
        }
        return services;
    }
}
