namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/settings</c> (list: both null) or <c>/settings &lt;key&gt; &lt;value&gt;</c>.</summary>
public sealed record SettingsCommand(string? Key, string? Value) : ICommandRecord
{
    public const string Usage = "Usage: /settings <key> <value>. /settings alone lists the keys.";

    public bool ListsAll => Key is null && Value is null;

    public static ParsedCommand<SettingsCommand> Parse(CommandRequest request)
    {
        if (request.Record is SettingsCommand given)
        {
            return given;
        }
        if (request.Options is { } options)
        {
            var (key, value) = (options.Get("key"), options.Get("value"));
            return (key is null) == (value is null) ? new SettingsCommand(key, value) : ParsedCommand<SettingsCommand>.Fail(Usage);
        }

        return request.Args.Count switch
        {
            0 => new SettingsCommand(null, null),
            2 => new SettingsCommand(request.Args[0], request.Args[1]),
            _ => ParsedCommand<SettingsCommand>.Fail(Usage),
        };
    }
}
