using System.Security.Cryptography;
using System.Text;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>What one poll of one feed did.</summary>
public sealed record FeedPollReport(int TopicId, string Url, int Added, int Skipped, string? Problem, bool NotModified = false, bool DigestSent = false);

/// <summary>Polls the topics' feeds that are due and turns new items into articles of the topic. An item is new
/// when none of its guid, link or content hash was seen on this feed before, so a publisher that rewrites guids or
/// timestamps does not produce duplicates (and the library itself refuses a second copy of a URL or a text).</summary>
public sealed partial class FeedIngestor(
    ITopicStore topics,
    ICommunityStore communities,
    IArticleStore articles,
    IStateStore state,
    ArticleLibrary library,
    StoryIndex stories,
    FeedReader reader,
    IArticleFetcher pages,
    IEnumerable<IMessenger> messengers,
    TimeProvider time,
    IOptions<FeedOptions> options,
    ILogger<FeedIngestor> logger)
{
    public const string AddedBy = "feed";

    private readonly FeedOptions _options = options.Value;

    /// <summary>Polls every feed whose time has come, one after another (feeds are few; sites prefer gentle bots).</summary>
    public async Task<IReadOnlyList<FeedPollReport>> PollDueAsync(CancellationToken cancellationToken)
    {
        var reports = new List<FeedPollReport>();
        foreach (var topic in topics.All())
        {
            foreach (var url in topic.Feeds.Distinct(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = FeedState.Key(topic.Id, url);
                var current = FeedState.Load(state, key);
                if (current.NextPollAt > time.GetUtcNow())
                {
                    continue;
                }
                reports.Add(await PollAsync(topic, url, key, current, cancellationToken));
            }
        }
        if (reports.Any(r => r.Added > 0))
        {
            // The round's articles joined their stories one by one as they came; placed together now, as an import's are.
            stories.Refresh();
        }
        return reports;
    }

    private async Task<FeedPollReport> PollAsync(Topic topic, string url, string key, FeedState current, CancellationToken ct)
    {
        var interval = TimeSpan.FromMinutes(_options.IntervalMinutes);
        var result = await reader.ReadAsync(url, current.ETag, current.LastModified, ct);
        var now = time.GetUtcNow();
        switch (result)
        {
            case FeedReadResult.Failed failed:
                var failures = current.Failures + 1;
                var wait = Backoff(interval, failures);
                (current with { Failures = failures, LastProblem = failed.Problem, NextPollAt = now + wait }).Save(state, key);
                LogFeedFailed(url, topic.Slug, failures, wait, failed.Problem);
                return new FeedPollReport(topic.Id, url, 0, 0, failed.Problem);

            case FeedReadResult.NotModified:
                (current with { Failures = 0, LastProblem = null, NextPollAt = now + interval, LastSuccessAt = now }).Save(state, key);
                return new FeedPollReport(topic.Id, url, 0, 0, null, NotModified: true);

            case FeedReadResult.Read read:
                return await IngestAsync(topic, url, key, current, read, ct);

            default:
                throw new InvalidOperationException("unknown feed result");
        }
    }

    private async Task<FeedPollReport> IngestAsync(Topic topic, string url, string key, FeedState current, FeedReadResult.Read read, CancellationToken ct)
    {
        var seen = new HashSet<string>(current.Seen, StringComparer.Ordinal);
        var order = new List<string>(current.Seen);
        var attempts = new Dictionary<string, int>(current.Attempts, StringComparer.Ordinal);
        void Remember(IEnumerable<string> keys)
        {
            foreach (var k in keys)
            {
                if (seen.Add(k))
                {
                    order.Add(k);
                }
            }
        }

        var added = new List<Article>();
        var skipped = 0;
        // Feeds list the newest first; the newest N are taken and stored oldest first, so ids follow publication.
        foreach (var item in read.Feed.Items.Take(_options.MaxItemsPerPoll).Reverse())
        {
            var keys = Keys(item);
            if (keys.Any(seen.Contains))
            {
                // Known under one key: remember the others too (a rewritten guid is learned, not re-added).
                Remember(keys);
                skipped++;
                continue;
            }
            var draft = await DraftAsync(item, ct);
            if (draft is null)
            {
                var tries = attempts.GetValueOrDefault(keys[0]) + 1;
                if (tries >= _options.MaxItemAttempts)
                {
                    attempts.Remove(keys[0]);
                    Remember(keys);
                }
                else
                {
                    attempts[keys[0]] = tries;
                }
                skipped++;
                continue;
            }
            attempts.Remove(keys[0]);
            Remember(keys);
            if (_options.FilterByKeywords && !TopicMatcher.Matches(topic, draft.Title, draft.Text))
            {
                skipped++;
                continue;
            }
            switch (library.Add(draft, AddedBy))
            {
                case AddOutcome.Added a:
                    added.Add(EnsureTopic(a.Article, topic));
                    break;
                case AddOutcome.Duplicate d:
                    EnsureTopic(d.Existing, topic);
                    skipped++;
                    break;
                case AddOutcome.Refused r:
                    LogItemRefused(item.Link ?? item.Title, r.Reason);
                    skipped++;
                    break;
            }
        }

        var now = time.GetUtcNow();
        var interval = TimeSpan.FromMinutes(_options.IntervalMinutes);
        if (read.Feed.TimeToLive is { } ttl && ttl > interval)
        {
            interval = ttl < TimeSpan.FromDays(1) ? ttl : TimeSpan.FromDays(1);
        }
        var trimmed = order.Count > _options.MaxRemembered ? order.Skip(order.Count - _options.MaxRemembered).ToList() : order;
        new FeedState
        {
            ETag = read.ETag,
            LastModified = read.LastModified,
            NextPollAt = now + interval,
            LastSuccessAt = now,
            Seen = trimmed,
            Attempts = attempts,
        }.Save(state, key);
        if (added.Count > 0)
        {
            LogFeedAdded(added.Count, url, topic.Slug);
        }
        var digest = added.Count > 0 && await SendDigestAsync(topic, added, ct);
        return new FeedPollReport(topic.Id, url, added.Count, skipped, null, DigestSent: digest);
    }

    /// <summary>The item's own text when it is a full article; else its page, fetched and read (a teaser).</summary>
    private async Task<ArticleDraft?> DraftAsync(FeedItem item, CancellationToken ct)
    {
        if (item.Text.Length >= _options.FullTextMinChars)
        {
            return new ArticleDraft(item.Title, item.Text, null, item.Link, item.Published, item.Author);
        }
        if (item.Link is null)
        {
            // A short item without a link is all there is; the library decides whether it is long enough.
            return item.Text.Length >= ArticleLibrary.MinTextChars ? new ArticleDraft(item.Title, item.Text, Published: item.Published, Author: item.Author) : null;
        }
        var page = await pages.FetchAsync(item.Link, ct);
        if (page.Draft is null)
        {
            LogTeaserFetchFailed(item.Link, page.Problem ?? "");
            return null;
        }
        // The feed's title and date are the publisher's own metadata; prefer them to what the page yields.
        return page.Draft with
        {
            Title = item.Title.Length > 0 ? item.Title : page.Draft.Title,
            Published = item.Published ?? page.Draft.Published,
            Author = page.Draft.Author ?? item.Author,
        };
    }

    /// <summary>The topic's feed brought the article: it belongs to the topic. When feeds are not filtered by keywords
    /// (Feeds:FilterByKeywords off) the feed alone is why, so it stays in the topic when the keywords change.</summary>
    private Article EnsureTopic(Article article, Topic topic)
    {
        var pin = !_options.FilterByKeywords;
        if (article.TopicIds.Contains(topic.Id) && (!pin || article.PinnedTopicIds.Contains(topic.Id)))
        {
            return article;
        }
        var updated = article with
        {
            TopicIds = article.TopicIds.Contains(topic.Id) ? article.TopicIds : [.. article.TopicIds, topic.Id],
            PinnedTopicIds = !pin || article.PinnedTopicIds.Contains(topic.Id) ? article.PinnedTopicIds : [.. article.PinnedTopicIds, topic.Id],
        };
        articles.Update(updated);
        return updated;
    }

    private async Task<bool> SendDigestAsync(Topic topic, IReadOnlyList<Article> added, CancellationToken ct)
    {
        var community = communities.Find(topic.CommunityId);
        if (community is null || !CommunitySettings.IsOn(community, CommunitySettings.Digest))
        {
            return false;
        }
        var colon = community.Id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        var platform = community.Id[..colon];
        var messenger = messengers.FirstOrDefault(m => string.Equals(m.Platform, platform, StringComparison.OrdinalIgnoreCase));
        if (messenger is null)
        {
            LogNoMessenger(platform, community.Id);
            return false;
        }
        var communityId = community.Id[(colon + 1)..];
        // The community's own id is its chat on Telegram (a group) and on the console; a platform whose
        // communities hold several chats records the digest chat under this state key.
        var chatId = state.Get(DigestChatKey(community.Id)) ?? communityId;
        var b = new RichTextBuilder().Bold($"New in {topic.Slug}").Text($" ({added.Count} article{(added.Count == 1 ? "" : "s")})").NewLine();
        foreach (var article in added.Take(_options.DigestMaxItems))
        {
            b.Text("• ").Code($"#{article.Id}").Text(" ");
            if (article.Url is { } link)
            {
                b.Link(Shortening.Shorten(article.Title, 120), link);
            }
            else
            {
                b.Bold(Shortening.Shorten(article.Title, 120));
            }
            b.Text($" — {article.Source}").NewLine();
        }
        if (added.Count > _options.DigestMaxItems)
        {
            b.Text($"…and {added.Count - _options.DigestMaxItems} more: ").Code($"/articles {topic.Slug}").NewLine();
        }
        try
        {
            var sent = await messenger.SendAsync(new ChatLocation(platform, communityId, chatId), Reply.Of(b.Build()), ct);
            return sent is not null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDigestFailed(ex, community.Id);
            return false;
        }
    }

    /// <summary>The <see cref="IStateStore"/> key naming the chat a community's digests go to.</summary>
    public static string DigestChatKey(string communityKey) => CommunitySettings.DigestChatKey(communityKey);

    internal static TimeSpan Backoff(TimeSpan interval, int failures, TimeSpan? max = null) =>
        TimeSpan.FromTicks(Math.Min(interval.Ticks * (1L << Math.Min(failures, 20)), (max ?? TimeSpan.FromHours(12)).Ticks));

    private TimeSpan Backoff(TimeSpan interval, int failures) => Backoff(interval, failures, TimeSpan.FromHours(_options.MaxBackoffHours));

    /// <summary>Dedup keys: guid, normalized link, and a hash of title and text (what survives a rewritten guid and link).</summary>
    internal static List<string> Keys(FeedItem item)
    {
        var keys = new List<string>(3);
        if (item.Id is { } id)
        {
            keys.Add("g:" + id);
        }
        if (item.Link is { } link)
        {
            keys.Add("l:" + NormalizeLink(link));
        }
        var folded = string.Join(' ', (item.Title + "\n" + item.Text).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        keys.Add("h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folded)))[..32]);
        return keys;
    }

    /// <summary>Same page, same key: scheme and host case, a fragment and utm_* tracking parameters do not count.</summary>
    internal static string NormalizeLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            return link;
        }
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)));
        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        return $"{host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}{uri.AbsolutePath}{(query.Length > 0 ? "?" + query : "")}";
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Url} of topic {Topic} failed ({Failures} in a row), next try in {Wait}: {Problem}")]
    private partial void LogFeedFailed(string url, string topic, int failures, TimeSpan wait, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added {Count} article(s) from feed {Url} to topic {Topic}")]
    private partial void LogFeedAdded(int count, string url, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed item {Item} not stored: {Reason}")]
    private partial void LogItemRefused(string item, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not fetch the page of feed item {Link}: {Problem}")]
    private partial void LogTeaserFetchFailed(string link, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No messenger for platform {Platform}; digest for {Community} not sent")]
    private partial void LogNoMessenger(string platform, string community);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the feed digest to {Community} failed")]
    private partial void LogDigestFailed(Exception exception, string community);
}
