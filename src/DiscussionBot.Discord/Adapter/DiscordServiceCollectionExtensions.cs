using DiscussionBot.Core.Chat;
using DiscussionBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Adapter;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord adapter. Its options are always validated; the gateway runs only when
    /// <c>Discord:BotToken</c> is set (and then <c>Discord:ApplicationId</c> must be too).
    /// </summary>
    public static IHostApplicationBuilder AddDiscord(this IHostApplicationBuilder builder)
    {
        var enabled = !string.IsNullOrWhiteSpace(builder.Configuration[$"{DiscordOptions.Section}:{nameof(DiscordOptions.BotToken)}"]);
        builder.Services.AddDiscord(enabled);
        return builder;
    }

    public static IServiceCollection AddDiscord(this IServiceCollection services, bool runService)
    {
        services.AddDiscordProtocol();
        services.AddOptions<DiscordOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        // The gateway session survives restarts in the database, so a quick restart resumes.
        services.Replace(ServiceDescriptor.Singleton<IGatewaySessionStore, StateStoreGatewaySessionStore>());

        services.AddSingleton<DiscordBotIdentity>();
        services.AddSingleton<PollAnswerSets>();
        services.AddSingleton<DiscordModerators>();
        services.AddSingleton<DiscordPosts>();
        services.AddSingleton<DiscordMessenger>();
        services.AddSingleton<IMessenger>(sp => sp.GetRequiredService<DiscordMessenger>());
        services.AddSingleton<CommandRegistrar>();
        services.AddSingleton<DiscordEventSink>();
        services.AddSingleton<IGatewayEventSink>(sp => sp.GetRequiredService<DiscordEventSink>());
        services.AddScoped<InteractionHandler>();
        services.AddScoped<GatewayEventHandler>();

        if (runService)
        {
            services.AddHostedService<DiscordBotService>();
            services.AddHostedService<DiscordPollCloser>();
        }

        return services;
    }
}

/// <summary>Checks what data annotations cannot: with a bot token, the application id is needed to register commands and answer interactions.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BotToken) && string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            failures.Add("Discord:ApplicationId is required when Discord:BotToken is set (the application id from the developer portal).");
        }

        if (options.GuildIds.Any(g => g.Length == 0 || !g.All(char.IsAsciiDigit)))
        {
            failures.Add("Discord:GuildIds must be numeric guild ids.");
        }

        if (options.ModeratorRoleIds.Any(r => r.Length == 0 || !r.All(char.IsAsciiDigit)))
        {
            failures.Add("Discord:ModeratorRoleIds must be numeric role ids.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
