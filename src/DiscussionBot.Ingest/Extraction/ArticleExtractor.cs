using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;

namespace DiscussionBot.Ingest.Extraction;

/// <summary>What SmartReader found on a page, before it becomes an <see cref="ArticleDraft"/>.</summary>
public sealed record ExtractedArticle(
    string Title,
    IReadOnlyList<string> Paragraphs,
    string? Author,
    DateTimeOffset? Published,
    string? SiteName,
    string? Language,
    string Url)
{
    /// <summary>The main text as plain paragraphs separated by blank lines.</summary>
    public string Text => string.Join("\n\n", Paragraphs);
}

/// <summary>Finds the article in a page (title, byline, date, site name, main text without menus, comments and
/// ads) with SmartReader, the maintained port of Mozilla's Readability.</summary>
public sealed class ArticleExtractor : IHtmlArticleReader
{
    /// <summary>Below this many characters of main text a page has no article worth storing (a login wall,
    /// an index page, a video page).</summary>
    public const int MinReadableChars = 200;

    public FetchOutcome Read(string html, string url)
    {
        var result = Extract(html, url);
        return result.Article is { } article ? FetchOutcome.Ok(ToDraft(article)) : FetchOutcome.Failed(result.Problem!);
    }

    public (ExtractedArticle? Article, string? Problem) Extract(string html, string url)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return (null, "the page is empty");
        }
        SmartReader.Article found;
        try
        {
            found = new SmartReader.Reader(url, html).GetArticle();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // SmartReader reports most trouble in Article.Errors, but a pathological document can still throw;
            // either way the member gets one sentence, not a stack trace.
            return (null, $"the page could not be read ({ex.GetType().Name})");
        }
        var paragraphs = string.IsNullOrWhiteSpace(found.Content) ? [] : HtmlText.Paragraphs(found.Content);
        var length = paragraphs.Sum(p => p.Length);
        if (!found.IsReadable && length == 0 || length < MinReadableChars)
        {
            return (null, "there is no readable article text on that page");
        }
        var title = Clean(found.Title) ?? paragraphs[0];
        // SmartReader keeps the headline inside the content on some layouts; the title is stored on its own.
        if (paragraphs.Count > 1 && string.Equals(paragraphs[0], title, StringComparison.OrdinalIgnoreCase))
        {
            paragraphs = paragraphs.Skip(1).ToList();
        }
        return (new ExtractedArticle(
            title,
            paragraphs,
            Clean(found.Author) ?? Clean(found.Byline),
            found.PublicationDate is { } date ? ToOffset(date) : null,
            Clean(found.SiteName),
            Clean(found.Language),
            url), null);
    }

    /// <summary>The source is the page's domain as <see cref="SourceKeys"/> normalizes it, because that is the key
    /// moderators label with <c>/source set &lt;domain&gt;</c>; the site name is used only without a web address
    /// (an HTML file).</summary>
    public static ArticleDraft ToDraft(ExtractedArticle article)
    {
        var domain = SourceKeys.FromUrl(article.Url);
        var source = domain.Length > 0 ? domain : article.SiteName;
        var url = domain.Length > 0 ? article.Url : null;
        return new ArticleDraft(article.Title, article.Text, source, url, article.Published, article.Author);
    }

    private static DateTimeOffset ToOffset(DateTime date) =>
        date.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : new DateTimeOffset(date.ToUniversalTime());

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var collapsed = HtmlText.Collapse(text);
        return collapsed.Length <= 300 ? collapsed : collapsed[..299] + "…";
    }
}
