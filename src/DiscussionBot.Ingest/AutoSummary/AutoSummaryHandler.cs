using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Ingest.AutoSummary;

/// <summary>Where the community turned <c>autosummary</c> on, a message that is just a link is answered with a
/// short summary of the article and an "other viewpoints" button. Anything else, and any link that cannot be
/// read, gets no answer: the member was talking to the group, not to the bot, and an error under every shared
/// image or paywalled page would only be noise (the reason is logged).</summary>
public sealed partial class AutoSummaryHandler(
    ICommunityStore communities,
    IEnumerable<IArticleFetcher> fetchers,
    ArticleLibrary library,
    IArticleStore articles,
    Summarizer summarizer,
    ILogger<AutoSummaryHandler> logger) : IMessageHandler
{
    /// <summary>Button data prefix of "other viewpoints"; the payload is the article id.</summary>
    public const string ViewpointsButton = "viewpoints";

    public async ValueTask<Reply?> HandleAsync(MessagePosted message, CancellationToken cancellationToken)
    {
        var text = message.Text.Trim();
        if (!UrlArgument.IsUrl(text) || text.Length > 2000)
        {
            return null;
        }
        var community = communities.Find(message.Where.CommunityKey);
        if (community is null || !CommunitySettings.IsOn(community, CommunitySettings.AutoSummary) || fetchers.FirstOrDefault() is not { } fetcher)
        {
            return null;
        }
        var article = articles.FindByUrl(text);
        if (article is null)
        {
            var fetched = await fetcher.FetchAsync(text, cancellationToken);
            if (fetched.Draft is null)
            {
                LogUnreadable(text, fetched.Problem ?? "");
                return null;
            }
            switch (library.Add(fetched.Draft, message.Author.Id))
            {
                case AddOutcome.Added added:
                    article = added.Article;
                    break;
                case AddOutcome.Duplicate duplicate:
                    article = duplicate.Existing;
                    break;
                case AddOutcome.Refused refused:
                    LogUnreadable(text, refused.Reason);
                    return null;
            }
        }
        var sentences = SummaryOf(article!);
        var b = new RichTextBuilder().Bold(article!.Title).Text($" — {article.Source}").NewLine();
        foreach (var sentence in sentences)
        {
            b.Bullet(sentence);
        }
        return new Reply
        {
            Text = b.Build(),
            Buttons = [[new ReplyButton("Other viewpoints", $"{ViewpointsButton}:{article.Id}")]],
            About = new PostSubject(PostKind.Summary, ArticleId: article.Id, Source: article.Source),
        };
    }

    /// <summary>The cached short summary, or a new one from the TextAnalysis summarizer, cached on the article.</summary>
    private IReadOnlyList<string> SummaryOf(Article article)
    {
        if (article.Summary is { Count: > 0 } cached)
        {
            return cached;
        }
        var summary = summarizer.Summarize(article.Text, article.Title, SummaryLength.Short);
        var sentences = summary.Sentences.Select(s => s.Text).ToList();
        if (sentences.Count > 0)
        {
            articles.Update(article with { Summary = sentences });
        }
        return sentences;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No auto-summary for {Url}: {Problem}")]
    private partial void LogUnreadable(string url, string problem);
}
