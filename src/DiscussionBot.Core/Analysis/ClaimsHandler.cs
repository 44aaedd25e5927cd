using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Analysis;

/// <summary><c>/claims &lt;topic|story|words&gt;</c>: contested claims with short ids, each with who asserts and who denies it.</summary>
public sealed class ClaimsHandler(LibraryLookup lookup, ViewpointService views, ClaimService claimService, IClaimStore claims) : ICommandHandler
{
    public const int MaxShown = 8;

    public CommandInfo Info { get; } = new("claims", "<topic|story|words>", "the contested claims of a topic or story, with ids for /poll", "/claims housing", Expensive: true);

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var parsed = ClaimsCommand.Parse(request);
        if (parsed.Command is not { Query: var query })
        {
            return Reply.Problem(parsed.Problem!);
        }
        var found = await lookup.StoryAsync(request.CommunityId, query, request.Author.Id, cancellationToken);
        var topic = found.Topic;
        var list = new List<Claim>();
        if (topic is not null)
        {
            // A topic's claims: those of its two biggest stories, and the ones moderators added.
            foreach (var story in views.StoriesOfTopic(topic).Take(2))
            {
                list.AddRange(claimService.Sync(request.CommunityId, views.View(request.CommunityId, story), topic.Id));
            }
            list.AddRange(claims.ByTopic(request.CommunityId, topic.Id));
        }
        else if (found.Found is { } story)
        {
            list.AddRange(claimService.Sync(request.CommunityId, views.View(request.CommunityId, story), null));
            list.AddRange(claims.ByStory(request.CommunityId, story.Id));
        }
        else
        {
            return Reply.Problem($"No claims: {found.Problem}.");
        }
        var ranked = ClaimService.Ranked(list).Take(MaxShown).ToList();
        if (ranked.Count == 0)
        {
            return Reply.Of("No contested claims found yet. A moderator can add one with /claim add <topic> <text>.");
        }
        var b = new RichTextBuilder().Bold(topic is null ? $"Claims in story {found.Found!.Id}" : $"Claims in {topic.Slug}").NewLine();
        foreach (var claim in ranked)
        {
            b.Code(claim.Id.ToString(CultureInfo.InvariantCulture)).Text(" ").Text(Shortening.Shorten(claim.Text, 240));
            var status = claim.Status switch { ClaimStatus.Approved => " ✓ approved", ClaimStatus.Polled => " 📊 polled", _ => "" };
            b.Italic(status).NewLine();
            var asserts = claim.Stances.Where(s => s.Stance == Stance.Asserts).Select(s => s.Source).ToList();
            var denies = claim.Stances.Where(s => s.Stance == Stance.Denies).Select(s => s.Source).ToList();
            var silent = claim.Stances.Where(s => s.Stance == Stance.Silent).Select(s => s.Source).ToList();
            if (asserts.Count + denies.Count > 0)
            {
                b.Text("   ");
                if (asserts.Count > 0)
                {
                    b.Text("asserted by " + string.Join(", ", asserts));
                }
                if (denies.Count > 0)
                {
                    // "possibly": the opposing sentence is found by wording (see /viewpoints' "may clash"), not read for meaning.
                    b.Text((asserts.Count > 0 ? "; " : "") + "possibly disputed by " + string.Join(", ", denies));
                }
                if (silent.Count > 0 && asserts.Count + denies.Count > 1)
                {
                    b.Text("; silent: " + string.Join(", ", silent));
                }
                b.NewLine();
            }
        }
        b.Text("Start a poll with ").Code($"/poll {ranked[0].Id}");
        return Reply.Of(b.Build(), new PostSubject(PostKind.Claims, StoryId: found.Found?.Id));
    }
}

/// <summary><c>/claim add &lt;topic&gt; &lt;text&gt;</c>, <c>/claim approve &lt;id&gt;</c>, <c>/claim reject &lt;id&gt;</c> (moderators).</summary>
public sealed class ClaimHandler(IClaimStore claims, ITopicStore topics, AuditTrail audit, TimeProvider time) : ICommandHandler
{
    public const int MaxText = 300;
    private const string Usage = ClaimCommand.Usage;

