using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

public sealed class LiteLinkStore(BotDatabase db) : ILinkStore
{
    private readonly ILiteCollection<LinkCode> _codes = db.Collection<LinkCode>(Collections.LinkCodes);
    private readonly ILiteCollection<CommunityLink> _links = db.Collection<CommunityLink>(Collections.CommunityLinks);
    private readonly ILiteCollection<PollMirror> _mirrors = db.Collection<PollMirror>(Collections.PollMirrors);

    public void SaveCode(LinkCode code) => _codes.Upsert(code);

    public LinkCode? FindCode(string code) => _codes.FindById(code);

    public IReadOnlyList<LinkCode> CodesOf(string communityId) => _codes.Find(c => c.CommunityId == communityId).ToList();

    public void DeleteCode(string code) => _codes.Delete(code);

    public CommunityLink? LinkOf(string communityId) => _links.FindById(communityId);

    public void Link(LinkCode used, CommunityLink first, CommunityLink second)
    {
        db.Database.BeginTrans();
        try
        {
            _codes.Upsert(used);
            _links.Upsert(first);
            _links.Upsert(second);
            db.Database.Commit();
        }
        catch
        {
            db.Database.Rollback();
            throw;
        }
    }

    public bool Unlink(string communityId)
    {
        if (_links.FindById(communityId) is not { } link)
        {
            return false;
        }
        db.Database.BeginTrans();
        try
        {
            _links.Delete(link.Id);
            _links.Delete(link.PartnerId);
            db.Database.Commit();
        }
        catch
        {
            db.Database.Rollback();
            throw;
        }
        return true;
    }

    public void RecordMirror(PollMirror mirror) => _mirrors.Upsert(mirror);

    public IReadOnlyList<PollMirror> MirrorsOf(int pollId) => _mirrors.Find(m => m.PollId == pollId).ToList();

    public PollMirror? Mirror(int pollId, string communityId) => _mirrors.FindById(PollMirror.KeyOf(pollId, communityId));

    public IReadOnlyList<PollMirror> MirrorsIn(string communityId) => _mirrors.Find(m => m.CommunityId == communityId).ToList();
}
