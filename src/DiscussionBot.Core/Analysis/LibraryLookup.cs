using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Analysis;

/// <summary>An article or story found from what a member typed, or why none was found.</summary>
public sealed record Lookup<T>(T? Found, string? Problem, Topic? Topic = null)
    where T : class
{
    public static Lookup<T> Missing(string problem) => new(null, problem);
}

/// <summary>Turns a command's target — an article id, a story id, a topic, a URL or free words — into an article or a story.</summary>
public sealed class LibraryLookup(
    IArticleStore articles,
    ITopicStore topics,
    SearchIndex search,
    ArticleLibrary library,
    IEnumerable<IArticleFetcher> fetchers,
    ViewpointService views)
{
    public async ValueTask<Lookup<Article>> ArticleAsync(string target, string addedBy, CancellationToken ct)
    {
        target = target.Trim();
        if (target.Length == 0)
        {
            return Lookup<Article>.Missing("say which article: an id, a link or some words");
        }
        if (int.TryParse(target.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return articles.Get(id) is { } byId ? new(byId, null) : Lookup<Article>.Missing($"there is no article {id}");
        }
        if (UrlArgument.IsUrl(target))
        {
            return await FetchAsync(target, addedBy, ct);
        }
        var hits = search.Search(target, 1);
        return hits.Count > 0 && articles.Get(hits[0].ArticleId) is { } best
            ? new(best, null)
            : Lookup<Article>.Missing("nothing in the library matches those words");
    }

    public async ValueTask<Lookup<Story>> StoryAsync(string communityId, string target, string addedBy, CancellationToken ct)
    {
        target = target.Trim();
        if (target.Length == 0)
        {
            return Lookup<Story>.Missing("say which story: a topic, a story id, an article id, a link or some words");
        }
        var lower = target.ToLowerInvariant();
        if (topics.Find(communityId, lower) is { } topic)
        {
            var first = views.StoriesOfTopic(topic).FirstOrDefault();
            return first is null ? new(null, $"the topic {topic.Slug} has no articles yet", topic) : new(first, null, topic);
        }
        if (lower.StartsWith("st", StringComparison.Ordinal) && int.TryParse(lower[2..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return views.Find(lower) switch
            {
                null => Lookup<Story>.Missing($"there is no story {lower}"),
                { ArticleIds.Count: 0 } => Lookup<Story>.Missing($"story {lower} has no articles now: as more came in, its articles were regrouped with other stories (try /articles or /search)"),
                var story => new(story, null),
            };
        }
        Article? article;
        if (int.TryParse(target.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            article = articles.Get(id);
            if (article is null)
            {
                return Lookup<Story>.Missing($"there is no article {id}");
            }
        }
        else if (UrlArgument.IsUrl(target))
        {
            var fetched = await FetchAsync(target, addedBy, ct);
            if (fetched.Found is null)
            {
                return Lookup<Story>.Missing(fetched.Problem!);
            }
            article = fetched.Found;
        }
        else
        {
            // Free words: among the best matches, prefer one whose story has several sources.
            var hits = search.Search(target, 8).Select(h => articles.Get(h.ArticleId)).OfType<Article>().ToList();
            if (hits.Count == 0)
            {
                return Lookup<Story>.Missing("nothing in the library matches those words");
            }
            views.EnsureStories();
            article = hits.FirstOrDefault(a => a.StoryId is { } s && views.Find(s) is { } st && views.ArticlesBySource(st).Count > 1) ?? hits[0];
        }
        views.EnsureStories();
        article = articles.Get(article.Id) ?? article;
        return article.StoryId is { } storyId && views.Find(storyId) is { } found
            ? new(found, null)
            : Lookup<Story>.Missing("that article is not in a story yet");
    }

    private async ValueTask<Lookup<Article>> FetchAsync(string url, string addedBy, CancellationToken ct)
    {
        if (articles.FindByUrl(url) is { } known)
        {
            return new(known, null);
        }
        var fetcher = fetchers.FirstOrDefault();
        if (fetcher is null)
        {
            return Lookup<Article>.Missing("fetching links is not available in this deployment");
        }
        var fetched = await fetcher.FetchAsync(url, ct);
        if (fetched.Draft is null)
        {
            return Lookup<Article>.Missing($"could not read that link: {fetched.Problem}");
        }
        return library.Add(fetched.Draft, addedBy) switch
        {
            AddOutcome.Added added => new(added.Article, null),
            AddOutcome.Duplicate dup => new(dup.Existing, null),
            AddOutcome.Refused refused => Lookup<Article>.Missing($"that page cannot be used: {refused.Reason}"),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }
}
