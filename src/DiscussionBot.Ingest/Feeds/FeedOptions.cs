using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>How topic feeds are polled. Section <c>Feeds</c>.</summary>
public sealed class FeedOptions
{
    public const string Section = "Feeds";

    /// <summary>Runs the feed poller. Off, feeds can still be added but nothing is fetched.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Minutes between two polls of one feed. A feed's own <c>&lt;ttl&gt;</c> can lengthen it, never shorten it.</summary>
    [Range(1, 1440)]
    public int IntervalMinutes { get; init; } = 30;

    /// <summary>How often the poller looks for feeds that are due.</summary>
    [Range(1, 3600)]
    public int TickSeconds { get; init; } = 60;

    /// <summary>The longest wait after repeated failures (the wait doubles from the interval up to this).</summary>
    [Range(1, 168)]
    public int MaxBackoffHours { get; init; } = 12;

    /// <summary>Items taken from one poll of one feed; the newest first.</summary>
    [Range(1, 200)]
    public int MaxItemsPerPoll { get; init; } = 20;

    /// <summary>An item whose own text is shorter is a teaser: the bot fetches its page for the full article.</summary>
    [Range(0, 100_000)]
    public int FullTextMinChars { get; init; } = 600;

    /// <summary>Take only items that match the topic's keywords (plain words and phrases, matched like the
    /// library's topic assignment). Off, every item of a topic's feed becomes an article of the topic.</summary>
    public bool FilterByKeywords { get; init; } = true;

    /// <summary>Most items listed in one digest post.</summary>
    [Range(1, 50)]
    public int DigestMaxItems { get; init; } = 10;

    /// <summary>Item keys (guid, link, content hash) remembered per feed for deduplication.</summary>
    [Range(50, 100_000)]
    public int MaxRemembered { get; init; } = 2000;

    /// <summary>Attempts to fetch a teaser item's page before the item is given up.</summary>
    [Range(1, 20)]
    public int MaxItemAttempts { get; init; } = 3;
}
