using System.CommandLine;

namespace DiscussionBot.Host.Cli;

/// <summary>The text-analysis tools: summarize, stories, eval, bench.</summary>
internal static class TextCommandLine
{
    public static void Add(RootCommand root, TextWriter stdout, TextWriter stderr)
    {
        _ = root;
        _ = stdout;
        _ = stderr;
    }
}
