using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DiscussionBot.Core.Operations;
using DiscussionBot.Host.Console;
using DiscussionBot.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace DiscussionBot.Host.Tests;

/// <summary>The operations endpoint of the real host: /healthz, /readyz and /metrics.</summary>
public sealed class OperationsEndpointTests(ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_running_host_process_answers_healthz_readyz_and_metrics_with_its_own_counts()
    {
        using var runner = new HostRunner();
        await using var host = new HostProcess(runner.StartInfo("console"));
        var web = await host.WebAddressAsync();

        var health = await Http.GetAsync(new Uri(web, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("alive", (await health.Content.ReadAsStringAsync()).Trim());

        var ready = await Http.GetAsync(new Uri(web, "/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using (var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
        {
            Assert.True(body.RootElement.GetProperty("ready").GetBoolean());
            Assert.True(body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("ready").GetBoolean());
            Assert.Empty(body.RootElement.GetProperty("platforms").EnumerateObject());
        }

        // A member's commands, a poll and a vote, through the console of the same process.
        await host.Process.StandardInput.WriteLineAsync("/help");
        await host.Process.StandardInput.WriteLineAsync("/poll \"Build the tower?\" \"yes\" \"no\"");
        await host.Process.StandardInput.WriteLineAsync("/vote 1 1");
        await host.Process.StandardInput.WriteLineAsync("/nosuchcommand");
        await host.Process.StandardInput.FlushAsync();
        await host.WaitForStdoutAsync(l => l.StartsWith("[#4]", StringComparison.Ordinal));

        var metrics = await Http.GetAsync(new Uri(web, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("discussionbot_commands_total{command=\"help\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_commands_total{command=\"poll\",outcome=\"ok\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_commands_total{command=\"unknown\",outcome=\"invalid\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_command_duration_seconds_count{command=\"help\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_command_duration_seconds_bucket{command=\"help\",le=", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_votes_written_total 1", text, StringComparison.Ordinal);
        Assert.Contains("discussionbot_writer_queue_depth 0", text, StringComparison.Ordinal);
        Assert.Contains("process_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_answers_503_naming_the_platform_while_it_is_down_and_200_once_it_is_back()
    {
        using var runner = new HostRunner();
        using var input = new BlockingReader();
        var io = new ConsoleIO(input, TextWriter.Null, Interactive: false);
        using var host = BotHost.CreateBuilder([.. HostRunner.WithPrivatePort([$"--Storage:DatabasePath={runner.DatabasePath}"])], HostMode.Console, io).Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var web = new Uri(host.Services.GetRequiredService<WebEndpointService>().Addresses[0]);
            var board = host.Services.GetRequiredService<PlatformHealth>();

            // What an adapter does: expected at start, then down, then back.
            board.Expect("telegram");
            var starting = await ReadyzAsync(web);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.Status);
            Assert.Equal("starting", starting.Body.GetProperty("platforms").GetProperty("telegram").GetProperty("state").GetString());

            board.Report("telegram", PlatformState.Reconnecting, "api.telegram.org unreachable; retrying in 4 s");
            var down = await ReadyzAsync(web);
            output.WriteLine($"/readyz with telegram down: {(int)down.Status}\n{down.Body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            Assert.False(down.Body.GetProperty("ready").GetBoolean());
            var telegram = down.Body.GetProperty("platforms").GetProperty("telegram");
            Assert.Equal("reconnecting", telegram.GetProperty("state").GetString());
            Assert.Equal("api.telegram.org unreachable; retrying in 4 s", telegram.GetProperty("detail").GetString());
            Assert.True(telegram.GetProperty("since").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
            Assert.True(down.Body.GetProperty("checks").GetProperty("database").GetProperty("ready").GetBoolean());

            board.Report("telegram", PlatformState.Connected);
            var up = await ReadyzAsync(web);
            Assert.Equal(HttpStatusCode.OK, up.Status);
            Assert.True(up.Body.GetProperty("ready").GetBoolean());
            Assert.Equal("connected", up.Body.GetProperty("platforms").GetProperty("telegram").GetProperty("state").GetString());

            // A second platform that fails keeps the bot unready, and says which one.
            board.Expect("discord");
            board.Report("discord", PlatformState.Failed, "Discord refused the token (4004)");
            var half = await ReadyzAsync(web);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, half.Status);
            Assert.Equal("connected", half.Body.GetProperty("platforms").GetProperty("telegram").GetProperty("state").GetString());
            Assert.Equal("failed", half.Body.GetProperty("platforms").GetProperty("discord").GetProperty("state").GetString());

            // /healthz does not care: the process is alive.
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(web, "/healthz"))).StatusCode);
        }
        finally
        {
            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task A_taken_port_is_one_clear_error_line_and_the_bot_goes_on_answering()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var runner = new HostRunner();
        await using var host = new HostProcess(runner.StartInfo("console", $"--Web:Urls=http://127.0.0.1:{port}"));

        var error = await host.WaitForStderrAsync(l => l.Contains("Web endpoint cannot listen", StringComparison.Ordinal));
        Assert.Contains($"http://127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.Contains("Web:Urls", error, StringComparison.Ordinal);

        await host.Process.StandardInput.WriteLineAsync("/help");
        await host.Process.StandardInput.FlushAsync();
        Assert.StartsWith("[#1] DiscussionBot", await host.WaitForStdoutAsync(l => l.StartsWith("[#1]", StringComparison.Ordinal)), StringComparison.Ordinal);
        host.Process.StandardInput.Close();
        Assert.Equal(0, await host.ExitCodeAsync());
        Assert.Single(host.Stderr.Split('\n'), l => l.Contains("Web endpoint", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(Uri web)
    {
        using var response = await Http.GetAsync(new Uri(web, "/readyz"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}

/// <summary>A console input nobody types into: ReadLine waits until the reader is disposed (then end of input).</summary>
internal sealed class BlockingReader : TextReader
{
    private readonly ManualResetEventSlim _closed = new();

    public override string? ReadLine()
    {
        _closed.Wait();
        return null;
    }

    protected override void Dispose(bool disposing)
    {
        _closed.Set();
        base.Dispose(disposing);
    }
}
