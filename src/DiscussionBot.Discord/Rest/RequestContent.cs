using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DiscussionBot.Discord.Rest;

/// <summary>
/// Request bodies as factories: each attempt of a request gets fresh content (a sent request disposes its content), from
/// JSON serialised once. Messages with files become multipart with <c>payload_json</c> and <c>files[n]</c>.
/// </summary>
internal static class RequestContent
{
    /// <summary>JSON when there are no files; otherwise multipart with payload_json and files[n], as Discord requires.
    /// The payload is validated as it will be sent (with its attachment list).</summary>
    public static Func<HttpContent> Message(MessagePayload message, IReadOnlyList<FileUpload>? files)
    {
        if (files is not { Count: > 0 })
        {
            PayloadValidator.Validate(message);
            return Json(message, DiscordJsonContext.Default.MessagePayload);
        }

        var withAttachments = message with { Attachments = AttachmentsOf(files) };
        PayloadValidator.Validate(withAttachments);
        return Multipart(Json(withAttachments, DiscordJsonContext.Default.MessagePayload), files);
    }

    /// <summary>An interaction callback, with the message it carries validated and, when files come, as multipart.</summary>
    public static Func<HttpContent> InteractionResponse(InteractionResponse response, IReadOnlyList<FileUpload>? files)
    {
        var body = response;
        if (files is { Count: > 0 } && response.Data is { } data)
        {
            body = response with { Data = data with { Attachments = AttachmentsOf(files) } };
        }

        if (body.Data is { } checkedData)
        {
            PayloadValidator.Validate(checkedData);
        }

        var json = Json(body, DiscordJsonContext.Default.InteractionResponse);
        return files is { Count: > 0 } ? Multipart(json, files) : json;
    }

    /// <summary>Serialises once; the factory makes fresh content for each attempt.</summary>
    public static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        };
    }

    private static IReadOnlyList<AttachmentReference> AttachmentsOf(IReadOnlyList<FileUpload> files) =>
        [.. files.Select((f, i) => new AttachmentReference(i.ToString(CultureInfo.InvariantCulture), f.FileName, f.Description))];

    /// <summary>payload_json plus files[n], as Discord's "Uploading Files" asks.</summary>
    private static Func<HttpContent> Multipart(Func<HttpContent> payloadJson, IReadOnlyList<FileUpload> files) => () =>
    {
        var form = new MultipartFormDataContent { { payloadJson(), "payload_json" } };
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(files[i].Content);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(files[i].ContentType);
            form.Add(file, $"files[{i}]", files[i].FileName);
        }

        return form;
    };
}
