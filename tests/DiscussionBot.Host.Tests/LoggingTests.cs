using System.Text.Json;
using DiscussionBot.Testing.Telegram;

namespace DiscussionBot.Host.Tests;

/// <summary>Logs an operator can use: formatters from configuration, on stderr, and never a token.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task At_trace_level_against_the_fake_bot_api_no_log_line_holds_the_bot_token()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var runner = new HostRunner();
        await using var host = new HostProcess(runner.StartInfo(
            $"--Telegram:BotToken={api.Token}",
            $"--Telegram:ApiBaseUrl={api.BaseUrl}",
            "--Telegram:PollingTimeoutSeconds=1",
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:System.Net.Http.HttpClient=Trace",
            "--Logging:LogLevel:Microsoft=Trace"));

        // A member asks for help; the bot answers through the Bot API (so requests carrying the token were made and logged).
        api.SendText(chatId: 4242, userId: 17, "/help");
        await api.WaitForMessageAsync(4242, m => m.Visible.Contains("DiscussionBot", StringComparison.Ordinal), "the answer to /help", timeoutMs: 60_000);
        await host.WaitForStderrAsync(l => l.Contains("sendMessage", StringComparison.Ordinal) && l.Contains("answered 200", StringComparison.Ordinal));
        host.Terminate();
        await host.ExitCodeAsync();

        var log = host.Stderr + "\n" + host.Stdout;
        var secret = api.Token.Split(':')[1];
        Assert.DoesNotContain(api.Token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(api.Token), log, StringComparison.Ordinal);
        // The HTTP lines are there, with the token cut out, at the level asked for.
        Assert.Contains(host.Stderr.Split('\n'), l => l.Contains("dbug: System.Net.Http.HttpClient", StringComparison.Ordinal) && l.Contains("/bot***/getUpdates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_formatter_named_in_configuration_writes_one_json_object_a_line_on_stderr_and_leaves_stdout_to_the_chat()
    {
        using var runner = new HostRunner();
        await using var host = new HostProcess(runner.StartInfo("console", "--Logging:Console:FormatterName=json"));
        await host.WebAddressAsync();
        await host.Process.StandardInput.WriteAsync("/help\n");
        host.Process.StandardInput.Close();
        Assert.Equal(0, await host.ExitCodeAsync());

        var lines = host.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("Web endpoint listening on", StringComparison.Ordinal));
        Assert.StartsWith("[#1] DiscussionBot", host.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("LogLevel", host.Stdout, StringComparison.Ordinal);
    }
}
