namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/claims &lt;topic|story|words&gt;</c>: what to look up, exactly as typed; Discord sends <c>topic</c>.</summary>
public sealed record ClaimsCommand(string Query)
{
    public const string Usage = "Usage: /claims <topic, story id or words>";

    public static ParsedCommand<ClaimsCommand> Parse(CommandRequest request) =>
        FreeText.Of(request, "topic") is { } query ? new ClaimsCommand(query) : ParsedCommand<ClaimsCommand>.Fail(Usage);
}
