namespace DiscussionBot.Host.Console;

/// <summary>The console chat's input and output: the process's own in a terminal, strings in tests.</summary>
public sealed record ConsoleIO(TextReader In, TextWriter Out, bool Interactive)
{
    /// <summary>Input that ends before its first line means there was nothing to run (the default command with no
    /// platform, fed an empty pipe): exit code 4 with a line saying so, instead of a silent clean stop.</summary>
    public bool RequireInput { get; init; }

    public static ConsoleIO Process() =>
        new(System.Console.In, System.Console.Out, !System.Console.IsInputRedirected);
}
