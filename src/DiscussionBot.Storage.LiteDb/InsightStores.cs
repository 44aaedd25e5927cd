using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

public sealed class LiteInsightLog(BotDatabase db) : IInsightLog
{
    private readonly ILiteCollection<FairnessRating> _ratings = db.Collection<FairnessRating>(Collections.FairnessRatings);
    private readonly ILiteCollection<StoryOpen> _opens = db.Collection<StoryOpen>(Collections.StoryOpens);
    private readonly ILiteCollection<ShiftPoll> _polls = db.Collection<ShiftPoll>(Collections.ShiftPolls);
    private readonly ILiteCollection<ShiftAnswer> _answers = db.Collection<ShiftAnswer>(Collections.ShiftAnswers);

    public void Rate(FairnessRating rating) => _ratings.Upsert(rating);

    public IReadOnlyList<FairnessRating> RatingsOf(string communityId) => _ratings.Find(r => r.CommunityId == communityId).ToList();

    public bool RecordOpen(StoryOpen open)
    {
        if (_opens.FindById(open.Id) is not null)
        {
            return false;
        }
        _opens.Insert(open);
        return true;
    }

    public IReadOnlyList<StoryOpen> OpensOf(string communityId) => _opens.Find(o => o.CommunityId == communityId).ToList();

    public ShiftPoll Insert(ShiftPoll poll)
    {
        var id = _polls.Insert(poll);
        return poll with { Id = id.AsInt32 };
    }

    public ShiftPoll? GetShiftPoll(int id) => _polls.FindById(id);

    public IReadOnlyList<ShiftPoll> ShiftPollsOf(string communityId) => _polls.Find(p => p.CommunityId == communityId).ToList();

    public void Answer(ShiftAnswer answer) => _answers.Upsert(answer);

    public IReadOnlyList<ShiftAnswer> AnswersOf(int pollId) => _answers.Find(a => a.PollId == pollId).ToList();

    public IReadOnlyList<ShiftAnswer> AnswersOfCommunity(string communityId) => _answers.Find(a => a.CommunityId == communityId).ToList();

    public int Forget(string voter) =>
        _ratings.DeleteMany(r => r.Voter == voter) + _opens.DeleteMany(o => o.Voter == voter) + _answers.DeleteMany(a => a.Voter == voter);
}
