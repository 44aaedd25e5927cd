namespace DiscussionBot.Core.Commands;

/// <summary>
/// A command's arguments as a platform with typed options sends them (Discord's slash-command options): the
/// subcommand path (<c>["feed", "add"]</c>) and each filled-in option's value as invariant text (booleans as
/// <c>true</c>/<c>false</c>). The command records in <see cref="Records"/> parse either this or the text line.
/// </summary>
public sealed record CommandOptions(IReadOnlyList<string> Path, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The subcommand at <paramref name="depth"/>, lower case, or "".</summary>
    public string Verb(int depth = 0) => depth < Path.Count ? Path[depth].ToLowerInvariant() : "";

    /// <summary>The trimmed value of an option, or null when it was left out or empty.</summary>
    public string? Get(string name) => Values.TryGetValue(name, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>A boolean option, or null when it was left out.</summary>
    public bool? Flag(string name) => Get(name) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}

/// <summary>A command record parsed from the text line or from <see cref="CommandOptions"/>, or the problem to tell the member.</summary>
public sealed record ParsedCommand<T>(T? Command, string? Problem)
    where T : class
{
    public static ParsedCommand<T> Ok(T command) => new(command, null);

    public static ParsedCommand<T> Fail(string problem) => new(null, problem);

    public static implicit operator ParsedCommand<T>(T command) => Ok(command);
}
