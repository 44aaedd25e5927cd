using System.Globalization;
using System.Text;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary>Reading and writing the JSONL rows of the text tools (summarize, stories, eval, bench).</summary>
internal static class JsonlRows
{
    internal sealed record Row(string Id, string? Title, string? Source, DateTimeOffset? Published, string Text, IReadOnlyList<string>? Reference);

    public static SummaryLength LengthOf(int? sentences, double? ratio, SummaryLength fallback) =>
        sentences is > 0 ? SummaryLength.Sentences(sentences.Value)
        : ratio is > 0 and <= 1 ? SummaryLength.Ratio(ratio.Value)
        : ratio is > 1 and <= 100 ? SummaryLength.Ratio(ratio.Value / 100) // "--ratio 40" as ots spells it
        : fallback;

    public static StoryInput ToStory(Row r) => new(r.Id, r.Title, r.Text, r.Source, r.Published);

    public static Row? ParseArticle(string line, int lineNumber, TextWriter error)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.ValueKind != JsonValueKind.Object)
            {
                error.WriteLine($"line {lineNumber}: not a JSON object");
                return null;
            }
            var id = Str(e, "id") ?? Str(e, "url") ?? $"line-{lineNumber}";
            DateTimeOffset? published = DateTimeOffset.TryParse(Str(e, "published"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p) ? p : null;
            IReadOnlyList<string>? reference = e.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : "").ToArray()
                : e.TryGetProperty("reference", out var rs) && rs.ValueKind == JsonValueKind.String ? [rs.GetString() ?? ""] : null;
            return new Row(id, Str(e, "title"), Str(e, "source"), published, Str(e, "text") ?? "", reference);
        }
        catch (JsonException ex)
        {
            error.WriteLine($"line {lineNumber}: not valid JSON ({ex.Message})");
            return null;
        }
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()
        : e.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetRawText()
        : null;

    public static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
