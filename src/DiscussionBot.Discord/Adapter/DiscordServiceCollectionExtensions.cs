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
        services.Replace(ServiceDescriptor.Singleton<GatewaySessionStoreFactory>(sp =>
        {
            var state = sp.GetRequiredService<Core.Storage.IStateStore>();
            return shard => new StateStoreGatewaySessionStore(state, shard);
        }));
        services.AddSingleton<DiscordHealthReporter>();
        services.AddSingleton<Core.Commands.IHelpNote, DiscordHelpNote>();

        services.AddSingleton<DiscordBotIdentity>();
        services.AddSingleton<PollAnswerSets>();
        services.AddSingleton<GuildPermissions>();
        services.AddSingleton<DiscordModerators>();
        services.AddSingleton<DiscordPosts>();
        services.AddSingleton<DiscordMessenger>();
        services.AddSingleton<IMessenger>(sp => sp.GetRequiredService<DiscordMessenger>());
        services.AddSingleton<CommandRegistrar>();
        services.AddSingleton<DiscordEventSink>();
        services.AddSingleton<IGatewayEventSink>(sp => sp.GetRequiredService<DiscordEventSink>());
        services.AddScoped<InteractionHandler>();
        services.AddScoped<AutocompleteHandler>();
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

        if (options.ShardIds.Count > 0 && options.ShardCount == 0)
        {
            failures.Add("Discord:ShardIds needs Discord:ShardCount: a process that runs some shards must know how many there are.");
        }

        if (options.ShardIds.Any(id => id < 0 || (options.ShardCount > 0 && id >= options.ShardCount)))
        {
            failures.Add($"Discord:ShardIds must be between 0 and Discord:ShardCount - 1 ({options.ShardCount - 1}).");
        }

        if (options.ShardIds.Distinct().Count() != options.ShardIds.Count)
        {
            failures.Add("Discord:ShardIds lists a shard twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
