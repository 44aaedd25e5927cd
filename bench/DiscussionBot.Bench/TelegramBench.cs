using System.Diagnostics;
using System.Globalization;
using DiscussionBot.Core;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Telegram;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Bench;

/// <summary><c>discussionbot bench telegram [--updates N]</c>: updates handled per second end to end — the real
/// Telegram.Bot client long-polling a loopback fake Bot API, Core's router, LiteDB on a temporary file, and every
/// reply sent back through the send scheduler. The send limits are lifted so the figure is the bot's own capacity
/// (Telegram itself allows about 30 messages a second).</summary>
public static class TelegramBench
{
    private const int Chats = 50;

    public static async Task<int> RunAsync(int updates, TextWriter output, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dbot-tgbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var api = await FakeBotApi.StartAsync();
            for (var chat = 1; chat <= Chats; chat++)
            {
                api.SetAdministrators(-chat, 1);
            }
            // Members' commands over 50 groups: /topics reads the store, /help renders the longest reply.
            var script = Enumerable.Range(0, updates)
                .Select(i => api.MessageUpdate(-(i % Chats + 1), 1000 + i % 500, i % 4 == 0 ? "/help" : "/topics"))
                .ToArray();
            api.EnqueueBatch(script);

            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = api.Token,
                ["Telegram:ApiBaseUrl"] = api.BaseUrl,
                ["Telegram:PollingTimeoutSeconds"] = "1",
                ["Telegram:MessagesPerSecond"] = "100000",
                ["Telegram:MessagesPerMinutePerGroup"] = "10000",
                ["Telegram:SecondsBetweenMessagesPerChat"] = "0",
                ["Storage:DatabasePath"] = Path.Combine(directory, "bench.db"),
                ["Bot:CooldownSeconds"] = "0",
            });
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.AddDiscussionBotCore();
            builder.AddLiteDbStorage();
            builder.AddTelegram();
            using var host = builder.Build();

            var clock = Stopwatch.StartNew();
            await host.StartAsync(ct);
            var dispatcher = host.Services.GetRequiredService<UpdateDispatcher>();
            TimeSpan handledAt = default;
            while (api.Messages.Count < updates)
            {
                ct.ThrowIfCancellationRequested();
                if (handledAt == default && dispatcher.HandledCount >= updates)
                {
                    handledAt = clock.Elapsed;
                }
                if (clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    await output.WriteLineAsync($"telegram: timed out with {dispatcher.HandledCount:N0} updates handled and {api.Messages.Count:N0} replies sent");
                    return 1;
                }
                await Task.Delay(5, ct);
            }
            var repliedAt = clock.Elapsed;
            if (handledAt == default)
            {
                handledAt = repliedAt;
            }
            await host.StopAsync(CancellationToken.None);

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"telegram: {updates:N0} command updates in {Chats} groups, getUpdates batches of 100, loopback Bot API, LiteDB file"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  updates handled (routed, ledger written): {updates / handledAt.TotalSeconds,10:N0} updates/s ({handledAt.TotalSeconds:0.00} s, including start-up)"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  replies delivered (sendMessage answered): {updates / repliedAt.TotalSeconds,10:N0} updates/s ({repliedAt.TotalSeconds:0.00} s)"));
            await output.WriteLineAsync("  Telegram's own ceiling is about 30 messages/s: the bot is not the bottleneck when these figures are far above it.");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
