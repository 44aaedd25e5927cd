using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Storage;

public interface IPollStore
{
    Poll? Get(int id);

    Poll Insert(Poll poll);

    void Update(Poll poll);

    /// <summary>Polls not yet closed whose deadline is at or before <paramref name="now"/>.</summary>
    IReadOnlyList<Poll> Overdue(DateTimeOffset now);

    IReadOnlyList<Poll> ByCommunity(string communityId);
}

/// <summary>The durable writer: votes and reactions are acknowledged (the task completes) only once committed.
/// Events are grouped into one transaction per batch; the queue is bounded, so a flood waits instead of growing.</summary>
public interface IEventWriter
{
    ValueTask WriteAsync(VoteRecord vote, CancellationToken cancellationToken = default);

    ValueTask WriteAsync(ReactionRecord reaction, CancellationToken cancellationToken = default);
}

/// <summary>The read side of the vote and reaction log.</summary>
public interface IEventLog
{
    IReadOnlyList<VoteRecord> VotesOf(int pollId);

    IReadOnlyList<VoteRecord> VotesOfCommunity(string communityId);

    IReadOnlyList<ReactionRecord> ReactionsOfCommunity(string communityId);

    /// <summary>Deletes every vote and reaction of the voter; returns how many events were deleted.</summary>
    int Forget(string voter);
}

/// <summary>The secret behind pseudonymous voter ids.</summary>
public interface IVoterKeySource
{
    byte[] Key { get; }
}
