using System.Globalization;
using System.Text.Json.Serialization;
using DiscussionBot.Core.Library;

namespace DiscussionBot.Host.Cli;

/// <summary>An article row of the JSONL contract: <c>{"id","title","source","url","published","text"}</c>.</summary>
public sealed record ArticleRow
{
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("published")]
    public string? Published { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    public ArticleDraft ToDraft() => new(
        Title ?? "",
        Text ?? "",
        Source,
        Url,
        DateTimeOffset.TryParse(Published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var published) ? published : null);
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ArticleRow))]
internal sealed partial class CliJson : JsonSerializerContext;
