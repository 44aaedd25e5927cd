using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/audit</c>: the latest configuration changes, who made them and when.</summary>
public sealed class AuditHandler(IAuditLog log) : ICommandHandler
{
    public CommandInfo Info { get; } = new("audit", "[count]", "recent configuration changes", "/audit 20", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var parsed = AuditCommand.Parse(request);
        if (parsed.Command is not { Count: var count })
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        var entries = log.Recent(request.CommunityId, count);
        if (entries.Count == 0)
        {
            return ValueTask.FromResult(Reply.Of("No configuration changes yet."));
        }
        var b = new RichTextBuilder().Bold("Configuration changes, newest first").NewLine();
        foreach (var e in entries)
        {
            b.Code($"{e.At:yyyy-MM-dd HH:mm}").Text($" {e.ActorName}: ").Bold(e.Action).Text(" " + e.Detail).Italic(e.Origin == ChatUser.ViaDashboard ? " (on the dashboard)" : "").NewLine();
        }
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }
}
