using System.Net;
using System.Net.Sockets;
using System.Text;
using DiscussionBot.Core.Operations;
using DiscussionBot.Testing.Telegram;
using DiscussionBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Telegram.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task Webhook_mode_registers_the_hook_refuses_a_wrong_secret_and_handles_a_redelivery_once()
    {
        using var dir = new TempDirectory();
        await using var api = await FakeBotApi.StartAsync();
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(api, dir.File("bot.db"), settings: new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/hook",
            ["Telegram:WebhookSecret"] = "s3cret_token-1",
            ["Telegram:WebhookListenUrl"] = $"http://127.0.0.1:{port}",
        });
        await FakeBotApi.WaitUntilAsync(() => api.Calls("setWebhook").Count == 1, "setWebhook");
        var registration = api.Calls("setWebhook")[0].Parameters;
        Assert.Equal("s3cret_token-1", registration["secret_token"]!.GetValue<string>());
        Assert.Contains("message_reaction", registration["allowed_updates"]!.ToJsonString(), StringComparison.Ordinal);
        var health = bot.Services.GetRequiredService<PlatformHealth>();
        await FakeBotApi.WaitUntilAsync(() => health.Snapshot().Any(p => p is { Platform: "telegram", State: PlatformState.Connected }), "connected once the webhook is set");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var update = api.MessageUpdate(-3001, 20, "/note hooked");
        update["update_id"] = 77;
        async Task<HttpStatusCode> PostAsync(string secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/hook") { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("wrong"));
        Assert.Empty(bot.Recorder.Notes);
        Assert.Equal(HttpStatusCode.OK, await PostAsync("s3cret_token-1"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("s3cret_token-1")); // Telegram's redelivery
        await api.WaitForMessageAsync(-3001, m => m.Visible == "noted hooked", "the reply");
        Assert.Equal(["hooked"], bot.Recorder.Notes.ToArray());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
