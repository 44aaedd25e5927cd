namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/help [command]</c>: null lists every command; a name is lower case without its slash. Discord sends <c>command</c>.</summary>
public sealed record HelpCommand(string? Command)
{
    public static ParsedCommand<HelpCommand> Parse(CommandRequest request)
    {
        var name = request.Options is { } options ? options.Get("command") : request.Args.Count > 0 ? request.Args[0] : null;
        return new HelpCommand(name?.Trim().TrimStart('/') is { Length: > 0 } bare ? bare.ToLowerInvariant() : null);
    }
}
