using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace DiscussionBot.Telegram;

/// <summary>Moderators of a Telegram group are its administrators. The list comes from getChatAdministrators, is kept
/// for <see cref="TelegramOptions.AdminCacheMinutes"/>, and is dropped when a chat_member or my_chat_member update says
/// somebody's rights changed. A failed lookup is tried again with backoff (and a 429 waited out) before the update fails.</summary>
public sealed class AdminCache(ITelegramBotClient client, BotApiCalls calls, TimeProvider time, IOptions<TelegramOptions> options)
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly TimeSpan _lifetime = TimeSpan.FromMinutes(options.Value.AdminCacheMinutes);

    public async ValueTask<bool> IsAdministratorAsync(long chatId, long userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(chatId, out var entry) || entry.Expires <= now)
        {
            var admins = await calls.BoundedAsync("getChatAdministrators", t => client.GetChatAdministrators(chatId, cancellationToken: t), ct);
            entry = new Entry(admins.Select(a => a.User.Id).ToHashSet(), now + _lifetime);
            _entries[chatId] = entry;
        }
        return entry.UserIds.Contains(userId);
    }

    public void Invalidate(long chatId) => _entries.TryRemove(chatId, out _);

    /// <summary>Telegram's "GroupAnonymousBot": messages of anonymous administrators come from it, with the group as sender_chat.</summary>
    public const long AnonymousAdminBotId = 1087968824;

    /// <summary>Private chats have no administrators: there the user is the moderator of their own conversation.</summary>
    public async ValueTask<bool> IsModeratorAsync(Chat chat, User? user, Chat? senderChat, CancellationToken ct)
    {
        if (chat.Type == global::Telegram.Bot.Types.Enums.ChatType.Private)
        {
            return true;
        }
        if (senderChat is not null && senderChat.Id == chat.Id)
        {
            return true; // an anonymous administrator speaking as the group
        }
        return user is not null && await IsAdministratorAsync(chat.Id, user.Id, ct);
    }

    private sealed record Entry(HashSet<long> UserIds, DateTimeOffset Expires);
}
