using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

public sealed class LitePlatformPollMap : IPlatformPollMap
{
    private readonly ILiteCollection<PlatformPoll> _polls;

    public LitePlatformPollMap(BotDatabase db)
    {
        _polls = db.Collection<PlatformPoll>(Collections.PlatformPolls);
        // Also creates the collection up front (see LiteTallyLog).
        _polls.EnsureIndex(p => p.Closed);
    }

    public void Record(PlatformPoll poll) => _polls.Upsert(poll);

    public PlatformPoll? Find(string platform, string platformPollId) => _polls.FindById(PlatformPoll.KeyOf(platform, platformPollId));

    public IReadOnlyList<PlatformPoll> DueForClosing(string platform, DateTimeOffset now) =>
        _polls.Find(p => !p.Closed).Where(p => p.Platform == platform && p.ClosesAt <= now).ToList();
}

public sealed class LiteTallyLog : ITallyLog
{
    private readonly ILiteCollection<PlatformTally> _tallies;

    public LiteTallyLog(BotDatabase db)
    {
        _tallies = db.Collection<PlatformTally>(Collections.PlatformTallies);
        // Creates the collection now: LiteDB 5 can fail a query that runs while another thread creates the collection.
        _tallies.EnsureIndex(t => t.CommunityId);
        _tallies.EnsureIndex(t => t.PollId);
    }

    public void Record(PlatformTally tally) => _tallies.Upsert(tally);

    public PlatformTally? Find(string id) => _tallies.FindById(id);

    public IReadOnlyList<PlatformTally> OfPoll(int pollId) => _tallies.Find(t => t.PollId == pollId).ToList();
}
