using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>What the poller remembers about one feed of one topic, kept as JSON under one
/// <see cref="IStateStore"/> key (no storage types here: Ingest only sees Core's ports).</summary>
public sealed record FeedState
{
    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public DateTimeOffset NextPollAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>Failures in a row; drives the backoff.</summary>
    public int Failures { get; init; }

    public string? LastProblem { get; init; }

    /// <summary>Keys of items already handled (<c>g:</c> guid, <c>l:</c> link, <c>h:</c> content hash), oldest first.</summary>
    public List<string> Seen { get; init; } = [];

    /// <summary>Failed page fetches per teaser item (by its first key), so a page that never loads is given up.</summary>
    public Dictionary<string, int> Attempts { get; init; } = [];

    /// <summary>The state key of a topic's feed. The URL is hashed because keys are index keys with a length limit.</summary>
    public static string Key(int topicId, string url) =>
        $"ingest.feed.{topicId}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..24]}";

    public static FeedState Load(IStateStore store, string key)
    {
        var json = store.Get(key);
        if (json is null)
        {
            return new FeedState();
        }
        try
        {
            return JsonSerializer.Deserialize(json, FeedStateJson.Default.FeedState) ?? new FeedState();
        }
        catch (JsonException)
        {
            // A damaged record only costs a re-poll; the library's URL and text checks still stop duplicates.
            return new FeedState();
        }
    }

    public void Save(IStateStore store, string key) => store.Set(key, JsonSerializer.Serialize(this, FeedStateJson.Default.FeedState));
}

[JsonSerializable(typeof(FeedState))]
internal sealed partial class FeedStateJson : JsonSerializerContext;
