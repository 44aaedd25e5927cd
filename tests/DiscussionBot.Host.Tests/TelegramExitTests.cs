using System.Collections.Concurrent;
using System.Diagnostics;
using DiscussionBot.Testing.Telegram;

namespace DiscussionBot.Host.Tests;

/// <summary>The real host process against the fake Bot API: a refused token ends it with exit code 3 and one line naming
/// the key; Telegram unreachable for a while does not end it, and it answers once the Bot API is up.</summary>
public sealed class TelegramExitTests
{
    private const long Member = 501;

    [Fact]
    public async Task A_token_telegram_refuses_ends_the_process_with_exit_code_3_and_one_line_naming_the_key()
    {
        await using var api = await FakeBotApi.StartAsync();
        api.RevokeToken();
        using var runner = new HostRunner();
        using var host = new LoggedHost(runner.Start($"--Telegram:BotToken={api.Token}", $"--Telegram:ApiBaseUrl={api.BaseUrl}", "--Web:Urls=http://127.0.0.1:0"));

        var code = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, code);
        var critical = Assert.Single(host.Errors, l => l.Contains("crit:", StringComparison.Ordinal));
        Assert.Contains("Telegram:BotToken", critical, StringComparison.Ordinal);
        Assert.Contains("401", critical, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telegram_unreachable_for_20_seconds_does_not_end_the_process_and_it_answers_once_the_bot_api_is_up()
    {
        var port = FakeBotApi.FreePort();
        const string token = "7000001:TEST-token_for-the-fake";
        using var runner = new HostRunner();
        using var host = new LoggedHost(runner.Start($"--Telegram:BotToken={token}", $"--Telegram:ApiBaseUrl=http://127.0.0.1:{port}",
            "--Telegram:RetryMaxDelaySeconds=4", "--Telegram:PollingTimeoutSeconds=1", "--Web:Urls=http://127.0.0.1:0"));

        // Nothing listens on the port: the host retries getMe; wait for a retry 20 s after the first one.
        var first = await host.WaitForLineAsync(l => l.Line.Contains("Telegram getMe failed", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await host.WaitForLineAsync(l => l.Line.Contains("Telegram getMe failed", StringComparison.Ordinal) && l.At - first.At >= TimeSpan.FromSeconds(20),
            TimeSpan.FromSeconds(60));
        Assert.False(host.Process.HasExited, "the host ended while Telegram was unreachable");

        await using var api = await FakeBotApi.StartAsync(token, port: port);
        api.SendText(Member, Member, "/help");
        var help = await api.WaitForMessageAsync(Member, m => m.Visible.Contains("/summary", StringComparison.Ordinal), "the help reply", timeoutMs: 30_000);
        Assert.Contains("/viewpoints", help.Visible, StringComparison.Ordinal);
        Assert.False(host.Process.HasExited);
    }

    /// <summary>A started host process whose stderr (the log) is read line by line as it comes, each line with the time it
    /// arrived; killed when disposed.</summary>
    private sealed class LoggedHost : IDisposable
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentQueue<(TimeSpan At, string Line)> _lines = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public LoggedHost(Process process)
        {
            Process = process;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    _lines.Enqueue((_clock.Elapsed, line));
                    _arrived.Release();
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public Process Process { get; }

        public TimeSpan Elapsed => _clock.Elapsed;

        public IReadOnlyList<string> Errors => _lines.Select(l => l.Line).ToList();

        /// <summary>Waits for a log line (with the time it arrived, from the start of the process) that matches.</summary>
        public async Task<(TimeSpan At, string Line)> WaitForLineAsync(Func<(TimeSpan At, string Line), bool> match, TimeSpan limit)
        {
            var deadline = _clock.Elapsed + limit;
            while (true)
            {
                foreach (var line in _lines)
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
                var left = deadline - _clock.Elapsed;
                if (left <= TimeSpan.Zero || Process.HasExited && _arrived.CurrentCount == 0)
                {
                    throw new TimeoutException("no matching log line; the host wrote:\n" + string.Join('\n', Errors));
                }
                await _arrived.WaitAsync(left);
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan limit)
        {
            await Process.WaitForExitAsync().WaitAsync(limit);
            Process.WaitForExit(); // the redirected streams are read to their end
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }
            Process.Dispose();
            _arrived.Dispose();
        }
    }
}
