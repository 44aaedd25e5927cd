using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Library;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Core.Handlers;

/// <summary>Turns a URL into an article draft (implemented by the ingest feature).</summary>
public interface IArticleFetcher
{
    ValueTask<FetchOutcome> FetchAsync(string url, CancellationToken cancellationToken);
}

/// <summary>Extracts an article from an HTML document already at hand (implemented by the ingest feature).</summary>
public interface IHtmlArticleReader
{
    FetchOutcome Read(string html, string url);
}

/// <summary>A fetched article, or the reason there is none, in words a member understands.</summary>
public sealed record FetchOutcome(ArticleDraft? Draft, string? Problem)
{
    public static FetchOutcome Ok(ArticleDraft draft) => new(draft, null);

    public static FetchOutcome Failed(string problem) => new(null, problem);
}

/// <summary><c>/add</c>: a URL, or pasted text whose first line is the title, becomes an article.</summary>
public sealed class AddHandler(ArticleLibrary library, IEnumerable<IArticleFetcher> fetchers, IOptions<BotOptions> options) : ICommandHandler
{
    public CommandInfo Info { get; } = new("add", "<url> | <title> ⏎ <text>", "add an article: a link, or pasted text with the title on the first line", "/add https://example.org/news/story", Slow: true, MaxArgumentLength: options.Value.MaxArticleChars);

    /// <summary>Only a link is fetched; pasted text is added at once.</summary>
    public bool IsSlow(CommandRequest request) => AddCommand.Parse(request).Command is AddLink;

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become an AddCommand record.
        var parsed = AddCommand.Parse(request);
        if (parsed.Command is null)
        {
            return Reply.Problem(parsed.Problem!);
        }
        ArticleDraft draft;
        if (parsed.Command is AddLink { Url: var text })
        {
            var fetcher = fetchers.FirstOrDefault();
            if (fetcher is null)
            {
                return Reply.Problem("Fetching links is not available in this deployment; paste the article's text instead.");
            }
            var fetched = await fetcher.FetchAsync(text, cancellationToken);
            if (fetched.Draft is null)
            {
                return Reply.Problem($"Could not add that link: {fetched.Problem}");
            }
            draft = fetched.Draft;
        }
        else
        {
            var pasted = (AddPasted)parsed.Command;
            draft = new ArticleDraft(pasted.Title, pasted.Text, Source: request.Author.Name);
        }
        return library.Add(draft, request.Author.Id) switch
        {
            AddOutcome.Added added => Reply.Of(new RichTextBuilder().Text("Added ").ArticleLine(added.Article)
                .Text("Summarize it with ").Code($"/summary {added.Article.Id}").Build(), new PostSubject(PostKind.Article, ArticleId: added.Article.Id)),
            AddOutcome.Duplicate dup => Reply.Of(new RichTextBuilder().Text($"Already in the library ({dup.Why}): ").ArticleLine(dup.Existing).Build()),
            AddOutcome.Refused refused => Reply.Problem($"Not added: {refused.Reason}."),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }
}

public static class UrlArgument
{
    public static bool IsUrl(string text) =>
        !text.Contains(' ', StringComparison.Ordinal) && !text.Contains('\n', StringComparison.Ordinal)
        && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
