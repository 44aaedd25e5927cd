using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary><c>/results &lt;poll&gt;</c>: counts, percentages and a bar chart, respecting "hidden until close".</summary>
public sealed class ResultsHandler(PollService service, IPollStore polls, TimeProvider time, Insight.ShiftService shifts, Insight.ShiftReplies shiftReplies) : ICommandHandler
{
    public CommandInfo Info { get; } = new("results", "<poll>", "a poll's results with a chart (b<n>: a before/after poll)", "/results 1");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // Before/after polls are named b1, b2 …: their results show both phases and how members moved.
        var parsed = ResultsCommand.Parse(request);
        if (parsed.Command is not { Number: var number } command)
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        if (command.BeforeAfter)
        {
            var shiftId = number;
            return ValueTask.FromResult(shifts.Find(request.CommunityId, shiftId) is { } shift
                ? shiftReplies.Results(shift)
                : Reply.Problem($"There is no before/after poll b{shiftId} here."));
        }
        var pollId = number;
        var poll = polls.Get(pollId);
        if (poll is null || !service.IsVisibleIn(poll, request.CommunityId))
        {
            return ValueTask.FromResult(Reply.Problem($"There is no poll {pollId} here."));
        }
        return ValueTask.FromResult(Render(service.Results(poll), time.GetUtcNow(), service.ResultsBySide(poll)));
    }

    public static Reply Render(PollResults results, DateTimeOffset now, IReadOnlyList<SideResults>? sides = null)
    {
        var poll = results.Poll;
        var closed = poll.IsClosed(now);
        var b = new RichTextBuilder().Bold($"Poll {poll.Id}: {poll.Question}").NewLine()
            .Italic(closed ? $"closed {(poll.ClosedAt ?? poll.ClosesAt):yyyy-MM-dd HH:mm} UTC" : $"open until {poll.ClosesAt:yyyy-MM-dd HH:mm} UTC").NewLine();
        var about = new PostSubject(PostKind.Results, ClaimId: poll.ClaimId, PollId: poll.Id);
        if (results.Hidden)
        {
            b.Text($"{results.Voters} member(s) voted. Results are hidden until the poll closes.");
            return Reply.Of(b.Build(), about);
        }
        for (var i = 0; i < poll.Options.Count; i++)
        {
            var share = results.Voters == 0 ? 0 : 100.0 * results.Counts[i] / results.Voters;
            b.Text($"{i + 1}. {poll.Options[i]}: ").Bold($"{results.Counts[i]}").Text($" ({share:0}%) {Bar(share)}").NewLine();
        }
        b.Text($"{results.Voters} voter(s)" + (poll.MultipleChoice ? ", several answers allowed" : ""));
        if (sides is { Count: > 1 })
        {
            // A poll of linked communities: the tally above is combined; each side's follows (a voter counts once per platform).
            b.Text(" in the linked communities together").NewLine();
            foreach (var side in sides)
            {
                b.Bold(side.CommunityId + ": ").Text(string.Join(", ", poll.Options.Select((o, i) => $"{o} {side.Counts[i]}")) + $" — {side.Voters} voter(s)").NewLine();
            }
        }
        var png = Charts.Bars($"Poll {poll.Id}: {poll.Question}", poll.Options, results.Counts.Select(c => (double)c).ToList());
        return new Reply { Text = b.Build(), Image = new ImageAttachment(png, $"poll-{poll.Id}.png", $"Results of poll {poll.Id}"), About = about };
    }

    private static string Bar(double percent) => new('█', (int)Math.Round(percent / 10));
}
