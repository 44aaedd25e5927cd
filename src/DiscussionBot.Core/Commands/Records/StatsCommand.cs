namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/stats [topic]</c>; Discord sends <c>topic</c>. The slug is lower case; null: the whole community.</summary>
public sealed record StatsCommand(string? Topic)
{
    public const string Usage = "Usage: /stats [topic]";

    public static ParsedCommand<StatsCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            return new StatsCommand(options.Get("topic")?.ToLowerInvariant());
        }

        return request.Args.Count switch
        {
            0 => new StatsCommand(Topic: null),
            1 => new StatsCommand(request.Args[0].ToLowerInvariant()),
            _ => ParsedCommand<StatsCommand>.Fail(Usage),
        };
    }
}
