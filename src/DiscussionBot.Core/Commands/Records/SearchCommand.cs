namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/search &lt;words&gt;</c>: the query exactly as typed (quotes, a leading slash and all); Discord sends <c>words</c>.</summary>
public sealed record SearchCommand(string Query)
{
    public const string Usage = "Usage: /search <words>";

    public static ParsedCommand<SearchCommand> Parse(CommandRequest request)
    {
        var query = request.Options is { } options ? options.Get("words") : request.Arguments.Trim();
        return query is { Length: > 0 } ? new SearchCommand(query) : ParsedCommand<SearchCommand>.Fail(Usage);
    }
}
