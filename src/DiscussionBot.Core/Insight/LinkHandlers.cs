using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;

namespace DiscussionBot.Core.Insight;

/// <summary><c>/link</c> (make a one-time code) and <c>/link &lt;code&gt;</c> (confirm it in the community on the other
/// platform): polls started in either community then run in both.</summary>
public sealed class LinkHandler(LinkService links, Library.AuditTrail audit) : ICommandHandler
{
    public CommandInfo Info { get; } = new("link", "[code]", "link this community with one on the other platform, so polls run in both", "/link K7Q2M9XD", Moderator: true, MaxArgumentLength: 40);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Args.Count > 1)
        {
            return Done(Reply.Problem("Usage: /link to make a code, or /link <code> in the other community to confirm it."));
        }
        var outcome = request.Args.Count == 0 ? links.MakeCode(request.Event.Where, request.Author) : links.Confirm(request.Event.Where, request.Args[0]);
        switch (outcome)
        {
            case LinkOutcome.CodeMade:
                audit.Record(request.CommunityId, request.Author, "link code", "made a one-time link code");
                break;
            case LinkOutcome.Linked linked:
                // Both communities' audit shows the link: each side's moderator agreed to it.
                audit.Record(request.CommunityId, request.Author, "link", $"linked with {linked.Link.PartnerId}");
                audit.Record(linked.Link.PartnerId, request.Author, "link", $"{request.CommunityId} confirmed the link code");
                break;
        }
        return Done(outcome switch
        {
            LinkOutcome.CodeMade made => Reply.Of(new RichTextBuilder()
                .Text("Link code: ").Code(made.Code.Id).NewLine()
                .Text("A moderator of the community on the other platform runs ").Code($"/link {made.Code.Id}")
                .Text($" there within {LinkService.CodeLifetime.TotalMinutes:0} minutes. The code works once. Polls started in either community will then be posted in both.").Build()),
            LinkOutcome.Linked linked => Reply.Of($"Linked with {linked.Link.PartnerId}: polls started here or there are posted in both, each side's votes are stored where they were cast, and /results shows the combined tally and each side's. /unlink ends it."),
            LinkOutcome.Refused refused => Reply.Problem($"Not linked: {refused.Reason}."),
            _ => throw new InvalidOperationException("unknown outcome"),
        });
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

/// <summary><c>/unlink</c>: ends the link (either side's moderator may); polls already posted in both keep running.</summary>
public sealed class UnlinkHandler(LinkService links, Library.AuditTrail audit) : ICommandHandler
{
    public CommandInfo Info { get; } = new("unlink", "", "end this community's link with the other platform's community", "/unlink", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var outcome = links.Unlink(request.Event.Where);
        if (outcome is LinkOutcome.Unlinked unlinked)
        {
            audit.Record(request.CommunityId, request.Author, "unlink", $"unlinked from {unlinked.PartnerId}");
            audit.Record(unlinked.PartnerId, request.Author, "unlink", $"{request.CommunityId} ended the link");
        }
        return ValueTask.FromResult(outcome switch
        {
            LinkOutcome.Unlinked u => Reply.Of($"Unlinked from {u.PartnerId}. New polls stay in their own community; polls already running in both keep counting both sides until they close."),
            LinkOutcome.Refused r => Reply.Problem($"Nothing to unlink: {r.Reason}."),
            _ => throw new InvalidOperationException("unknown outcome"),
        });
    }
}
