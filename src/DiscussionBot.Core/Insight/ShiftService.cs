using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Insight;

public abstract record ShiftStart
{
    public sealed record Started(ShiftPoll Poll) : ShiftStart;

    public sealed record Refused(string Reason) : ShiftStart;

    public sealed record NotAllowed(string Reason) : ShiftStart;
}

/// <summary>Counts of a belief-shift poll: every before and after answer, and the transitions of the members who
/// answered both (a member who answered once counts in neither shift).</summary>
public sealed record ShiftResults(ShiftPoll Poll, IReadOnlyList<int> Before, IReadOnlyList<int> After, int[,] Transitions, int Paired)
{
    public int Moved
    {
        get
        {
            var moved = 0;
            for (var i = 0; i < Poll.Options.Count; i++)
            {
                for (var j = 0; j < Poll.Options.Count; j++)
                {
                    moved += i == j ? 0 : Transitions[i, j];
                }
            }
            return moved;
        }
    }
}

/// <summary>Belief-shift polls: a claim of a story asked before and after members read its viewpoints.</summary>
public sealed class ShiftService(IInsightLog log, ViewpointService views, ClaimService claimService, IClaimStore claims, ICommunityStore communities, VoterIds voters, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Options = PollService.ClaimOptions;

    public ShiftStart Start(ChatLocation where, ChatUser author, Story story)
    {
        var community = where.CommunityKey;
        if (communities.Find(community) is { } settings && CommunitySettings.Get(settings, CommunitySettings.PollStarters) == "moderators" && !author.IsModerator)
        {
            return new ShiftStart.NotAllowed("In this community only moderators start polls (setting poll.starters).");
        }
        var view = views.View(community, story);
        if (view.Articles.Count < 2)
        {
            return new ShiftStart.Refused($"story {story.Id} is told by one source only, so there is no other side to read. Add another take with /add, then try again");
        }
        var claim = Claim(community, view);
        if (claim is null)
        {
            return new ShiftStart.Refused($"no claim of story {story.Id} was found to ask about. A moderator can add one with /claim add <topic> <text>");
        }
        var question = claim.Text.Length <= PollService.MaxQuestion ? claim.Text : Shortening.Shorten(claim.Text, PollService.MaxQuestion);
        var poll = log.Insert(new ShiftPoll
        {
            CommunityId = community,
            StoryId = story.Id,
            ClaimId = claim.Id,
            Question = question,
            Options = [.. Options],
            CreatedBy = voters.Of(where.Platform, author.Id),
            CreatedAt = time.GetUtcNow(),
        });
        return new ShiftStart.Started(poll);
    }

    /// <summary>Records an answer (the same phase again replaces it); null when the poll or option does not exist here.</summary>
    public ShiftAnswer? Answer(ShiftPoll poll, ChatEvent by, ShiftPhase phase, int option)
    {
        if (option < 0 || option >= poll.Options.Count)
        {
            return null;
        }
        var voter = voters.Of(by.Where.Platform, by.Author.Id);
        var answer = new ShiftAnswer
        {
            Id = ShiftAnswer.KeyOf(poll.Id, voter, phase),
            PollId = poll.Id,
            CommunityId = poll.CommunityId,
            Voter = voter,
            Phase = phase,
            Option = option,
            At = by.At,
        };
        log.Answer(answer);
        return answer;
    }

    public bool Answered(ShiftPoll poll, ChatEvent by, ShiftPhase phase)
    {
        var voter = voters.Of(by.Where.Platform, by.Author.Id);
        return log.AnswersOf(poll.Id).Any(a => a.Voter == voter && a.Phase == phase);
    }

    public ShiftPoll? Find(string communityId, int id) => log.GetShiftPoll(id) is { } poll && poll.CommunityId == communityId ? poll : null;

    public ShiftResults Results(ShiftPoll poll)
    {
        var n = poll.Options.Count;
        var answers = log.AnswersOf(poll.Id).Where(a => a.Option >= 0 && a.Option < n).ToList();
        var before = new int[n];
        var after = new int[n];
        foreach (var a in answers)
        {
            (a.Phase == ShiftPhase.Before ? before : after)[a.Option]++;
        }
        var transitions = new int[n, n];
        var paired = 0;
        foreach (var voter in answers.GroupBy(a => a.Voter, StringComparer.Ordinal))
        {
            var b = voter.FirstOrDefault(a => a.Phase == ShiftPhase.Before);
            var f = voter.FirstOrDefault(a => a.Phase == ShiftPhase.After);
            if (b is not null && f is not null)
            {
                transitions[b.Option, f.Option]++;
                paired++;
            }
        }
        return new ShiftResults(poll, before, after, transitions, paired);
    }

    /// <summary>The story's claim to ask about: one a moderator approved or polled, else the analyzer's best candidate.</summary>
    private Claim? Claim(string community, StoryView view)
    {
        var stored = ClaimService.Ranked(claims.ByStory(community, view.Story.Id).Where(c => c.Status is ClaimStatus.Approved or ClaimStatus.Polled)).FirstOrDefault();
        if (stored is not null)
        {
            return stored;
        }
        var candidate = views.Claims(view, ClaimService.MaxCandidates).FirstOrDefault();
        return candidate is null ? null : claimService.Store(community, view, candidate, null);
    }
}
