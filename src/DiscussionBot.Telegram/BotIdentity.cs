namespace DiscussionBot.Telegram;

/// <summary>Who the bot is, learned from getMe at start: commands addressed to another bot (<c>/help@otherbot</c>) are ignored.</summary>
public sealed class BotIdentity
{
    private volatile string? _username;

    public long Id { get; private set; }

    public string? Username => _username;

    public void Set(long id, string? username)
    {
        Id = id;
        _username = username;
    }

    /// <summary>Whether a command's <c>@botname</c> suffix (or none) addresses this bot.</summary>
    public bool IsAddressedToMe(string? botName) =>
        botName is null || (Username is { } me && string.Equals(botName, me, StringComparison.OrdinalIgnoreCase));
}
