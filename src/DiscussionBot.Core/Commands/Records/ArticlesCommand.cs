namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/articles &lt;topic&gt;</c>; Discord sends <c>topic</c>. The slug is lower case.</summary>
public sealed record ArticlesCommand(string Topic)
{
    public const string Usage = "Usage: /articles <topic>. /topics lists the topics.";

    public static ParsedCommand<ArticlesCommand> Parse(CommandRequest request)
    {
        var topic = request.Options is { } options ? options.Get("topic") : request.Args.Count == 1 ? request.Args[0] : null;
        return topic is { Length: > 0 } ? new ArticlesCommand(topic.ToLowerInvariant()) : ParsedCommand<ArticlesCommand>.Fail(Usage);
    }
}
