using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Renders a story's viewpoints: each source with its label and its own take (equal room), what they
/// share, where they clash (both sources named), with buttons for each source's summary and a poll per clash.</summary>
public sealed class ViewpointReplies(ViewpointService views)
{
    public const int MaxClashesShown = 4;

    public Reply For(string communityId, Story story)
    {
        var view = views.View(communityId, story);
        var report = view.Report;
        var b = new RichTextBuilder().Bold($"Viewpoints: {story.Title}").NewLine()
            .Italic($"story {story.Id} · {view.Articles.Count} source(s)").NewLine().NewLine();
        foreach (var take in report.Takes)
        {
            b.Bold(take.SourceName);
            b.Text(take.StanceLabel is { Length: > 0 } label ? $" ({label})" : " (no stance label)").NewLine();
            foreach (var sentence in take.Sentences)
            {
                b.Bullet(sentence.Text);
            }
            b.NewLine();
        }
        if (view.Articles.Count < 2)
        {
            b.Italic("Only one source covers this story so far. Add another take with /add, or a moderator adds a feed.").NewLine();
        }
        if (report.Shared.Count > 0)
        {
            b.Bold("What they share").NewLine();
            foreach (var point in report.Shared.Take(3))
            {
                b.Bullet($"{point.Text} ({string.Join(", ", point.Sources)})");
            }
            b.NewLine();
        }
        var clashes = report.Clashes.Take(MaxClashesShown).ToList();
        if (clashes.Count > 0)
        {
            // "may": the detector reads wording, not meaning; measured on real three-outlet stories about a
            // quarter of what it finds are real contradictions or opposed framings. Members judge (and poll) the rest.
            b.Bold("Where they may clash").NewLine();
            for (var i = 0; i < clashes.Count; i++)
            {
                var clash = clashes[i];
                // The reason the analyzer saw ("one side negates", "opposite tone"): members judge a clash for themselves.
                b.Text($"{i + 1}. ").Italic(clash.Subject);
                if (!string.IsNullOrEmpty(clash.Reason))
                {
                    b.Text($" — {clash.Reason}");
                }
                b.NewLine();
                b.Text("   ").Bold(clash.First.SourceName + ": ").Text($"“{clash.First.Text}”").NewLine();
                b.Text("   ").Bold(clash.Second.SourceName + ": ").Text($"“{clash.Second.Text}”").NewLine();
            }
        }
        else if (view.Articles.Count > 1)
        {
            b.Italic("No clear clash between the sources: they tell this story alike.").NewLine();
        }
        if (report.Note is { } note)
        {
            b.Italic(note).NewLine();
        }
        var sourceButtons = view.Articles.Take(5)
            .Select(a => new ReplyButton($"Summary: {Shortening.Shorten(a.Source, 24)}", $"sum:{a.Id.ToString(CultureInfo.InvariantCulture)}"))
            .ToList();
        var clashButtons = clashes.Select((_, i) => new ReplyButton($"Poll clash {i + 1}", $"clash:{story.Id}:{i}")).ToList();
        var rows = new List<IReadOnlyList<ReplyButton>>();
        if (sourceButtons.Count > 0)
        {
            rows.Add(sourceButtons);
        }
        if (clashButtons.Count > 0)
        {
            rows.Add(clashButtons);
        }
        // Community insight: a belief-shift poll on the story, and per source "shown fairly?" (DiscussionBot.Core.Insight).
        Insight.ViewpointInsightButtons.AddTo(rows, story.Id, view.Articles);
        return new Reply { Text = b.Build(), Buttons = rows, About = new PostSubject(PostKind.Viewpoints, StoryId: story.Id) };
    }
}

/// <summary><c>/viewpoints &lt;topic|story|id|url|words&gt;</c>.</summary>
public sealed class ViewpointsHandler(LibraryLookup lookup, ViewpointReplies replies, Insight.ShiftService shifts, Insight.ShiftReplies shiftReplies) : ICommandHandler
{
    public CommandInfo Info { get; } = new("viewpoints", "<topic|story|id|url|words> [--poll]", "how different sources tell the same story, where they agree and clash (--poll: a before/after poll)", "/viewpoints housing", Expensive: true);

    /// <summary>A link may have to be fetched; a topic, an id or words are looked up in the library.</summary>
    public bool IsSlow(CommandRequest request) => ViewpointsCommand.Parse(request).Command is { } command && UrlArgument.IsUrl(command.Query);

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become a ViewpointsCommand record.
        var parsed = ViewpointsCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return Reply.Problem(parsed.Problem!);
        }
        if (command.BeforeAfterPoll)
        {
            // --poll: a before/after poll on the story instead of the viewpoints (which members see after answering).
            var story = await lookup.StoryAsync(request.CommunityId, command.Query, request.Author.Id, cancellationToken);
            return story.Found is null ? Reply.Problem($"No before/after poll: {story.Problem}.") : shiftReplies.For(shifts.Start(request.Event.Where, request.Author, story.Found));
        }
        var found = await lookup.StoryAsync(request.CommunityId, command.Query, request.Author.Id, cancellationToken);
        return found.Found is null ? Reply.Problem($"No viewpoints: {found.Problem}.") : replies.For(request.CommunityId, found.Found);
    }
}

/// <summary>Button <c>viewpoints:&lt;article&gt;</c> (under a summary): the viewpoints of that article's story.</summary>
public sealed class ViewpointsButton(IArticleStore articles, ViewpointService views, ViewpointReplies replies) : IButtonHandler
{
    public string Prefix => "viewpoints";

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        views.EnsureStories();
        if (!int.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || articles.Get(id) is not { StoryId: { } storyId } || views.Find(storyId) is not { } story)
        {
            return ValueTask.FromResult(Reply.Problem("That article's story is no longer available."));
        }
        return ValueTask.FromResult(replies.For(press.Where.CommunityKey, story));
    }
}
