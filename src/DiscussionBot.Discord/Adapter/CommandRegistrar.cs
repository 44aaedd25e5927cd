using DiscussionBot.Core.Commands;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Registers the router's commands at start with one bulk overwrite: per configured guild (visible at once, good for a
/// few communities) or globally. Overwriting also removes commands that no longer exist.
/// </summary>
public sealed partial class CommandRegistrar(IServiceScopeFactory scopes, DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger)
{
    public IReadOnlyList<ApplicationCommandDefinition> Definitions()
    {
        using var scope = scopes.CreateScope();
        return SlashCommands.Definitions(scope.ServiceProvider.GetRequiredService<ChatRouter>().Commands.Select(c => c.Info));
    }

    public async Task RegisterAsync(CancellationToken ct)
    {
        var definitions = Definitions();
        var guilds = options.Value.GuildIds.Where(g => g.Length > 0).ToList();
        if (guilds.Count == 0)
        {
            await rest.BulkOverwriteGlobalCommandsAsync(definitions, ct);
            LogRegistered(definitions.Count, "globally");
            return;
        }

        foreach (var guild in guilds)
        {
            await rest.BulkOverwriteGuildCommandsAsync(guild, definitions, ct);
            LogRegistered(definitions.Count, "in guild " + guild);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} slash commands {Scope}")]
    private partial void LogRegistered(int count, string scope);
}
