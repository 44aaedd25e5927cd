using DiscussionBot.Core.Dashboard;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>Dashboard sign-in links and sessions (stored under the hash of their secret), so sessions survive a restart.</summary>
public sealed class LiteDashboardGrantStore : IDashboardGrantStore
{
    public const string Collection = "dashboard_grants";

    private readonly ILiteCollection<DashboardGrant> _grants;

    public LiteDashboardGrantStore(BotDatabase db)
    {
        _grants = db.Collection<DashboardGrant>(Collection);
        _grants.EnsureIndex(g => g.ModeratorId);
        _grants.EnsureIndex(g => g.ExpiresAt);
    }

    public DashboardGrant? Find(string id) => _grants.FindById(id);

    public void Save(DashboardGrant grant) => _grants.Upsert(grant);

    public IReadOnlyList<DashboardGrant> OfModerator(string platform, string communityId, string moderatorId) =>
        _grants.Find(g => g.ModeratorId == moderatorId).Where(g => g.Platform == platform && g.CommunityId == communityId).ToList();

    public int DeleteExpired(DateTimeOffset before) => _grants.DeleteMany(Query.LT(nameof(DashboardGrant.ExpiresAt), before.UtcTicks));
}
