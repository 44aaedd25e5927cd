using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Library;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/demo</c>: loads the team's demo articles, topics and source labels.</summary>
public sealed class DemoHandler(DemoLoader loader, AuditTrail audit) : ICommandHandler
{
    public CommandInfo Info { get; } = new("demo", "", "load demo articles to try every command", "/demo", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var added = loader.Load(request.CommunityId);
        audit.Record(request.CommunityId, request.Author, "demo", $"{added} article(s) added");
        return ValueTask.FromResult(Reply.Of(new RichTextBuilder()
            .Line($"Demo loaded: {added} new article(s), topics housing and community, three labelled sources.")
            .Text("Try ").Code("/viewpoints housing").Text(", ").Code("/claims housing").Text(" or ").Code("/articles housing").Text(".")
            .Build()));
    }
}
