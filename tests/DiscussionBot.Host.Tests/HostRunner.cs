using System.Diagnostics;
using DiscussionBot.Host.Console;

namespace DiscussionBot.Host.Tests;

/// <summary>Runs the real host: in-process through the CLI entry point with piped text, or as a child process.</summary>
public sealed class HostRunner : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("discussionbot-host-").FullName;

    public string DatabasePath => Path.Combine(Directory, "data", "bot.db");

    public string File(string name) => Path.Combine(Directory, name);

    /// <summary>Runs <c>discussionbot args…</c> with <paramref name="input"/> as stdin; returns the exit code and everything printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var io = new ConsoleIO(new StringReader(input), TextWriter.Synchronized(output), Interactive: false);
        var all = args.Append($"--Storage:DatabasePath={DatabasePath}").Append($"--Console:AttachmentDirectory={Path.Combine(Directory, "out")}").ToArray();
        var code = await Cli.CommandLine.InvokeAsync(all, io).WaitAsync(TimeSpan.FromMinutes(2));
        return (code, output.ToString());
    }

    /// <summary>Starts the built binary as a child process, as a user would run it.</summary>
    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "discussionbot.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add($"--Storage:DatabasePath={DatabasePath}");
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the host");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
