using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DiscussionBot.Host.Tests;

/// <summary>A child process of the host whose stdout and stderr are collected line by line as they come, so a test
/// can wait for a line (with a time limit) instead of sleeping.</summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _err = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _pumps;

    public HostProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        Process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        _pumps = Task.WhenAll(PumpAsync(Process.StandardOutput, _out), PumpAsync(Process.StandardError, _err));
    }

    public Process Process { get; }

    public string Stdout => string.Join('\n', _out);

    public string Stderr => string.Join('\n', _err);

    public async Task<string> WaitForStderrAsync(Func<string, bool> match, TimeSpan? timeout = null) =>
        await WaitForAsync(_err, match, timeout ?? TimeSpan.FromSeconds(60), "stderr");

    public async Task<string> WaitForStdoutAsync(Func<string, bool> match, TimeSpan? timeout = null) =>
        await WaitForAsync(_out, match, timeout ?? TimeSpan.FromSeconds(60), "stdout");

    /// <summary>The base address of the web endpoint, from the host's log line.</summary>
    public async Task<Uri> WebAddressAsync()
    {
        var line = await WaitForStderrAsync(l => l.Contains("Web endpoint listening on", StringComparison.Ordinal));
        return new Uri(ListeningOn().Match(line).Groups["url"].Value);
    }

    /// <summary>Waits for the exit (all output read), with a time limit.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan? timeout = null)
    {
        await Process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        await _pumps.WaitAsync(TimeSpan.FromSeconds(10));
        return Process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd and docker stop send it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }

    private async Task<string> WaitForAsync(ConcurrentQueue<string> lines, Func<string, bool> match, TimeSpan timeout, string stream)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            if (lines.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (Process.HasExited && _pumps.IsCompleted)
            {
                throw new InvalidOperationException($"the host exited ({Process.ExitCode}) before the line came on {stream}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
            try
            {
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(500), limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no such line on {stream} within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
        }
    }

    private async Task PumpAsync(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
            _changed.Release();
        }
        _changed.Release();
    }

    [GeneratedRegex(@"listening on (?<url>http://[^,\s""]+)")]
    private static partial Regex ListeningOn();
}
