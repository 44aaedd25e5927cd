using DiscussionBot.Core.Chat;

namespace DiscussionBot.Core.Commands;

/// <summary>
/// A line <c>/help</c> adds about what is off where it was asked (e.g. on Discord without the Message Content intent,
/// links posted in channels are not summarised automatically). Registered by adapters; null when nothing is off.
/// </summary>
public interface IHelpNote
{
    string? For(ChatLocation where);
}
