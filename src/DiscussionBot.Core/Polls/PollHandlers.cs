using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary><c>/poll &lt;claim id&gt; ["option" …]</c> or <c>/poll "question" "option" "option" …</c>, with
/// <c>--duration 2d --multiple --anonymous --hidden</c> (or the community's defaults).</summary>
public sealed class PollHandler(PollService service, IClaimStore claims, ICommunityStore communities, Insight.LinkService links) : ICommandHandler
{

    public CommandInfo Info { get; } = new("poll", "<claim id> | \"question\" \"option\" \"option\" …", "start a poll on a claim, or a free poll", "/poll \"Should the tower go ahead?\" \"Yes\" \"No\" --duration 2d", MaxArgumentLength: 2000);

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var reply = await StartAsync(request);
        // A poll started in a linked community is posted in the partner too (natively, through its platform's messenger).
        if (reply.Poll is { } spec && await links.MirrorAsync(spec.PollId, request.CommunityId, reply, cancellationToken) is { } partner)
        {
            reply = reply with { Text = new RichText([.. reply.Text.Spans, new TextSpan($" · also posted in the linked community {partner}")]) };
        }
        return reply;
    }

    private ValueTask<Reply> StartAsync(CommandRequest request)
    {
        var community = communities.Find(request.CommunityId)!;
        if (CommunitySettings.Get(community, CommunitySettings.PollStarters) == "moderators" && !request.Author.IsModerator)
        {
            return Done(Reply.Refusal("In this community only moderators start polls (setting poll.starters)."));
        }
        // The text line and Discord's options both become a PollCommand record; what it leaves out takes the community's defaults.
        var parsed = PollCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return Done(Reply.Problem(parsed.Problem!));
        }
        var duration = command.Duration ?? CommunitySettings.ParseDuration(CommunitySettings.Get(community, CommunitySettings.PollDuration)) ?? TimeSpan.FromHours(24);
        var multiple = command.Multiple ?? CommunitySettings.IsOn(community, CommunitySettings.PollMultiple);
        var anonymous = command.Anonymous ?? CommunitySettings.IsOn(community, CommunitySettings.PollAnonymous);
        var hidden = command.Hidden ?? CommunitySettings.IsOn(community, CommunitySettings.PollHidden);

        PollRequest pollRequest;
        Claim? claim = null;
        if (command.ClaimId is { } claimId)
        {
            claim = claims.Get(claimId);
            if (claim is null || claim.CommunityId != request.CommunityId)
            {
                return Done(Reply.Problem($"There is no claim {claimId} here. /claims <topic> lists them."));
            }
            if (claim.Status == ClaimStatus.Rejected)
            {
                return Done(Reply.Problem($"Claim {claimId} was rejected by a moderator."));
            }
            var question = claim.Text.Length <= PollService.MaxQuestion ? claim.Text : Shortening.Shorten(claim.Text, PollService.MaxQuestion);
            var options = command.Options.Count > 0 ? command.Options.ToList() : [.. PollService.ClaimOptions];
            pollRequest = new PollRequest(question, options, duration, multiple, anonymous, hidden, claim.Id, claim.TopicId);
        }
        else
        {
            pollRequest = new PollRequest(command.Question!, command.Options.ToList(), duration, multiple, anonymous, hidden);
        }
        if (PollService.Validate(pollRequest) is { } problem)
        {
            return Done(Reply.Problem($"That poll cannot be started: {problem}."));
        }
        var poll = service.Create(request.Event.Where, request.Author, pollRequest);
        if (claim is not null && claim.Status != ClaimStatus.Polled)
        {
            claims.Update(claim with { Status = ClaimStatus.Polled });
        }
        var text = new RichTextBuilder().Bold($"Poll {poll.Id}").Text(claim is null ? "" : $" on claim {claim.Id}").Text($" — closes {poll.ClosesAt:yyyy-MM-dd HH:mm} UTC").Build();
        return Done(new Reply { Text = text, Poll = PollService.SpecOf(poll), About = new PostSubject(PostKind.Poll, ClaimId: claim?.Id, PollId: poll.Id) });
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}

