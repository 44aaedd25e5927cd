using System.Diagnostics;
using System.Text;
using DiscussionBot.Testing.Discord;
using DiscussionBot.Testing.Telegram;

namespace DiscussionBot.Host.Tests;

/// <summary>The real host with both platforms configured against the loopback fakes: one platform's trouble never stops the other.</summary>
public sealed class DiscordIntentFallbackTests
{
    private const long TelegramChat = 4242;
    private const long TelegramUser = 4243;
    private const string Guild = "300000000000000001";
    private const int MessageContent = 1 << 15;

    [Fact]
    public async Task Discord_closing_with_4014_reconnects_without_message_content_and_answers_slash_commands_while_telegram_keeps_answering()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var discord = await FakeDiscord.StartAsync();
        using var runner = new HostRunner();
        using var process = runner.Start(
            "--Web:Urls=http://127.0.0.1:0",
            $"--Telegram:BotToken={telegram.Token}",
            $"--Telegram:ApiBaseUrl={telegram.BaseUrl}",
            $"--Discord:BotToken={FakeDiscord.BotToken}",
            $"--Discord:ApplicationId={FakeDiscord.ApplicationId}",
            $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}",
            $"--Discord:GuildIds:0={Guild}");
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        try
        {
            telegram.SendText(TelegramChat, TelegramUser, "/help");
            await telegram.WaitForMessageAsync(TelegramChat, m => m.Visible.Contains("/summary", StringComparison.Ordinal), "Telegram's first /help", 60_000);

            // The application has no Message Content intent: Discord refuses the first identify.
            var refused = await discord.AcceptGatewayAsync(60_000);
            await refused.SendAsync(GatewayJson.Hello(45_000));
            var firstIntents = (await refused.NextAsync(2)).GetProperty("d").GetProperty("intents").GetInt32();
            await refused.CloseAsync(4014, "Disallowed intent(s).");

            var accepted = await discord.AcceptGatewayAsync(30_000);
            await accepted.SendAsync(GatewayJson.Hello(45_000));
            var secondIntents = (await accepted.NextAsync(2, 30_000)).GetProperty("d").GetProperty("intents").GetInt32();
            await accepted.SendAsync(GatewayJson.Ready(1, "host-session", discord.GatewayUrl));
            await accepted.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", 2, $$"""{"id":"{{Guild}}","name":"Readers","unavailable":false}"""));
            const string interaction = "810000000000000001";
            await accepted.SendAsync(GatewayJson.Dispatch("INTERACTION_CREATE", 3, GatewayJson.Command(interaction, "help")));
            var answer = await discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{interaction}/", StringComparison.Ordinal), timeoutMs: 30_000);

            telegram.SendText(TelegramChat, TelegramUser, "/topics");
            await telegram.WaitForMessageAsync(TelegramChat, m => m.Visible.Contains("topic", StringComparison.OrdinalIgnoreCase), "Telegram's answer after the 4014", 30_000);

            Assert.NotEqual(0, firstIntents & MessageContent);
            Assert.Equal(0, secondIntents & MessageContent);
            Assert.Equal(4, answer.Body!["type"]!.GetValue<int>());
            Assert.Contains("/summary", answer.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(discord.SchemaViolations);
            Assert.False(process.HasExited, "the host is still running");
            string written;
            lock (log)
            {
                written = log.ToString();
            }

            // One warning, saying where to enable the intent.
            Assert.Single(written.Split('\n'), line => line.Contains("Privileged Gateway Intents", StringComparison.Ordinal));
            Assert.DoesNotContain("crit", written, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
