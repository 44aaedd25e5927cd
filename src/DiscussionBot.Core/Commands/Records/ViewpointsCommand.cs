namespace DiscussionBot.Core.Commands.Records;

/// <summary>
/// <c>/viewpoints &lt;topic|story|id|url|words&gt; [--poll]</c>: what to look up, as typed, and whether a before/after poll
/// starts instead; Discord sends <c>story</c> and the boolean <c>poll</c>.
/// </summary>
public sealed record ViewpointsCommand(string Query, bool BeforeAfterPoll)
{
    public const string Usage = "Usage: /viewpoints <topic, story id, article id, link or words>";

    public static ParsedCommand<ViewpointsCommand> Parse(CommandRequest request)
    {
        if (request.Options is { } options)
        {
            return options.Get("story") is { } story
                ? new ViewpointsCommand(story, options.Flag("poll") == true)
                : ParsedCommand<ViewpointsCommand>.Fail(Usage);
        }

        var line = request.Arguments.Trim();
        var rest = Insight.ShiftFlag.Strip(line);
        var query = (rest ?? line).Trim();
        return query.Length > 0 ? new ViewpointsCommand(query, BeforeAfterPoll: rest is not null) : ParsedCommand<ViewpointsCommand>.Fail(Usage);
    }
}
