using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Carries out a dashboard change as the chat command that makes it: the command record built from the form's
/// fields (never a command line, so any character of a field is kept as typed) goes through the same router, handler,
/// validation and audit, as the session's moderator in the session's community, marked "via dashboard". The reply
/// becomes the page's message; a reply that is a post for the members (a poll) is posted in the chat where /dashboard
/// was sent.</summary>
public sealed class DashboardCommands(BotServices bot, FlashMessages flash, TimeProvider time)
{
    /// <param name="line">The same command as chat text, for the router's length limit and the logs only.</param>
    public async Task<Reply> RunAsync(DashboardGrant session, string command, ICommandRecord record, string line, CancellationToken ct)
    {
        var where = session.Location();
        var moderator = DashboardAccess.Moderator(session);
        await using var scope = bot.Scopes.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        var received = new CommandReceived(where, moderator, time.GetUtcNow(), command, line, Record: record);
        var reply = await router.HandleAsync(received, ct)
            ?? Reply.Problem("The bot had no answer to that.");
        if (reply.Kind == ReplyKind.Normal && reply.Poll is not null)
        {
            var messenger = bot.Messengers.FirstOrDefault(m => m.Platform == where.Platform);
            var posted = messenger is null ? null : await messenger.SendAsync(where, reply, ct);
            reply = reply with
            {
                Text = RichText.Plain(reply.Text.ToPlainText() + (posted is null
                    ? "\nThe poll is open, but it could not be posted in the chat (the platform is not connected); members can vote with /vote."
                    : "\nPosted in the chat."))
            };
        }
        return reply;
    }

    /// <summary>Runs the command, keeps its reply for the next page and sends the browser there.</summary>
    public async Task<IResult> RunAndRedirectAsync(PageContext page, string command, ICommandRecord record, string line, string back)
    {
        var reply = await RunAsync(page.Session, command, record, line, page.Http.RequestAborted);
        flash.Set(page.Session.Id, reply.Kind == ReplyKind.Normal, reply.Text.ToPlainText());
        return Results.Redirect(page.Url(back));
    }

    /// <summary>A form field as the command takes it: trimmed, never null.</summary>
    public static string Field(IFormCollection form, string name) => form[name].ToString().Trim();

    public IResult Refuse(PageContext page, string text, string back)
    {
        flash.Set(page.Session.Id, false, text);
        return Results.Redirect(page.Url(back));
    }
}
