namespace DiscussionBot.Host.Console;

/// <summary>The console chat's input and output: the process's own in a terminal, strings in tests.</summary>
public sealed record ConsoleIO(TextReader In, TextWriter Out, bool Interactive)
{
    public static ConsoleIO Process() =>
        new(System.Console.In, System.Console.Out, !System.Console.IsInputRedirected);
}
