using DiscussionBot.Core.Chat;

namespace DiscussionBot.Core.Commands;

/// <summary>What <c>/help</c> shows of a command and how the router treats it.</summary>
/// <param name="Name">Without the slash, lower case.</param>
/// <param name="Usage">The argument pattern, e.g. <c>&lt;topic&gt;</c>.</param>
/// <param name="Example">A full example line.</param>
/// <param name="Moderator">Only moderators may run it.</param>
/// <param name="Expensive">Subject to the per-user cooldown.</param>
/// <param name="Slow">May fetch or compute for a while: adapters show a "working" state first.</param>
/// <param name="MaxArgumentLength">Longer arguments are refused before the handler runs.</param>
public sealed record CommandInfo(
    string Name,
    string Usage,
    string Description,
    string Example,
    bool Moderator = false,
    bool Expensive = false,
    bool Slow = false,
    int MaxArgumentLength = 500,
    bool Hidden = false);

/// <summary>A command as a handler sees it: the event, its argument text and the same split into words
/// (double quotes group words; no words when the event carries a <see cref="Record"/>).</summary>
public sealed record CommandRequest(CommandReceived Event, IReadOnlyList<string> Args)
{
    public string Arguments => Event.Arguments;

    public string CommunityId => Event.Where.CommunityKey;

    public ChatUser Author => Event.Author;

    /// <summary>The typed options, when the platform sent them; command records parse these or <see cref="Args"/>.</summary>
    public CommandOptions? Options => Event.Options;

    /// <summary>The command record itself, when the dashboard built it; the record's Parse takes it as it is.</summary>
    public Records.ICommandRecord? Record => Event.Record;
}

/// <summary>One class per command.</summary>
public interface ICommandHandler
{
    CommandInfo Info { get; }

    /// <summary>
    /// Whether this request makes the command slow (a fetch), so adapters show "working" first. It is the request the
    /// handler will get — typed text, a platform's options or a dashboard record alike — so a handler answers by parsing
    /// it as <see cref="HandleAsync"/> will, not by reading the argument text.
    /// </summary>
    bool IsSlow(CommandRequest request) => Info.Slow;

    ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken);
}

/// <summary>Handles button presses whose data starts with <see cref="Prefix"/> and a colon.</summary>
public interface IButtonHandler
{
    string Prefix { get; }

    /// <summary>Whether pressing it may take a while (adapters defer or show "working").</summary>
    bool Slow => false;

    ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken);
}
