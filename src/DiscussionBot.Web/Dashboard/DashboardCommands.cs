using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Carries out a dashboard change as the chat command that makes it: the same router, handler, validation and
/// audit, as the session's moderator in the session's community, marked "via dashboard". The reply becomes the page's
/// message; a reply that is a post for the members (a poll) is posted in the chat where /dashboard was sent.</summary>
public sealed class DashboardCommands(BotServices bot, FlashMessages flash, TimeProvider time)
{
    public async Task<Reply> RunAsync(DashboardGrant session, string command, string arguments, CancellationToken ct)
    {
        var where = session.Location();
        var moderator = DashboardAccess.Moderator(session);
        await using var scope = bot.Scopes.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        var reply = await router.HandleAsync(new CommandReceived(where, moderator, time.GetUtcNow(), command, arguments), ct)
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
    public async Task<IResult> RunAndRedirectAsync(PageContext page, string command, string arguments, string back)
    {
        var reply = await RunAsync(page.Session, command, arguments, page.Http.RequestAborted);
        flash.Set(page.Session.Id, reply.Kind == ReplyKind.Normal, reply.Text.ToPlainText());
        return Results.Redirect(back);
    }

    /// <summary>Puts a form value into a command line as one argument. Chat arguments group words with double quotes, so a
    /// value cannot contain one; null then, and the page says so.</summary>
    public static string? Argument(string? value)
    {
        var text = (value ?? "").Trim();
        if (text.IndexOfAny(['"', '“', '”']) >= 0)
        {
            return null;
        }
        return text.Length == 0 || text.Any(char.IsWhiteSpace) ? $"\"{text}\"" : text;
    }

    public IResult Refuse(PageContext page, string text, string back)
    {
        flash.Set(page.Session.Id, false, text);
        return Results.Redirect(back);
    }
}
