using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Insight;

/// <summary>The share of one stance label in the library, in the stories members opened and in their reactions.</summary>
public sealed record LabelShare(string Label, int Articles, int Opened, int Reactions);

/// <summary><c>/blindspots [topic] [days]</c>: which of the community's own stance labels it reads and reacts to, which
/// it hardly hears, and which stories only one side tells. Counts only, never a member.</summary>
public sealed class BlindspotsHandler(IArticleStore articles, ISourceStore sources, ITopicStore topics, IInsightLog insight, IEventLog events, IStoryStore stories, TimeProvider time) : ICommandHandler
{
    public const string Unlabelled = "(no label)";
    public const int MaxOneSided = 5;

    public CommandInfo Info { get; } = new("blindspots", "[topic] [days]", "which of the community's stance labels it reads least, and stories only one side tells", "/blindspots housing 30", Expensive: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var parsed = BlindspotsCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return Done(Reply.Problem(parsed.Problem!));
        }
        var community = request.CommunityId;
        var labels = sources.List(community).Where(s => s.StanceLabel.Trim().Length > 0).ToDictionary(s => s.Key, s => s.StanceLabel.Trim(), StringComparer.OrdinalIgnoreCase);
        if (labels.Count == 0)
        {
            return Done(Reply.Problem("No stance labels are set in this community yet, so there is nothing to compare. A moderator labels each source on the community's own axes: /source set <domain or name> <stance label>, e.g. /source set example.org \"pro-tower\"; /sources lists them."));
        }
        Topic? topic = null;
        if (command.Topic is { } slug && (topic = topics.Find(community, slug)) is null)
        {
            return Done(Reply.UnknownTopic(slug));
        }
        var since = command.Days is { } days ? time.GetUtcNow().AddDays(-days) : (DateTimeOffset?)null;
        // Only what the shares need is kept: at 100,000 articles the texts would not fit the memory budget.
        static Article Facts(Article a) => new() { Id = a.Id, Title = a.Title, Source = a.Source, StoryId = a.StoryId, Published = a.Published, AddedAt = a.AddedAt };
        var inScope = topic is null
            ? articles.Pages(1000).SelectMany(page => page.Select(Facts)).ToList()
            : [.. articles.ByTopic(topic.Id, int.MaxValue).Select(Facts)];
        string LabelOf(string source) => labels.TryGetValue(SourceKeys.Normalize(source), out var label) ? label : Unlabelled;

        // The library: articles published (or added) in the window.
        var windowed = inScope.Where(a => since is null || (a.Published ?? a.AddedAt) >= since).ToList();
        var byStory = inScope.Where(a => a.StoryId is not null).GroupBy(a => a.StoryId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var articleById = inScope.ToDictionary(a => a.Id);

        // Opened: each member's open of a story counts once for every label among the story's sources.
        var opens = insight.OpensOf(community).Where(o => (since is null || o.At >= since) && byStory.ContainsKey(o.StoryId)).ToList();
        var openedLabels = opens.SelectMany(o => byStory[o.StoryId].Select(a => LabelOf(a.Source)).Distinct(StringComparer.OrdinalIgnoreCase)).ToList();
        var openedSources = opens.SelectMany(o => byStory[o.StoryId].Select(a => a.Source).Distinct(StringComparer.OrdinalIgnoreCase)).ToList();

        // Reactions standing on posts about an article or source in scope.
        var reactions = ReactionLogger.Standing(events.ReactionsOfCommunity(community)).Where(r => since is null || r.At >= since)
            .Select(r => r.Source ?? (r.ArticleId is { } id && articleById.TryGetValue(id, out var a) ? a.Source : null))
            .OfType<string>().ToList();

        var allLabels = labels.Values.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).Append(Unlabelled).ToList();
        var shares = allLabels.Select(l => new LabelShare(l,
                windowed.Count(a => Same(LabelOf(a.Source), l)),
                openedLabels.Count(x => Same(x, l)),
                reactions.Count(s => Same(LabelOf(s), l))))
            .Where(s => s.Label != Unlabelled || s.Articles + s.Opened + s.Reactions > 0)
            .ToList();

