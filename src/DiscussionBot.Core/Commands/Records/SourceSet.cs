namespace DiscussionBot.Core.Commands.Records;

/// <summary><c>/source set &lt;domain or name&gt; &lt;stance label&gt;</c>.</summary>
public sealed record SourceSet(string Source, string Label) : ICommandRecord
{
    public const string Usage = "Usage: /source set <domain or name> <stance label>, e.g. /source set riverside-herald.example pro-development";

    public static ParsedCommand<SourceSet> Parse(CommandRequest request)
    {
        if (request.Record is SourceSet given)
        {
            return given;
        }
        if (request.Options is { } options)
        {
            return options.Verb() == "set" && options.Get("source") is { } source && options.Get("stance") is { } stance
                ? new SourceSet(source, stance)
                : ParsedCommand<SourceSet>.Fail(Usage);
        }

        var args = request.Args;
        return args.Count >= 3 && args[0].Equals("set", StringComparison.OrdinalIgnoreCase)
            ? new SourceSet(args[1].Trim(), string.Join(' ', args.Skip(2)).Trim())
            : ParsedCommand<SourceSet>.Fail(Usage);
    }
}
