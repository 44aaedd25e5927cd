using System.Text.RegularExpressions;
using DiscussionBot.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DiscussionBot.Telegram;

/// <summary>What both modes do first: learn the bot's own username (getMe) and list the commands in Telegram's
/// command menu (setMyCommands).</summary>
public sealed partial class TelegramStartup(ITelegramBotClient client, BotIdentity identity, IServiceScopeFactory scopes, ILogger<TelegramStartup> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        var me = await client.GetMe(ct);
        identity.Set(me.Id, me.Username);
        LogConnected(me.Username ?? me.FirstName, me.Id);

        var commands = MenuCommands();
        await client.SetMyCommands(commands, cancellationToken: ct);
        LogCommandsSet(commands.Count);
    }

    /// <summary>The router's visible commands, as Telegram accepts them: names of 1–32 characters a-z, 0-9 and _,
    /// descriptions of 1–256 characters, at most 100.</summary>
    public IReadOnlyList<BotCommand> MenuCommands()
    {
        using var scope = scopes.CreateScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        var result = new List<BotCommand>();
        foreach (var info in router.Commands.Select(c => c.Info).Where(c => !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (!CommandName().IsMatch(info.Name))
            {
                LogCommandSkipped(info.Name);
                continue;
            }
            var description = string.IsNullOrWhiteSpace(info.Description) ? info.Name : info.Description.Trim();
            if (info.Moderator)
            {
                description += " (moderators)";
            }
            if (description.Length > 256)
            {
                description = description[..255] + "…";
            }
            result.Add(new BotCommand { Command = info.Name, Description = description });
        }
        return result.Take(100).ToList();
    }

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Telegram as @{Username} ({BotId})")]
    private partial void LogConnected(string username, long botId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram's command menu lists {Count} commands")]
    private partial void LogCommandsSet(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/{Command} is left out of Telegram's menu: Telegram takes only a-z, 0-9 and _, at most 32")]
    private partial void LogCommandSkipped(string command);
}
