using System.Text.RegularExpressions;
using DiscussionBot.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DiscussionBot.Telegram;

/// <summary>What both modes do first: learn the bot's own username (getMe, retried until Telegram answers) and fill
/// Telegram's command menus (setMyCommands, optional): members see the members' commands; chat administrators, and
/// the user of a private chat (the moderator of their own conversation), see the moderators' commands too.</summary>
public sealed partial class TelegramStartup(ITelegramBotClient client, BotApiCalls calls, BotIdentity identity, IServiceScopeFactory scopes, ILogger<TelegramStartup> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        var me = await calls.RequiredAsync("getMe", t => client.GetMe(t), ct);
        identity.Set(me.Id, me.Username);
        LogConnected(me.Username ?? me.FirstName, me.Id);
        // In the background: a 429 on setMyCommands may ask for a long wait, and updates must not wait for the menus.
        Menus = Task.Run(() => SetMenusAsync(ct), CancellationToken.None).ContinueWith(static _ => { }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The menus being set after start (done when they are, or when setting them failed or was cancelled).</summary>
    public Task Menus { get; private set; } = Task.CompletedTask;

    /// <summary>The menus per scope: a failure (an emulator without setMyCommands, a 5xx) leaves the old menus in place.</summary>
    public async Task SetMenusAsync(CancellationToken ct)
    {
        var members = MenuCommands(moderators: false);
        var everyone = MenuCommands(moderators: true);
        var set = await calls.OptionalAsync("setMyCommands", t => client.SetMyCommands(members, BotCommandScope.Default(), cancellationToken: t), ct);
        set &= await calls.OptionalAsync("setMyCommands", t => client.SetMyCommands(everyone, BotCommandScope.AllChatAdministrators(), cancellationToken: t), ct);
        set &= await calls.OptionalAsync("setMyCommands", t => client.SetMyCommands(everyone, BotCommandScope.AllPrivateChats(), cancellationToken: t), ct);
        if (set)
        {
            LogCommandsSet(members.Count, everyone.Count);
        }
    }

    /// <summary>The router's visible commands, as Telegram accepts them: names of 1–32 characters a-z, 0-9 and _,
    /// descriptions of 1–256 characters, at most 100.</summary>
    public IReadOnlyList<BotCommand> MenuCommands(bool moderators)
    {
        using var scope = scopes.CreateScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        var result = new List<BotCommand>();
        foreach (var info in router.Commands.Select(c => c.Info).Where(c => !c.Hidden && (moderators || !c.Moderator)).OrderBy(c => c.Name, StringComparer.Ordinal))
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram's command menus list {Members} commands for members and {Everyone} for administrators and private chats")]
    private partial void LogCommandsSet(int members, int everyone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/{Command} is left out of Telegram's menu: Telegram takes only a-z, 0-9 and _, at most 32")]
    private partial void LogCommandSkipped(string command);
}
