using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Insight;

/// <summary>The fairness rows under /viewpoints: per source "fair" / "unfair to this side".</summary>
public static class FairnessButtons
{
    /// <summary>Discord shows at most five button rows: the summaries' row and the clashes' row leave three.</summary>
    public const int MaxSourcesRated = 3;

    public static IEnumerable<IReadOnlyList<ReplyButton>> Rows(string storyId, IEnumerable<Article> articles) =>
        articles.Take(MaxSourcesRated).Select(a => (IReadOnlyList<ReplyButton>)
        [
            new ReplyButton($"Fair: {Shortening.Shorten(a.Source, 24)}", Data(storyId, a.Id, fair: true)),
            new ReplyButton($"Unfair to {Shortening.Shorten(a.Source, 24)}", Data(storyId, a.Id, fair: false)),
        ]);

    public static string Data(string storyId, int articleId, bool fair) =>
        string.Create(CultureInfo.InvariantCulture, $"fair:{storyId}:{articleId}:{(fair ? "y" : "n")}");
}

/// <summary>Button <c>fair:&lt;story&gt;:&lt;article&gt;:y|n</c>: the member's rating of whether that source's side was
/// shown fairly in the story's viewpoints. One current rating per member, story and source (pressing again replaces
/// it); stored under the pseudonymous voter id; the confirmation goes only to the member.</summary>
public sealed class FairnessButton(IInsightLog log, IArticleStore articles, ISourceStore sources, ViewpointService views, VoterIds voters) : IButtonHandler
{
    public string Prefix => "fair";

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var articleId) || parts[2] is not ("y" or "n"))
        {
            return Done(Reply.Problem("That button is no longer available."));
        }
        var storyId = parts[0];
        var article = articles.Get(articleId);
        if (views.Find(storyId) is not { } story || article is null || !story.ArticleIds.Contains(articleId))
        {
            return Done(Reply.Problem("That story's viewpoints have changed; ask /viewpoints again to rate them."));
        }
        var community = press.Where.CommunityKey;
        var voter = voters.Of(press.Where.Platform, press.Author.Id);
        var fair = parts[2] == "y";
        var label = sources.Find(community, SourceKeys.Normalize(article.Source))?.StanceLabel ?? "";
        log.Rate(new FairnessRating
        {
            Id = FairnessRating.KeyOf(community, storyId, article.Source, voter),
            CommunityId = community,
            StoryId = storyId,
            Source = article.Source,
            StanceLabel = label,
            ArticleId = articleId,
            Voter = voter,
            Fair = fair,
            At = press.At,
        });
        // Rating a side means the member read the story.
        StoryOpenRecorder.Record(press, storyId, "viewpoints", log, voters);
        return Done(new Reply
        {
            Text = RichText.Plain($"Thanks: you rated {article.Source}'s take on story {storyId} as {(fair ? "shown fairly" : "shown unfairly")}. Press the other button to change it; /stats shows the community's ratings."),
            Kind = ReplyKind.Private,
        });
    }

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}