    public CommandInfo Info { get; } = new("claim", "add <topic> <text> | approve <id> | reject <id>", "add, approve or reject a contested claim", "/claim add housing The tower will raise rents nearby", Moderator: true, MaxArgumentLength: 1000);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become a ClaimCommand record.
        var parsed = ClaimCommand.Parse(request);
        switch (parsed.Command)
        {
            case null:
                return Done(Reply.Problem(parsed.Problem!));
            case ClaimAdd add:
                var topic = topics.Find(request.CommunityId, add.Topic);
                if (topic is null)
                {
                    return Done(Reply.UnknownTopic(add.Topic));
                }
                var text = add.Text;
                if (text.Length is 0 or > MaxText)
                {
                    return Done(Reply.Problem($"Give the claim's text, 1–{MaxText} characters: /claim add {topic.Slug} <text>"));
                }
                var claim = claims.Insert(new Claim
                {
                    CommunityId = request.CommunityId,
                    Key = "mod:" + Guid.NewGuid().ToString("N")[..12],
                    TopicId = topic.Id,
                    Text = text,
                    Origin = ClaimOrigin.Moderator,
                    Status = ClaimStatus.Approved,
                    CreatedBy = request.Author.Name,
                    CreatedAt = time.GetUtcNow(),
                });
                audit.Record(request.CommunityId, request.Author, "claim add", $"{claim.Id} in {topic.Slug}: {text}");
                return Done(Reply.Of($"Added claim {claim.Id} to {topic.Slug}. Start a poll with /poll {claim.Id}."));
            case ClaimReview review:
                var id = review.ClaimId;
                var existing = claims.Get(id);
                if (existing is null || existing.CommunityId != request.CommunityId)
                {
                    return Done(Reply.Problem($"There is no claim {id} here."));
                }
                var approve = review.Approve;
                var status = approve ? (existing.Status == ClaimStatus.Polled ? ClaimStatus.Polled : ClaimStatus.Approved) : ClaimStatus.Rejected;
                claims.Update(existing with { Status = status });
                audit.Record(request.CommunityId, request.Author, approve ? "claim approve" : "claim reject", $"{id}: {Shortening.Shorten(existing.Text, 120)}");
                return Done(Reply.Of(approve ? $"Claim {id} approved." : $"Claim {id} rejected: it will not be listed or polled."));
            default:
                return Done(Reply.Problem(Usage));
        }
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

/// <summary>Button <c>clash:&lt;story&gt;:&lt;n&gt;</c> under /viewpoints: the clash becomes a claim and a poll on it starts
/// (subject to who may start polls).</summary>
public sealed class ClashPollButton(ViewpointService views, ClaimService claimService, PollHandler polls) : IButtonHandler
{
    public string Prefix => "clash";

    public async ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || views.Find(parts[0]) is not { } story)
        {
            return Reply.Problem("That clash is no longer available.");
        }
        var view = views.View(press.Where.CommunityKey, story);
        if (index < 0 || index >= Math.Min(view.Report.Clashes.Count, ViewpointReplies.MaxClashesShown))
        {
            return Reply.Problem("That clash is no longer available.");
        }
        var clash = view.Report.Clashes[index];
        var candidate = views.Claims(view, ClaimService.MaxCandidates).FirstOrDefault(c => c.Text == clash.First.Text || c.Text == clash.Second.Text);
        if (candidate is null)
        {
            return Reply.Problem("That clash could not be turned into a claim.");
        }
        var claim = claimService.Store(press.Where.CommunityKey, view, candidate, null);
        var id = claim.Id.ToString(CultureInfo.InvariantCulture);
        var request = new CommandRequest(new CommandReceived(press.Where, press.Author, press.At, "poll", id, press.Message), [id]);
        return await polls.HandleAsync(request, cancellationToken);
    }
}
