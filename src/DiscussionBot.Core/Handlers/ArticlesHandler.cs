using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/articles &lt;topic&gt;</c>: the newest articles of a topic.</summary>
public sealed class ArticlesHandler(ITopicStore topics, IArticleStore articles, IOptions<BotOptions> options) : ICommandHandler
{
    public CommandInfo Info { get; } = new("articles", "<topic>", "the newest articles of a topic", "/articles housing");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var parsed = ArticlesCommand.Parse(request);
        if (parsed.Command is not { Topic: var slug })
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        var topic = topics.Find(request.CommunityId, slug);
        if (topic is null)
        {
            return ValueTask.FromResult(Reply.UnknownTopic(slug));
        }
        var list = articles.ByTopic(topic.Id, options.Value.ListLimit);
        if (list.Count == 0)
        {
            return ValueTask.FromResult(Reply.Of($"No articles in {slug} yet. Its keywords: {string.Join(", ", topic.Keywords)}."));
        }
        var b = new RichTextBuilder().Bold($"Articles in {slug}").NewLine();
        foreach (var article in list)
        {
            b.ArticleLine(article);
        }
        b.Text("Summarize one with ").Code($"/summary {list[0].Id}");
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }
}

/// <summary><c>/search &lt;words&gt;</c>: the library's best matches.</summary>
public sealed class SearchHandler(SearchIndex index, IArticleStore articles, IOptions<BotOptions> options) : ICommandHandler
{
    public CommandInfo Info { get; } = new("search", "<words>", "search the library", "/search tower rents");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The query as the member typed it, from the text line or Discord's option: quotes and a leading slash stay.
        var parsed = SearchCommand.Parse(request);
        if (parsed.Command is not { Query: var query })
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        var hits = index.Search(query, options.Value.ListLimit);
        if (hits.Count == 0)
        {
            return ValueTask.FromResult(Reply.Of("Nothing in the library matches those words."));
        }
        var b = new RichTextBuilder().Bold($"Best matches for \"{Shortening.Shorten(query, 60)}\"").NewLine();
        foreach (var (id, _) in hits)
        {
            if (articles.Get(id) is { } article)
            {
                b.ArticleLine(article);
            }
        }
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }
}
