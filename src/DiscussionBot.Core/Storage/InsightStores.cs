using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Storage;

/// <summary>Fairness ratings, story opens and belief-shift answers. Each write is one committed LiteDB operation
/// (an upsert by the document's natural key, so a repeated press or a redelivered event is stored once).</summary>
public interface IInsightLog
{
    void Rate(FairnessRating rating);

    IReadOnlyList<FairnessRating> RatingsOf(string communityId);

    /// <summary>Records the open unless this voter already opened this story; returns whether it was new.</summary>
    bool RecordOpen(StoryOpen open);

    IReadOnlyList<StoryOpen> OpensOf(string communityId);

    ShiftPoll Insert(ShiftPoll poll);

    ShiftPoll? GetShiftPoll(int id);

    IReadOnlyList<ShiftPoll> ShiftPollsOf(string communityId);

    void Answer(ShiftAnswer answer);

    IReadOnlyList<ShiftAnswer> AnswersOf(int pollId);

    IReadOnlyList<ShiftAnswer> AnswersOfCommunity(string communityId);

    /// <summary>Deletes every rating, open and belief-shift answer of the voter; returns how many were deleted.</summary>
    int Forget(string voter);
}
