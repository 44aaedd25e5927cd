namespace DiscussionBot.Core.Storage;

// Ports for what platform adapters learn about native polls and anonymous counts. Core's poll
// feature reads them: a VoteCast carries only the platform's poll id, and anonymous polls and
// reactions arrive as totals without voters.

/// <summary>A platform-native poll the bot posted for a Core poll.</summary>
public sealed record PlatformPoll
{
    /// <summary><c>platform:platformPollId</c>, e.g. <c>telegram:5432109876</c>.</summary>
    public string Id { get; init; } = "";

    public string Platform { get; init; } = "";

    /// <summary>The platform's own poll id, as in <see cref="Chat.VoteCast.PlatformPollId"/>.</summary>
    public string PlatformPollId { get; init; } = "";

    /// <summary><see cref="Chat.PollSpec.PollId"/> of the Core poll.</summary>
    public int PollId { get; init; }

    public string CommunityId { get; init; } = "";

    public string ChatId { get; init; } = "";

    public string MessageId { get; init; } = "";

    public bool Anonymous { get; init; }

    public DateTimeOffset ClosesAt { get; init; }

    /// <summary>The platform's id of each answer, in Core's option order (Discord's answer_id); empty when the
    /// platform identifies answers by position.</summary>
    public List<int> AnswerIds { get; init; } = [];

    /// <summary>Core's 0-based option of a platform answer id, or null when the poll has no such answer.</summary>
    public int? OptionOf(int answerId)
    {
        if (AnswerIds.Count == 0)
        {
            return answerId >= 1 ? answerId - 1 : null;
        }

        var index = AnswerIds.IndexOf(answerId);
        return index >= 0 ? index : null;
    }

    /// <summary>True once the platform poll is stopped (by the adapter at <see cref="ClosesAt"/> or by the platform).</summary>
    public bool Closed { get; init; }

    public static string KeyOf(string platform, string platformPollId) => $"{platform}:{platformPollId}";
}

/// <summary>Which platform poll belongs to which Core poll, and which are still open.</summary>
public interface IPlatformPollMap
{
    void Record(PlatformPoll poll);

    PlatformPoll? Find(string platform, string platformPollId);

    /// <summary>Open polls of a platform whose close time is at or before <paramref name="now"/>.</summary>
    IReadOnlyList<PlatformPoll> DueForClosing(string platform, DateTimeOffset now);
}

/// <summary>Anonymous totals reported by a platform: the option counts of an anonymous poll, or the reaction
/// counts of a message in a chat where reactions are anonymous. The latest report replaces the previous one.</summary>
public sealed record PlatformTally
{
    /// <summary><c>poll:platform:pollId</c> or <c>reactions:messageKey</c> (see <see cref="ForPoll"/> and <see cref="ForReactions"/>).</summary>
    public string Id { get; init; } = "";

    public string CommunityId { get; init; } = "";

    /// <summary>The Core poll, when the tally is of a poll the bot posted.</summary>
    public int? PollId { get; init; }

    /// <summary><see cref="Chat.MessageRef.Key"/> of the message, when the tally is of reactions.</summary>
    public string? MessageKey { get; init; }

    /// <summary>Option index (as text) or emoji → count.</summary>
    public Dictionary<string, int> Counts { get; init; } = new(StringComparer.Ordinal);

    public int Total { get; init; }

    public bool Final { get; init; }

    public DateTimeOffset At { get; init; }

    public static string ForPoll(string platform, string platformPollId) => $"poll:{platform}:{platformPollId}";

    public static string ForReactions(string messageKey) => $"reactions:{messageKey}";
}

public interface ITallyLog
{
    void Record(PlatformTally tally);

    PlatformTally? Find(string id);

    /// <summary>The latest totals of every platform poll posted for a Core poll.</summary>
    IReadOnlyList<PlatformTally> OfPoll(int pollId);
}
