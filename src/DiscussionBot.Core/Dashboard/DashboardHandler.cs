using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;

namespace DiscussionBot.Core.Dashboard;

/// <summary><c>/dashboard</c>: a one-time sign-in link to the moderators' web dashboard, answered privately;
/// <c>/dashboard revoke</c> ends all of the moderator's dashboard sessions in this community.</summary>
public sealed class DashboardHandler(DashboardAccess access, IEnumerable<IDashboardLinks> links) : ICommandHandler
{
    public CommandInfo Info { get; } = new("dashboard", "[revoke]", "a private sign-in link to the web dashboard (or end your sessions)", "/dashboard", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var where = request.Event.Where;
        if (request.Args is ["revoke"] or ["signout"] or ["logout"])
        {
            var ended = access.RevokeAll(where, request.Author);
            return Done(Reply.Of($"Ended {ended} dashboard session(s) of yours; unused sign-in links no longer work.") with { Private = true });
        }
        if (request.Args.Count > 0)
        {
            return Done(Reply.Problem("Usage: /dashboard (a sign-in link) or /dashboard revoke (end your sessions)."));
        }
        if (links.Select(l => l.BaseUrl).FirstOrDefault(u => u is not null) is not { } baseUrl)
        {
            return Done(Reply.Problem("The dashboard is not available: the web endpoint is off in this deployment (Web:Urls is empty)."));
        }
        var secret = access.IssueLink(where, request.Author);
        var url = $"{baseUrl.TrimEnd('/')}/dashboard/signin?token={secret}";
        var text = new RichTextBuilder()
            .Text($"Your dashboard sign-in link, valid {access.LinkLifetime.TotalMinutes:0} minutes and only once:").NewLine()
            .Link(url, url).NewLine()
            .Italic($"Do not share it: it signs in as you, for this community. /dashboard revoke ends your sessions.")
            .Build();
        return Done(new Reply { Text = text, Private = true });
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}
