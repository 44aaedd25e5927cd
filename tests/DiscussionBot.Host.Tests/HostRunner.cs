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
        var all = WithPrivatePort(args).Append($"--Storage:DatabasePath={DatabasePath}").Append($"--Console:AttachmentDirectory={Path.Combine(Directory, "out")}").ToArray();
        var code = await Cli.CommandLine.InvokeAsync(all, io).WaitAsync(TimeSpan.FromMinutes(2));
        return (code, output.ToString());
    }

    /// <summary>Starts the built binary as a child process, as a user would run it.</summary>
    public Process Start(params string[] args) =>
        Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start the host");

    /// <summary>How <see cref="Start"/> runs the binary (<c>dotnet discussionbot.dll args…</c> in <see cref="Directory"/>,
    /// on a port of its own, with its own database), for tests that change the environment or the launcher first.</summary>
    public ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "discussionbot.dll"));
        foreach (var arg in WithPrivatePort(args))
        {
            info.ArgumentList.Add(arg);
        }
        info.ArgumentList.Add($"--Storage:DatabasePath={DatabasePath}");
        info.ArgumentList.Add($"--Console:AttachmentDirectory={Path.Combine(Directory, "out")}");
        return info;
    }

    /// <summary>Every test host listens on a port the system picks (its real port is in the log line "Web endpoint
    /// listening on …"), so hosts run side by side never collide on the default 5080.</summary>
    public static IEnumerable<string> WithPrivatePort(IEnumerable<string> args)
    {
        var list = args.ToList();
        return list.Any(a => a.StartsWith("--Web:Urls", StringComparison.OrdinalIgnoreCase)) ? list : list.Append("--Web:Urls=http://127.0.0.1:0");
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
