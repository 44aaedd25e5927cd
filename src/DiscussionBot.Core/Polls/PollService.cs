using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary>What a poll asks for before it is created.</summary>
public sealed record PollRequest(string Question, IReadOnlyList<string> Options, TimeSpan Duration, bool MultipleChoice, bool Anonymous, bool HiddenUntilClose, int? ClaimId = null, int? TopicId = null);

public abstract record VoteOutcome
{
    public sealed record Recorded(Poll Poll, IReadOnlyList<int> Options, bool Changed) : VoteOutcome;

    public sealed record Retracted(Poll Poll) : VoteOutcome;

    public sealed record Refused(string Reason) : VoteOutcome;
}

/// <summary>One community's share of a poll that runs in linked communities.</summary>
public sealed record SideResults(string CommunityId, IReadOnlyList<int> Counts, int Voters);

/// <summary>Counts of a poll from its voters' current votes.</summary>
public sealed record PollResults(Poll Poll, IReadOnlyList<int> Counts, int Voters, bool Hidden);

/// <summary>Creates polls within both platforms' limits, records votes (one current vote per voter) through
/// the durable writer, and counts results.</summary>
public sealed class PollService(IPollStore polls, IEventWriter writer, IEventLog events, ITallyLog tallies, TimeProvider time, ILinkStore links)
{
    public const int MaxQuestion = 300;
    public const int MaxOptionLength = 55;
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    public static readonly IReadOnlyList<string> ClaimOptions = ["Agree", "Disagree", "Unsure"];

    // Each poll's current votes (voter → options), read from the log once and kept up to date as votes are written,
    // so a vote does not re-read every earlier vote of its poll.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Dictionary<string, IReadOnlyList<int>>> _current = new();

