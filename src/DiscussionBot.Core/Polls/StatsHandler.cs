using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary><c>/stats [topic]</c>: per claim the poll outcome and the reactions; per source the reactions its articles drew.</summary>
public sealed class StatsHandler(IPollStore polls, IClaimStore claims, IEventLog events, IArticleStore articles, ITopicStore topics, PollService service, TimeProvider time,
    Insight.FairnessReport fairness) : ICommandHandler
{
    public CommandInfo Info { get; } = new("stats", "[topic]", "how the community voted and reacted, per claim and per source", "/stats housing", Expensive: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Topic? topic = null;
        var parsed = StatsCommand.Parse(request);
        if (parsed.Command is null)
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        if (parsed.Command.Topic is { } slug)
        {
            topic = topics.Find(request.CommunityId, slug);
            if (topic is null)
            {
                return ValueTask.FromResult(Reply.UnknownTopic(slug));
            }
        }
        var now = time.GetUtcNow();
        var communityPolls = polls.ByCommunity(request.CommunityId).Where(p => topic is null || p.TopicId == topic.Id).ToList();
        var reactions = ReactionLogger.Standing(events.ReactionsOfCommunity(request.CommunityId)).ToList();
        var topicArticles = topic is null ? null : articles.KeysInTopic(topic.Id).Select(a => a.Id).ToHashSet();
        if (topicArticles is not null)
        {
            var topicClaims = claims.ByTopic(request.CommunityId, topic!.Id).Select(c => c.Id).ToHashSet();
            reactions = reactions.Where(r => (r.ArticleId is { } a && topicArticles.Contains(a)) || (r.ClaimId is { } c && topicClaims.Contains(c))).ToList();
        }

        var b = new RichTextBuilder().Bold(topic is null ? "Community statistics" : $"Statistics for {topic.Slug}").NewLine();
        var claimIds = communityPolls.Where(p => p.ClaimId is not null).Select(p => p.ClaimId!.Value)
            .Concat(reactions.Where(r => r.ClaimId is not null).Select(r => r.ClaimId!.Value)).Distinct().Order().ToList();
        if (claimIds.Count > 0)
        {
            b.Bold("Claims").NewLine();
            foreach (var claimId in claimIds)
            {
                var claim = claims.Get(claimId);
                b.Code($"{claimId}").Text(" " + Shortening.Shorten(claim?.Text ?? "(deleted claim)", 90)).NewLine();
                foreach (var poll in communityPolls.Where(p => p.ClaimId == claimId))
                {
                    var results = service.Results(poll);
                    b.Text("   poll ").Code($"{poll.Id}").Text(poll.IsClosed(now) ? " (closed): " : " (open): ");
                    b.Text(results.Hidden ? $"{results.Voters} voter(s), results hidden until close"
                        : string.Join(", ", poll.Options.Select((o, i) => $"{o} {results.Counts[i]}")) + $" — {results.Voters} voter(s)").NewLine();
                }
                var emoji = Emojis(reactions.Where(r => r.ClaimId == claimId));
                if (emoji.Length > 0)
                {
                    b.Text("   reactions: " + emoji).NewLine();
                }
            }
        }
        var freePolls = communityPolls.Where(p => p.ClaimId is null).ToList();
        if (freePolls.Count > 0)
        {
            b.Bold("Other polls").NewLine();
            foreach (var poll in freePolls)
            {
                var results = service.Results(poll);
                b.Code($"{poll.Id}").Text($" {Shortening.Shorten(poll.Question, 60)}: {results.Voters} voter(s)").NewLine();
            }
        }

        var perSource = reactions
            .Select(r => (Source: r.Source ?? (r.ArticleId is { } id ? articles.Get(id)?.Source : null), Reaction: r))
            .Where(x => x.Source is not null)
            .GroupBy(x => x.Source!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count())
            .ToList();
        if (perSource.Count > 0)
        {
            b.Bold("Reactions per source").NewLine();
            foreach (var group in perSource)
            {
                b.Code(group.Key).Text($" {group.Count()}: {Emojis(group.Select(x => x.Reaction))}").NewLine();
            }
        }
        // Fairness ratings under /viewpoints (of the topic's stories when a topic is asked for); flags for moderators.
        var ratings = fairness.Summarize(request.CommunityId, topicArticles is null ? null
            : articles.KeysInTopic(topic!.Id).Where(a => a.StoryId is not null).Select(a => a.StoryId!).ToHashSet(StringComparer.Ordinal));
        fairness.AppendTo(b, ratings, request.Author.IsModerator);
        if (claimIds.Count == 0 && freePolls.Count == 0 && perSource.Count == 0 && ratings.BySource.Count == 0)
        {
            b.Text("No polls or reactions yet.");
            return ValueTask.FromResult(Reply.Of(b.Build()));
        }
        var reply = Reply.Of(b.Build());
        if (perSource.Count > 0)
        {
            var png = Charts.Bars("Reactions per source", perSource.Select(g => g.Key).ToList(), perSource.Select(g => (double)g.Count()).ToList(), "reactions");
            reply = reply with { Image = new ImageAttachment(png, "stats.png", "Reactions per source") };
        }
        return ValueTask.FromResult(reply);
    }

    private static string Emojis(IEnumerable<ReactionRecord> reactions) =>
        string.Join(" ", reactions.GroupBy(r => r.Emoji).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}×{g.Count()}"));
}
