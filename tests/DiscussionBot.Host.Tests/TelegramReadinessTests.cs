using System.Net;
using System.Text.Json;
using DiscussionBot.Testing.Telegram;

namespace DiscussionBot.Host.Tests;

/// <summary>The real host against the fake Bot API, end to end through the operations endpoint: /readyz is 503 while
/// the Bot API is down (at start, and again after it was up) and 200 once it answers.</summary>
public sealed class TelegramReadinessTests
{
    private const string Token = "7000001:TEST-token_for-the-fake";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Readyz_is_503_while_the_bot_api_is_down_and_200_after_it_returns()
    {
        var port = FakeBotApi.FreePort();
        using var runner = new HostRunner();
        await using var host = new HostProcess(runner.StartInfo($"--Telegram:BotToken={Token}", $"--Telegram:ApiBaseUrl=http://127.0.0.1:{port}",
            "--Telegram:RetryMaxDelaySeconds=2", "--Telegram:PollingTimeoutSeconds=1"));
        var web = await host.WebAddressAsync();

        // Down from the start: nothing listens on the Bot API's port.
        await host.WaitForStderrAsync(l => l.Contains("Telegram getMe failed", StringComparison.Ordinal));
        var down = await ReadyzAsync(web);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("reconnecting", Telegram(down.Body).GetProperty("state").GetString());
        Assert.Contains("getMe failed", Telegram(down.Body).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var api = await FakeBotApi.StartAsync(Token, port: port);
        try
        {
            await WaitForReadyzAsync(web, HttpStatusCode.OK, "connected");
            api.SendText(601, 601, "/help");
            await api.WaitForMessageAsync(601, m => m.Visible.Contains("/summary", StringComparison.Ordinal), "the help reply", timeoutMs: 30_000);
        }
        finally
        {
            await api.DisposeAsync();
        }

        // Down again after it was up: polling fails, and readiness follows.
        await WaitForReadyzAsync(web, HttpStatusCode.ServiceUnavailable, "reconnecting");
        await using var back = await FakeBotApi.StartAsync(Token, port: port);
        await WaitForReadyzAsync(web, HttpStatusCode.OK, "connected");
        Assert.False(host.Process.HasExited);
    }

    private static JsonElement Telegram(JsonElement body) => body.GetProperty("platforms").GetProperty("telegram");

    /// <summary>Asks /readyz until it says what is expected (the host reports on its own schedule), with a time limit.</summary>
    private static async Task WaitForReadyzAsync(Uri web, HttpStatusCode status, string state)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var now = await ReadyzAsync(web);
            if (now.Status == status && Telegram(now.Body).GetProperty("state").GetString() == state)
            {
                return;
            }
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"/readyz stayed {(int)now.Status} {now.Body}, expected {(int)status} with telegram {state}");
            }
            await Task.Delay(100, limit.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(Uri web)
    {
        using var response = await Http.GetAsync(new Uri(web, "/readyz"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}