    /// <summary>Null when the request fits both platforms' limits, else what is wrong.</summary>
    public static string? Validate(PollRequest request)
    {
        if (request.Question.Trim().Length == 0)
        {
            return "the question is empty";
        }
        if (request.Question.Length > MaxQuestion)
        {
            return $"the question is {request.Question.Length} characters; at most {MaxQuestion}";
        }
        if (request.Options.Count < MinOptions)
        {
            return $"a poll needs at least {MinOptions} options";
        }
        if (request.Options.Count > MaxOptions)
        {
            return $"a poll has at most {MaxOptions} options (you gave {request.Options.Count})";
        }
        if (request.Options.FirstOrDefault(o => o.Trim().Length == 0) is not null)
        {
            return "an option is empty";
        }
        if (request.Options.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOption)
        {
            return $"the option \"{Shortening.Shorten(longOption, 30)}\" is {longOption.Length} characters; at most {MaxOptionLength}";
        }
        if (request.Options.GroupBy(o => o.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"the option \"{twice.Key}\" appears twice";
        }
        if (request.Duration > MaxDuration)
        {
            return "a poll runs at most 30 days";
        }
        if (request.Duration < MinDuration)
        {
            return "a poll runs at least one minute";
        }
        return null;
    }

    public Poll Create(ChatLocation where, ChatUser author, PollRequest request)
    {
        if (Validate(request) is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }
        var now = time.GetUtcNow();
        return polls.Insert(new Poll
        {
            CommunityId = where.CommunityKey,
            Platform = where.Platform,
            ChatId = where.ChatId,
            ClaimId = request.ClaimId,
            TopicId = request.TopicId,
            Question = request.Question.Trim(),
            Options = request.Options.Select(o => o.Trim()).ToList(),
            MultipleChoice = request.MultipleChoice,
            Anonymous = request.Anonymous,
            HiddenUntilClose = request.HiddenUntilClose,
            CreatedBy = author.Name,
            CreatedAt = now,
            ClosesAt = now + request.Duration,
        });
    }

    public static PollSpec SpecOf(Poll poll) =>
        new(poll.Id, poll.Question, poll.Options, poll.MultipleChoice, poll.Anonymous, poll.HiddenUntilClose, poll.ClosesAt);

    /// <summary>Records a voter's choice (0-based option indexes; empty retracts). Returns once the vote is committed.</summary>
    public async ValueTask<VoteOutcome> VoteAsync(int pollId, string communityId, string voter, IReadOnlyList<int> options, string eventId, CancellationToken ct)
    {
        var poll = polls.Get(pollId);
        if (poll is null || !IsVisibleIn(poll, communityId))
        {
            return new VoteOutcome.Refused($"there is no poll {pollId} here");
        }
        var now = time.GetUtcNow();
        if (poll.IsClosed(now))
        {
            return new VoteOutcome.Refused($"poll {pollId} is closed");
        }
        var distinct = options.Distinct().Order().ToList();
        if (distinct.Any(o => o < 0 || o >= poll.Options.Count))
        {
            return new VoteOutcome.Refused($"poll {pollId} has options 1 to {poll.Options.Count}");
        }
        if (distinct.Count > 1 && !poll.MultipleChoice)
        {
            return new VoteOutcome.Refused($"poll {pollId} takes one answer");
        }
        IReadOnlyList<int>? current;
        var votes = CurrentVotesOf(pollId);
        lock (votes)
        {
            current = votes.GetValueOrDefault(voter);
            if (distinct.Count == 0)
            {
                if (current is null)
                {
                    return new VoteOutcome.Refused("you have no vote on this poll to retract");
                }
                votes.Remove(voter);
            }
            else if (current is not null && current.SequenceEqual(distinct))
            {
                return new VoteOutcome.Refused($"you already voted {Describe(poll, distinct)}; your vote is unchanged");
            }
            else
            {
                votes[voter] = distinct;
            }
        }
        try
        {
            await writer.WriteAsync(new VoteRecord { Id = eventId, PollId = pollId, CommunityId = communityId, Voter = voter, Options = distinct, At = now }, ct);
        }
        catch
        {
            // Not acknowledged: what is stored is the truth again.
            _current.TryRemove(pollId, out _);
            throw;
        }
        return distinct.Count == 0 ? new VoteOutcome.Retracted(poll) : new VoteOutcome.Recorded(poll, distinct, current is not null);
    }

    /// <summary>The voter's current options, or null when they have not voted or retracted.</summary>
    public IReadOnlyList<int>? CurrentVote(int pollId, string voter)
    {
        var votes = CurrentVotesOf(pollId);
        lock (votes)
        {
            return votes.GetValueOrDefault(voter);
        }
    }

    /// <summary>Drops the remembered current votes (after votes were deleted from the log, e.g. by /forgetme).</summary>
    public void Forget() => _current.Clear();

    private Dictionary<string, IReadOnlyList<int>> CurrentVotesOf(int pollId) =>
        _current.GetOrAdd(pollId, id => CurrentVotes(events.VotesOf(id)).ToDictionary(v => v.Voter, v => (IReadOnlyList<int>)v.Options, StringComparer.Ordinal));

    public PollResults Results(Poll poll)
    {
        var counts = new int[poll.Options.Count];
        var voters = 0;
        var hidden = poll.HiddenUntilClose && !poll.IsClosed(time.GetUtcNow());
        // Anonymous native polls never tell who voted: their counts come as the platform's totals.
        var totals = poll.Anonymous ? tallies.OfPoll(poll.Id) : [];
        if (totals.Count > 0)
        {
            foreach (var tally in totals)
            {
                voters += tally.Total;
                foreach (var (option, count) in tally.Counts)
                {
                    if (int.TryParse(option, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 && index < counts.Length)
                    {
                        counts[index] += count;
                    }
                }
            }
            // Button votes of our own (Discord's anonymous polls) add to the platform's totals.
        }
        foreach (var vote in CurrentVotes(events.VotesOf(poll.Id)))
        {
            voters++;
            foreach (var option in vote.Options.Where(o => o >= 0 && o < counts.Length))
            {
                counts[option]++;
            }
        }
        return new PollResults(poll, counts, voters, hidden);
    }

    /// <summary>Whether members of the community may vote on and see the poll: its own, or one posted there from a
    /// linked community.</summary>
    public bool IsVisibleIn(Poll poll, string communityId) => poll.CommunityId == communityId || links.Mirror(poll.Id, communityId) is not null;

    /// <summary>The results of each community a poll runs in (its own first, then linked ones), from the votes and
    /// platform totals stored under each community.</summary>
    public IReadOnlyList<SideResults> ResultsBySide(Poll poll)
    {
        var sides = new List<string> { poll.CommunityId };
        sides.AddRange(links.MirrorsOf(poll.Id).Select(m => m.CommunityId).Where(c => c != poll.CommunityId).Distinct(StringComparer.Ordinal));
        if (sides.Count == 1)
        {
            return [];
        }
        var current = CurrentVotes(events.VotesOf(poll.Id)).ToList();
        var totals = poll.Anonymous ? tallies.OfPoll(poll.Id) : [];
        return [.. sides.Select(side =>
        {
            var counts = new int[poll.Options.Count];
            var voters = 0;
            foreach (var tally in totals.Where(t => t.CommunityId == side))
            {
                voters += tally.Total;
                foreach (var (option, count) in tally.Counts)
                {
                    if (int.TryParse(option, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 && index < counts.Length)
                    {
                        counts[index] += count;
                    }
                }
            }
            foreach (var vote in current.Where(v => v.CommunityId == side))
            {
                voters++;
                foreach (var option in vote.Options.Where(o => o >= 0 && o < counts.Length))
                {
                    counts[option]++;
                }
            }
            return new SideResults(side, counts, voters);
        })];
    }

    /// <summary>Each voter's latest event, without retractions.</summary>
    public static IEnumerable<VoteRecord> CurrentVotes(IEnumerable<VoteRecord> votes) =>
        votes.GroupBy(v => (v.PollId, v.Voter)).Select(g => g.MaxBy(v => v.Seq)!).Where(v => v.Options.Count > 0);

    public static string Describe(Poll poll, IEnumerable<int> options) =>
        string.Join(" + ", options.Select(o => $"\"{poll.Options[o]}\""));
}
