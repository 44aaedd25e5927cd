using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;

namespace DiscussionBot.Core.Insight;

/// <summary>How belief-shift polls look in chat: the "before" question, the viewpoints with the "after" question, and
/// the results with the transition table and a chart.</summary>
public sealed class ShiftReplies(ShiftService service, ViewpointReplies viewpoints, ViewpointService views)
{
    public static string Name(int pollId) => string.Create(CultureInfo.InvariantCulture, $"b{pollId}");

    public Reply For(ShiftStart outcome) => outcome switch
    {
        ShiftStart.Started s => Question(s.Poll),
        ShiftStart.Refused r => Reply.Problem($"No before/after poll: {r.Reason}."),
        ShiftStart.NotAllowed n => Reply.Refusal(n.Reason),
        _ => throw new InvalidOperationException("unknown outcome"),
    };

    public static Reply Question(ShiftPoll poll) => new()
    {
        Text = new RichTextBuilder().Bold($"Before/after poll {Name(poll.Id)}").Text($" on story {poll.StoryId}").NewLine()
            .Text($"“{poll.Question}”").NewLine()
            .Italic("Answer now, before reading the viewpoints: the bot then shows them to you and asks again. Only the counts are ever shown.").Build(),
        Buttons = [Row(poll, ShiftPhase.Before)],
        About = new PostSubject(PostKind.Poll, ClaimId: poll.ClaimId, StoryId: poll.StoryId),
    };

    /// <summary>After the "before" answer: the story's viewpoints and the same question as "after" buttons.</summary>
    public Reply Viewpoints(ShiftPoll poll)
    {
        if (views.Find(poll.StoryId) is not { } story)
        {
            return Reply.Problem("That story is no longer in the library.");
        }
        var shown = viewpoints.For(poll.CommunityId, story);
        var text = new RichTextBuilder().Italic($"A before answer to poll {Name(poll.Id)} is recorded. Read the viewpoints, then answer again below.").NewLine().NewLine().Build();
        return shown with
        {
            Text = new RichText([.. text.Spans, .. shown.Text.Spans, .. new RichTextBuilder().NewLine().Bold("After reading: ").Text($"“{poll.Question}”").Build().Spans]),
            Buttons = [Row(poll, ShiftPhase.After)],
        };
    }

    public Reply Results(ShiftPoll poll)
    {
        var results = service.Results(poll);
        var b = new RichTextBuilder().Bold($"Before/after poll {Name(poll.Id)}: {poll.Question}").NewLine()
            .Italic($"story {poll.StoryId}").NewLine();
        b.Bold("Before reading").NewLine();
        Counts(b, poll, results.Before);
        b.Bold("After reading").NewLine();
        Counts(b, poll, results.After);
        b.Bold($"How the {results.Paired} member(s) who answered both moved").NewLine();
        if (results.Paired == 0)
        {
            b.Text("Nobody has answered both yet; a member who answers only once counts in neither shift.").NewLine();
        }
        else
        {
            b.Text($"{results.Moved} changed their answer, {results.Paired - results.Moved} kept it.").NewLine();
            b.Code("before → after: " + string.Join(" | ", poll.Options.Select(Short))).NewLine();
            for (var i = 0; i < poll.Options.Count; i++)
            {
                b.Code($"{Short(poll.Options[i]),-9} → " + string.Join(" | ", Enumerable.Range(0, poll.Options.Count).Select(j => results.Transitions[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(Short(poll.Options[j]).Length)))).NewLine();
            }
        }
        var png = InsightCharts.GroupedBars($"Poll {Name(poll.Id)}: before and after reading", poll.Options,
            [("before", results.Before.Select(c => (double)c).ToList()), ("after", results.After.Select(c => (double)c).ToList())], "members");
        return new Reply
        {
            Text = b.Build(),
            Image = new ImageAttachment(png, $"poll-{Name(poll.Id)}.png", $"Before and after of poll {Name(poll.Id)}"),
            About = new PostSubject(PostKind.Results, ClaimId: poll.ClaimId, StoryId: poll.StoryId),
        };
    }

    private static void Counts(RichTextBuilder b, ShiftPoll poll, IReadOnlyList<int> counts)
    {
        var total = counts.Sum();
        for (var i = 0; i < poll.Options.Count; i++)
        {
            var share = total == 0 ? 0 : 100.0 * counts[i] / total;
            b.Text($"{i + 1}. {poll.Options[i]}: ").Bold(counts[i].ToString(CultureInfo.InvariantCulture)).Text($" ({share:0}%)").NewLine();
        }
    }

    private static string Short(string option) => option.Length <= 9 ? option : option[..9];

    private static IReadOnlyList<ReplyButton> Row(ShiftPoll poll, ShiftPhase phase) =>
        [.. poll.Options.Select((o, i) => new ReplyButton(phase == ShiftPhase.Before ? o : $"After: {o}", ShiftButtons.AnswerData(poll.Id, phase, i)))];
}

/// <summary>Buttons <c>shift:new:&lt;story&gt;</c> (under /viewpoints: start a before/after poll on the story) and
/// <c>shift:&lt;poll&gt;:b|a:&lt;option&gt;</c> (a before or after answer).</summary>
public sealed class ShiftButtons(ShiftService service, ShiftReplies replies, ViewpointService views) : IButtonHandler
{
    public string Prefix => "shift";

    public static string StartData(string storyId) => $"shift:new:{storyId}";

    public static string AnswerData(int pollId, ShiftPhase phase, int option) =>
        string.Create(CultureInfo.InvariantCulture, $"shift:{pollId}:{(phase == ShiftPhase.Before ? "b" : "a")}:{option}");

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        var community = press.Where.CommunityKey;
        if (payload.StartsWith("new:", StringComparison.Ordinal))
        {
            if (views.Find(payload[4..]) is not { } story)
            {
                return Done(Reply.Problem("That story is no longer in the library."));
            }
            return Done(replies.For(service.Start(press.Where, press.Author, story)));
        }
        var parts = payload.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pollId) || parts[1] is not ("b" or "a")
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var option) || service.Find(community, pollId) is not { } poll)
        {
            return Done(Reply.Problem("That poll is no longer available."));
        }
        var phase = parts[1] == "b" ? ShiftPhase.Before : ShiftPhase.After;
        if (phase == ShiftPhase.Before && service.Answered(poll, press, ShiftPhase.After))
        {
            // A before answer given after reading would not be a "before" any more.
            return Done(new Reply { Text = RichText.Plain($"You already answered poll {ShiftReplies.Name(poll.Id)} after reading; your before answer stays as it was."), Kind = ReplyKind.Private });
        }
        if (service.Answer(poll, press, phase, option) is null)
        {
            return Done(Reply.Problem("That poll has no such answer."));
        }
        if (phase == ShiftPhase.Before)
        {
            return Done(replies.Viewpoints(poll));
        }
        var paired = service.Answered(poll, press, ShiftPhase.Before);
        return Done(new Reply
        {
            Text = RichText.Plain($"Thanks: your after answer “{poll.Options[option]}” is recorded. "
                + (paired ? "" : "You gave no before answer, so it counts in neither shift. ")
                + $"/results {ShiftReplies.Name(poll.Id)} shows how the group moved."),
            Kind = ReplyKind.Private,
        });
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}
