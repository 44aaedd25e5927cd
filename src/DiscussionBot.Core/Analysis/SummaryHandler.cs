using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Core.Analysis;

/// <summary>Summaries as replies: every sentence is the article's own, in the article's order.</summary>
public sealed class SummaryReplies(Summarizer summarizer, IArticleStore articles)
{
    public Reply For(Article article, string form)
    {
        var length = form == "long" ? SummaryLength.Long : SummaryLength.Short;
        IReadOnlyList<string> sentences;
        string? note = null;
        if ((form != "long" || article.TextDroppedAt is not null) && article.Summary is { Count: > 0 } cached)
        {
            // After retention dropped the text, the stored short summary is all there is, whatever the form.
            sentences = cached;
        }
        else
        {
            var summary = summarizer.Summarize(article.Text, article.Title, length);
            sentences = summary.Sentences.Select(s => s.Text).ToList();
            note = summary.Note;
            if (form != "long" && sentences.Count > 0)
            {
                articles.Update(article with { Summary = [.. sentences] });
            }
        }
        var b = new RichTextBuilder().Bold(article.Title).NewLine().Italic(article.Source + (article.Published is { } p ? $", {p:yyyy-MM-dd}" : "")).NewLine();
        if (sentences.Count == 0)
        {
            b.Text(note ?? "This article has no sentences to summarize.");
        }
        else if (form == "bullets")
        {
            foreach (var sentence in sentences)
            {
                b.Bullet(sentence);
            }
        }
        else
        {
            b.Text(string.Join(" ", sentences)).NewLine();
        }
        if (note is not null && sentences.Count > 0)
        {
            b.Italic(note).NewLine();
        }
        if (article.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            b.Link("Read the article", url);
        }
        var id = article.Id.ToString(CultureInfo.InvariantCulture);
        return new Reply
        {
            Text = b.Build(),
            Buttons = [[new ReplyButton("Other viewpoints", $"viewpoints:{id}"), new ReplyButton(form == "long" ? "Shorter" : "Longer", $"sum:{id}:{(form == "long" ? "short" : "long")}")]],
            About = new PostSubject(PostKind.Summary, ArticleId: article.Id, StoryId: article.StoryId, Source: article.Source),
        };
    }
}

/// <summary><c>/summary &lt;id|url|words&gt; [short|long|bullets]</c>.</summary>
public sealed class SummaryHandler(LibraryLookup lookup, SummaryReplies replies) : ICommandHandler
{
    public CommandInfo Info { get; } = new("summary", "<id|url|words> [short|long|bullets]", "an extractive summary of an article", "/summary 3 long", Expensive: true);

    /// <summary>A link may have to be fetched; an id or words are looked up in the library.</summary>
    public bool IsSlow(CommandRequest request) => SummaryCommand.Parse(request).Command is { } command && UrlArgument.IsUrl(command.Article);

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become a SummaryCommand record.
        var parsed = SummaryCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return Reply.Problem(parsed.Problem!);
        }
        var found = await lookup.ArticleAsync(command.Article, request.Author.Id, cancellationToken);
        return found.Found is null ? Reply.Problem($"No summary: {found.Problem}.") : replies.For(found.Found, command.Form);
    }
}

/// <summary>Buttons <c>sum:&lt;article&gt;[:long|short]</c>: a source's full summary from /viewpoints, or another length.</summary>
public sealed class SummaryButton(IArticleStore articles, SummaryReplies replies) : IButtonHandler
{
    public string Prefix => "sum";

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        var parts = payload.Split(':');
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || articles.Get(id) is not { } article)
        {
            return ValueTask.FromResult(Reply.Problem("That article is no longer in the library."));
        }
        return ValueTask.FromResult(replies.For(article, parts.Length > 1 && parts[1] == "long" ? "long" : "short"));
    }
}