/// <summary><c>/vote &lt;poll&gt; &lt;option&gt; [option …]</c> and <c>/vote &lt;poll&gt; none</c>: vote, change or retract as the current member.</summary>
public sealed class VoteCommandHandler(PollService service, IPollStore polls, VoterIds voters, TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("vote", "<poll> <option number or text> | none", "vote on a poll (or /vote <poll> none to retract)", "/vote 1 2");

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options (poll, options) both become a VoteCommand record.
        var parsed = VoteCommand.Parse(request);
        if (parsed.Command is not { PollId: var pollId } command)
        {
            return Reply.Problem(parsed.Problem!);
        }
        var poll = polls.Get(pollId);
        if (poll is null || !service.IsVisibleIn(poll, request.CommunityId))
        {
            return Reply.Problem($"There is no poll {pollId} here.");
        }
        var options = new List<int>();
        if (!command.Retract)
        {
            foreach (var word in command.Choices)
            {
                var index = int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n - 1
                    : poll.Options.FindIndex(o => string.Equals(o, word, StringComparison.OrdinalIgnoreCase));
                if (index < 0 || index >= poll.Options.Count)
                {
                    return Reply.Problem($"Poll {pollId} has no option \"{Shortening.Shorten(word, 40)}\"; its options are 1 to {poll.Options.Count}.");
                }
                options.Add(index);
            }
        }
        var voter = voters.Of(request.Event.Where.Platform, request.Author.Id);
        var outcome = await service.VoteAsync(pollId, request.CommunityId, voter, options, $"cmd:{Guid.NewGuid():N}", cancellationToken);
        return VoteReplies.For(outcome, time);
    }
}

/// <summary>Votes on button polls of our own (Discord's anonymous or hidden-until-close polls): <c>pv:poll:option</c>.</summary>
public sealed class PollVoteButton(PollService service, VoterIds voters, TimeProvider time) : IButtonHandler
{
    public string Prefix => "pv";

    public static string Data(int pollId, int option) => string.Create(CultureInfo.InvariantCulture, $"pv:{pollId}:{option}");

    public async ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pollId) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var option))
        {
            return Reply.Problem("That button is no longer available.");
        }
        var voter = voters.Of(press.Where.Platform, press.Author.Id);
        var current = service.CurrentVote(pollId, voter);
        // Pressing the option you chose again takes the vote back.
        IReadOnlyList<int> options = current is { Count: 1 } && current[0] == option ? [] : [option];
        var outcome = await service.VoteAsync(pollId, press.Where.CommunityKey, voter, options, $"btn:{Guid.NewGuid():N}", cancellationToken);
        return VoteReplies.For(outcome, time);
    }
}

/// <summary>Votes on platform-native polls, mapped from the platform's poll id to ours.</summary>
public sealed class NativePollVoteHandler(PollService service, IPlatformPollMap map, IPollStore polls, VoterIds voters) : IVoteHandler
{
    public async ValueTask<Reply?> HandleAsync(VoteCast vote, CancellationToken cancellationToken)
    {
        var platformPoll = map.Find(vote.Where.Platform, vote.PlatformPollId);
        var poll = platformPoll is null ? null : polls.Get(platformPoll.PollId);
        if (platformPoll is null || poll is null)
        {
            return null;
        }
        var voter = voters.Of(vote.Where.Platform, vote.Author.Id);
        var eventId = $"{vote.Where.Platform}:{vote.PlatformPollId}:{voter}:{vote.At.UtcTicks}:{string.Join(',', vote.Options)}";
        // A platform's vote event may not name the chat (Telegram's poll_answer does not): the platform poll knows it,
        // and the vote is stored under that community (a linked community's votes stay its own).
        var community = platformPoll.CommunityId.Length > 0 ? platformPoll.CommunityId : poll.CommunityId;
        await service.VoteAsync(poll.Id, community, voter, vote.Options, eventId, cancellationToken);
        // Native polls show the vote themselves: the bot stays quiet.
        return null;
    }
}

internal static class VoteReplies
{
    public static Reply For(VoteOutcome outcome, TimeProvider time) => outcome switch
    {
        VoteOutcome.Recorded r => Reply.Of((r.Changed ? "Vote changed to " : "Voted ") + PollService.Describe(r.Poll, r.Options) + $" on poll {r.Poll.Id}."
            + (r.Poll.HiddenUntilClose && !r.Poll.IsClosed(time.GetUtcNow()) ? " Results are shown when the poll closes." : $" /results {r.Poll.Id}")),
        VoteOutcome.Retracted t => Reply.Of($"Your vote on poll {t.Poll.Id} is withdrawn."),
        VoteOutcome.Refused f => Reply.Problem($"Vote not recorded: {f.Reason}."),
        _ => throw new InvalidOperationException("unknown outcome"),
    };
}
