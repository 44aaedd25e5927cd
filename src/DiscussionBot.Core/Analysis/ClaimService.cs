using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Keeps a story's claim candidates in the claim store: a candidate found again keeps its id and its
/// moderator status, so ids shown by /claims stay valid for /poll and /claim.</summary>
public sealed class ClaimService(IClaimStore claims, ViewpointService views, TimeProvider time)
{
    public const int MaxCandidates = 10;

    public IReadOnlyList<Claim> Sync(string communityId, StoryView view, int? topicId)
    {
        var stored = new List<Claim>();
        foreach (var candidate in views.Claims(view, MaxCandidates))
        {
            stored.Add(Store(communityId, view, candidate, topicId));
        }
        return stored;
    }

    public Claim Store(string communityId, StoryView view, ClaimCandidate candidate, int? topicId)
    {
        var stances = candidate.Stances.Select(kv => new SourceStance
        {
            Source = kv.Key,
            Stance = kv.Value switch { ClaimStance.Asserts => Stance.Asserts, ClaimStance.Denies => Stance.Denies, _ => Stance.Silent },
            Sentence = candidate.Sentences.TryGetValue(kv.Key, out var own) ? own
                : kv.Key == candidate.OriginSource ? candidate.Text : kv.Value == ClaimStance.Denies ? candidate.Counter : null,
        }).ToList();
        if (claims.FindByKey(communityId, candidate.Key) is { } existing)
        {
            var updated = existing with { Stances = stances, Score = candidate.Score, StoryId = view.Story.Id, TopicId = existing.TopicId ?? topicId };
            claims.Update(updated);
            return updated;
        }
        return claims.Insert(new Claim
        {
            CommunityId = communityId,
            Key = candidate.Key,
            TopicId = topicId,
            StoryId = view.Story.Id,
            Text = candidate.Text,
            Origin = candidate.Kind == ClaimKind.Contested ? ClaimOrigin.Clash : ClaimOrigin.Sentence,
            ArticleId = int.TryParse(candidate.OriginArticleId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
            Stances = stances,
            Status = ClaimStatus.Candidate,
            Score = candidate.Score,
            CreatedBy = "analysis",
            CreatedAt = time.GetUtcNow(),
        });
    }

    /// <summary>Claims to show: approved and polled first, then candidates by score; rejected ones never.</summary>
    public static IEnumerable<Claim> Ranked(IEnumerable<Claim> all) =>
        all.Where(c => c.Status != ClaimStatus.Rejected)
            .DistinctBy(c => c.Id)
            .OrderBy(c => c.Status switch { ClaimStatus.Approved => 0, ClaimStatus.Polled => 1, _ => 2 })
            .ThenByDescending(c => c.Origin == ClaimOrigin.Moderator)
            .ThenByDescending(c => c.Score)
            .ThenBy(c => c.Id);
}
