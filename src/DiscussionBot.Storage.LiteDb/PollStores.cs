using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

public sealed class LitePollStore(BotDatabase db) : IPollStore
{
    private readonly ILiteCollection<Poll> _polls = db.Collection<Poll>(Collections.Polls);

    public Poll? Get(int id) => _polls.FindById(id);

    public Poll Insert(Poll poll)
    {
        var id = _polls.Insert(poll);
        return poll with { Id = id.AsInt32 };
    }

    public void Update(Poll poll) => _polls.Update(poll);

    public IReadOnlyList<Poll> Overdue(DateTimeOffset now) =>
        _polls.Find(Query.And(Query.EQ(nameof(Poll.ClosedAt), BsonValue.Null), Query.LTE(nameof(Poll.ClosesAt), now.UtcTicks))).ToList();

    public IReadOnlyList<Poll> ByCommunity(string communityId) => _polls.Find(p => p.CommunityId == communityId).ToList();
}

public sealed class LiteEventLog(BotDatabase db) : IEventLog
{
    private readonly ILiteCollection<VoteRecord> _votes = db.Collection<VoteRecord>(Collections.Votes);
    private readonly ILiteCollection<ReactionRecord> _reactions = db.Collection<ReactionRecord>(Collections.Reactions);

    public IReadOnlyList<VoteRecord> VotesOf(int pollId) => _votes.Find(v => v.PollId == pollId).ToList();

    public IReadOnlyList<VoteRecord> VotesOfCommunity(string communityId) => _votes.Find(v => v.CommunityId == communityId).ToList();

    public IReadOnlyList<ReactionRecord> ReactionsOfCommunity(string communityId) => _reactions.Find(r => r.CommunityId == communityId).ToList();

    public int Forget(string voter) => _votes.DeleteMany(v => v.Voter == voter) + _reactions.DeleteMany(r => r.Voter == voter);
}

/// <summary>The voter-id secret: from configuration, or generated once and kept in <c>voter.key</c> beside the database.</summary>
public sealed class VoterKeyFile : IVoterKeySource
{
    public VoterKeyFile(Microsoft.Extensions.Options.IOptions<StorageOptions> options)
    {
        var configured = options.Value.VoterKey;
        if (configured.Length > 0)
        {
            Key = Convert.FromBase64String(configured);
            if (Key.Length < 32)
            {
                throw new InvalidOperationException("Storage:VoterKey must be at least 32 bytes (base64).");
            }
            return;
        }
        var path = options.Value.DatabasePath == ":memory:" ? null : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Value.DatabasePath)) ?? ".", "voter.key");
        if (path is null)
        {
            Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            return;
        }
        if (File.Exists(path))
        {
            Key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return;
        }
        Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Convert.ToBase64String(Key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public byte[] Key { get; }
}