        var b = new RichTextBuilder().Bold("Blind spots" + (topic is null ? "" : $" in {topic.Slug}") + (command.Days is { } d ? $", last {d} day(s)" : "")).NewLine()
            .Italic("Shares per stance label of this community; counts only, no member is shown.").NewLine().NewLine();
        int totalArticles = shares.Sum(s => s.Articles), totalOpened = shares.Sum(s => s.Opened), totalReactions = shares.Sum(s => s.Reactions);
        foreach (var share in shares)
        {
            b.Bold(share.Label).Text($": library {Pct(share.Articles, totalArticles)} ({share.Articles}), opened {Pct(share.Opened, totalOpened)} ({share.Opened}), reactions {Pct(share.Reactions, totalReactions)} ({share.Reactions})").NewLine();
        }

        var labelled = shares.Where(s => s.Label != Unlabelled).ToList();
        if (labelled.Count > 0)
        {
            var least = labelled.OrderBy(s => totalOpened == 0 ? 0 : (double)s.Opened / totalOpened).ThenBy(s => s.Articles).First();
            b.NewLine().Bold("Read least: ").Text($"{least.Label} ({Pct(least.Opened, totalOpened)} of opened stories, {Pct(least.Articles, totalArticles)} of the library)").NewLine();
        }
        var sourceReads = windowed.Select(a => a.Source).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(s => LabelOf(s) != Unlabelled)
            .Select(s => (Source: s, Opened: openedSources.Count(x => string.Equals(x, s, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(x => x.Opened).ThenBy(x => x.Source, StringComparer.OrdinalIgnoreCase).Take(3).ToList();
        if (sourceReads.Count > 0)
        {
            b.Bold("Sources read least: ").Text(string.Join(", ", sourceReads.Select(x => $"{x.Source} ({LabelOf(x.Source)}, opened {x.Opened}×)"))).NewLine();
        }

        var oneSided = byStory
            .Where(kv => kv.Value.Any(a => since is null || (a.Published ?? a.AddedAt) >= since))
            .Select(kv => (StoryId: kv.Key, Labels: kv.Value.Select(a => LabelOf(a.Source)).Where(l => l != Unlabelled).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), Articles: kv.Value))
            .Where(x => x.Labels.Count == 1)
            .OrderByDescending(x => x.Articles.Max(a => a.Published ?? a.AddedAt))
            .ToList();
        if (labelled.Count >= 2 && oneSided.Count > 0)
        {
            b.NewLine().Bold($"Told by one side only ({oneSided.Count})").NewLine();
            foreach (var story in oneSided.Take(MaxOneSided))
            {
                var title = stories.Get(story.StoryId)?.Title ?? story.Articles[0].Title;
                b.Code(story.StoryId).Text($" {Shortening.Shorten(title, 70)} — only {story.Labels[0]}").NewLine();
            }
        }
        else if (labelled.Count < 2)
        {
            b.NewLine().Italic("Only one stance label is set: label sources of the other sides with /source set to see which stories only one side tells.").NewLine();
        }

        var png = InsightCharts.GroupedBars("Share per stance label (%)", shares.Select(s => s.Label).ToList(),
        [
            ("library", shares.Select(s => Share(s.Articles, totalArticles)).ToList()),
            ("opened", shares.Select(s => Share(s.Opened, totalOpened)).ToList()),
            ("reactions", shares.Select(s => Share(s.Reactions, totalReactions)).ToList()),
        ], "% of each");
        return Done(new Reply { Text = b.Build(), Image = new ImageAttachment(png, "blindspots.png", "Share per stance label: library, opened stories, reactions") });
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static double Share(int part, int total) => total == 0 ? 0 : Math.Round(100.0 * part / total, 1);

    private static string Pct(int part, int total) => (total == 0 ? "–" : Share(part, total).ToString("0", CultureInfo.InvariantCulture) + "%");

    private static ValueTask<Reply> Done(Reply reply) => ValueTask.FromResult(reply);
}
