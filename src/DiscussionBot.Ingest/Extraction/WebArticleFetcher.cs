using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Ingest.Fetching;

namespace DiscussionBot.Ingest.Extraction;

/// <summary>A URL to an article draft: a safe fetch, then SmartReader on HTML (plain text is taken as it is,
/// first line as the title). Implements Core's port behind <c>/add</c>, <c>/summary</c> and <c>import</c>.</summary>
public sealed class WebArticleFetcher(SafeFetcher fetcher, ArticleExtractor extractor) : IArticleFetcher
{
    public async ValueTask<FetchOutcome> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var result = await fetcher.FetchAsync(url, FetchPurpose.Page, cancellationToken: cancellationToken);
        if (result is not FetchResult.Fetched page)
        {
            return FetchOutcome.Failed(result is FetchResult.Failed failed ? failed.Message : "the site sent no page");
        }
        var finalUrl = page.Url.AbsoluteUri;
        if (page.MediaType == "text/plain")
        {
            var lines = page.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n', 2);
            var body = lines.Length > 1 ? lines[1].Trim() : "";
            if (body.Length < ArticleExtractor.MinReadableChars)
            {
                return FetchOutcome.Failed("there is no readable article text on that page");
            }
            return FetchOutcome.Ok(new ArticleDraft(lines[0].Trim(), body, SourceKeys.FromUrl(finalUrl), finalUrl));
        }
        var (article, problem) = extractor.Extract(page.Text, finalUrl);
        return article is null ? FetchOutcome.Failed(problem!) : FetchOutcome.Ok(ArticleExtractor.ToDraft(article));
    }
}
