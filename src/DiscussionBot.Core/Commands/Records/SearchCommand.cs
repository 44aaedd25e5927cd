namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/search &lt;words&gt;</c>: the query exactly as typed (quotes, a leading slash and all); Discord sends <c>words</c>.</summary>
public sealed record SearchCommand(string Query)
{
    public const string Usage = "Usage: /search <words>";

    public static ParsedCommand<SearchCommand> Parse(CommandRequest request) =>
        FreeText.Of(request, "words") is { } query ? new SearchCommand(query) : ParsedCommand<SearchCommand>.Fail(Usage);
}
