using System.Text.RegularExpressions;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Handlers;

/// <summary>Moderators manage feeds of a topic through this port (implemented by the ingest feature).</summary>
public interface ITopicFeeds
{
    /// <summary>Checks the feed URL; returns null when it may be added, else the reason it may not.</summary>
    ValueTask<string?> ValidateAsync(string url, CancellationToken cancellationToken);
}

/// <summary><c>/topic add|remove|describe|keywords|feed</c>: moderators define the community's topics.</summary>
public sealed partial class TopicHandler(ITopicStore topics, ArticleLibrary library, AuditTrail audit, TimeProvider time, IEnumerable<ITopicFeeds> feeds) : ICommandHandler
{
    public const int MaxKeywords = 30;
    public const int MaxDescription = 300;
    public const int MaxFeeds = 10;

    private const string Usage = TopicCommand.Usage;

    public CommandInfo Info { get; } = new("topic", "add|remove|describe|keywords|feed …", "define the community's topics", "/topic add housing Rents, zoning and the new tower", Moderator: true, Slow: true, MaxArgumentLength: 1000);

    /// <summary>Only adding a feed fetches (to check the feed).</summary>
    public bool IsSlow(CommandRequest request) => TopicCommand.Parse(request).Command is TopicFeed { Remove: false };

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become a TopicCommand record.
        var parsed = TopicCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return Reply.Problem(parsed.Problem!);
        }
        if (command is TopicFeed feed)
        {
            return await FeedAsync(request, feed, cancellationToken);
        }
        var verb = command switch { TopicAdd => "add", TopicRemove => "remove", TopicDescribe => "describe", _ => "keywords" };
        var slug = command.Slug;
        if (!SlugPattern().IsMatch(slug))
        {
            return Reply.Problem("A topic name is 2–40 lower-case letters, digits or hyphens, e.g. city-budget.");
        }
        var rest = command switch { TopicAdd add => add.Description, TopicDescribe describe => describe.Text, _ => "" };
        var existing = topics.Find(request.CommunityId, slug);
        switch (verb)
        {
            case "add":
                if (existing is not null)
                {
                    return Reply.Problem($"The topic {slug} exists already. Change it with /topic describe or /topic keywords.");
                }
                if (rest.Length > MaxDescription)
                {
                    return Reply.Problem($"A description is at most {MaxDescription} characters.");
                }
                var topic = topics.Insert(new Topic
                {
                    CommunityId = request.CommunityId,
                    Slug = slug,
                    Description = rest,
                    Keywords = [slug.Replace('-', ' ')],
                    CreatedAt = time.GetUtcNow(),
                });
                var matched = library.Reassign(topic);
                audit.Record(request.CommunityId, request.Author, "topic add", $"{slug}: {rest}");
                return Reply.Of($"Added topic {slug} with keyword \"{topic.Keywords[0]}\" ({matched} article(s) match). Set more with /topic keywords {slug} <words>.");

            case "remove":
                if (existing is null)
                {
                    return Reply.UnknownTopic(slug);
                }
                topics.Delete(existing.Id);
                library.Unassign(existing.Id);
                audit.Record(request.CommunityId, request.Author, "topic remove", slug);
                return Reply.Of($"Removed topic {slug}. Its articles stay in the library.");

            case "describe":
                if (existing is null)
                {
                    return Reply.UnknownTopic(slug);
                }
                if (rest.Length == 0 || rest.Length > MaxDescription)
                {
                    return Reply.Problem($"Give a description of 1–{MaxDescription} characters: /topic describe {slug} <text>");
                }
                topics.Update(existing with { Description = rest });
                audit.Record(request.CommunityId, request.Author, "topic describe", $"{slug}: {rest}");
                return Reply.Of($"Described {slug}: {rest}");

            case "keywords":
                if (existing is null)
                {
                    return Reply.UnknownTopic(slug);
                }
                var keywords = ((TopicKeywords)command).Keywords.ToList();
                if (keywords.Count == 0)
                {
                    return Reply.Problem($"Give one or more words or \"quoted phrases\": /topic keywords {slug} housing, rent, \"zoning board\"");
                }
                if (keywords.Count > MaxKeywords || keywords.Any(k => k.Length > 60))
                {
                    return Reply.Problem($"At most {MaxKeywords} keywords of at most 60 characters each.");
                }
                var updated = existing with { Keywords = keywords };
                topics.Update(updated);
                var count = library.Reassign(updated);
                audit.Record(request.CommunityId, request.Author, "topic keywords", $"{slug}: {string.Join(", ", keywords)}");
                return Reply.Of($"Keywords of {slug}: {string.Join(", ", keywords)}. {count} article(s) match.");

            default:
                return Reply.Problem(Usage);
        }
    }

    private async ValueTask<Reply> FeedAsync(CommandRequest request, TopicFeed feed, CancellationToken cancellationToken)
    {
        var slug = feed.Slug;
        var url = feed.Url;
        var topic = topics.Find(request.CommunityId, slug);
        if (topic is null)
        {
            return Reply.UnknownTopic(slug);
        }
        if (feed.Remove)
        {
            if (!topic.Feeds.Contains(url, StringComparer.Ordinal))
            {
                return Reply.Problem($"{slug} has no feed {url}.");
            }
            topics.Update(topic with { Feeds = topic.Feeds.Where(f => f != url).ToList() });
            audit.Record(request.CommunityId, request.Author, "topic feed remove", $"{slug}: {url}");
            return Reply.Of($"Removed the feed from {slug}.");
        }
        if (topic.Feeds.Contains(url, StringComparer.Ordinal))
        {
            return Reply.Problem($"{slug} has that feed already.");
        }
        if (topic.Feeds.Count >= MaxFeeds)
        {
            return Reply.Problem($"A topic has at most {MaxFeeds} feeds.");
        }
        var validator = feeds.FirstOrDefault();
        if (validator is null)
        {
            return Reply.Problem("Feeds are not available in this deployment.");
        }
        if (await validator.ValidateAsync(url, cancellationToken) is { } reason)
        {
            return Reply.Problem($"That feed cannot be added: {reason}");
        }
        topics.Update(topic with { Feeds = [.. topic.Feeds, url] });
        audit.Record(request.CommunityId, request.Author, "topic feed add", $"{slug}: {url}");
        return Reply.Of($"Added the feed to {slug}. New items will arrive as articles of this topic.");
    }

    internal static List<string> ParseKeywords(IEnumerable<string> args) => TopicCommand.ParseKeywords(args);


    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex SlugPattern();
}
