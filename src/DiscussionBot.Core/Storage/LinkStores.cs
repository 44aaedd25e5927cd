using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Storage;

/// <summary>Link codes, community links and the polls posted across a link.</summary>
public interface ILinkStore
{
    void SaveCode(LinkCode code);

    LinkCode? FindCode(string code);

    /// <summary>Every still-unused code a community made (a new code replaces them).</summary>
    IReadOnlyList<LinkCode> CodesOf(string communityId);

    void DeleteCode(string code);

    CommunityLink? LinkOf(string communityId);

    /// <summary>Marks the code used and stores both sides of the link in one transaction.</summary>
    void Link(LinkCode used, CommunityLink first, CommunityLink second);

    /// <summary>Removes both sides of the link; false when the community was not linked.</summary>
    bool Unlink(string communityId);

    void RecordMirror(PollMirror mirror);

    IReadOnlyList<PollMirror> MirrorsOf(int pollId);

    PollMirror? Mirror(int pollId, string communityId);

    IReadOnlyList<PollMirror> MirrorsIn(string communityId);
}
