namespace DiscussionBot.Core.Commands.Records;

/// <summary>The one free-text argument of a command (a search, a lookup): Discord's option as typed, or the whole text line.</summary>
internal static class FreeText
{
    public static string? Of(CommandRequest request, string option) =>
        (request.Options is { } options ? options.Get(option) : request.Arguments.Trim()) is { Length: > 0 } text ? text : null;
}
