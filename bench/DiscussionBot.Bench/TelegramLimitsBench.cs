using System.Diagnostics;
using System.Globalization;
using DiscussionBot.Core;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Operations;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Telegram;
using DiscussionBot.Testing;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Bench;

/// <summary><c>telegram-limits [--messages N] [--scale S]</c>: N messages to one group and N to one private chat, all
/// queued at once, through the real messenger, send scheduler and Telegram.Bot client, against the loopback fake Bot
/// API enforcing Telegram's limits (1 message/s per chat, 20/min per group, 30/s overall; a 429 with retry_after when
/// broken). Target: no 429 from the fake, the group paced to 20/min, the private chat to 1/s. The bot and the fake
/// share one clock running S times faster than real time (S = 1 is a real-time run); every figure is in that clock.</summary>
public static class TelegramLimitsBench
{
    private const long Group = -1_001_234_567;
    private const long PrivateChat = 5_550_001;

    public static async Task<int> RunAsync(int messages, int scale, TextWriter output, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dbot-tglimits-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var clock = new ScaledTimeProvider(scale);
            await using var api = await FakeBotApi.StartAsync(clock: clock);
            api.EnforceLimits = true;

            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = api.Token,
                ["Telegram:ApiBaseUrl"] = api.BaseUrl,
                ["Telegram:PollingTimeoutSeconds"] = "1",
                ["Storage:DatabasePath"] = Path.Combine(directory, "bench.db"),
            });
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.AddDiscussionBotCore();
            builder.AddLiteDbStorage();
            builder.AddTelegram();
            using var host = builder.Build();
            await host.StartAsync(ct);
            var health = host.Services.GetRequiredService<PlatformHealth>();
            while (!health.AllReady)
            {
                await Task.Delay(10, ct);
            }

            var messenger = host.Services.GetRequiredService<TelegramMessenger>();
            var group = new ChatLocation(TelegramMessenger.PlatformName, Id(Group), Id(Group));
            var privateChat = new ChatLocation(TelegramMessenger.PlatformName, Id(PrivateChat), Id(PrivateChat));
            var started = clock.GetUtcNow();
            var wall = Stopwatch.StartNew();
            var sends = new List<Task<MessageRef?>>();
            for (var i = 1; i <= messages; i++)
            {
                sends.Add(messenger.SendAsync(group, Reply.Of($"group message {i}"), ct));
                sends.Add(messenger.SendAsync(privateChat, Reply.Of($"private message {i}"), ct));
            }
            // Generous: the group needs (N / 20) minutes; anything far beyond that is a failure, not a slow run.
            var limit = TimeSpan.FromMinutes(Math.Ceiling(messages / 20.0) + 2) / scale;
            await Task.WhenAll(sends).WaitAsync(limit, ct);
            var wallSeconds = wall.Elapsed.TotalSeconds;
            await host.StopAsync(CancellationToken.None);

            var delivered = sends.Count(s => s.Result is not null);
            var inGroup = api.MessagesTo(Group).Select(m => m.At).Order().ToList();
            var inPrivate = api.MessagesTo(PrivateChat).Select(m => m.At).Order().ToList();
            var all = api.Messages.Select(m => m.At).Order().ToList();

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"telegram-limits: {messages} messages to a group and {messages} to a private chat, queued at once; fake Bot API enforcing Telegram's limits"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  clock: bot and fake share one clock at x{scale} ({(scale == 1 ? "real time" : $"1 real second = {scale} clock seconds")}); run took {wallSeconds:0.0} s of real time"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  delivered: {delivered} of {sends.Count}; 429 answers from the fake: {api.LimitViolations}"));
            Describe(output, "group  ", inGroup, started);
            Describe(output, "private", inPrivate, started);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  overall: most in any 1 s window {MostInWindow(all, TimeSpan.FromSeconds(1))} (limit 30)"));

            var met = delivered == sends.Count && api.LimitViolations == 0
                && MostInWindow(inGroup, TimeSpan.FromMinutes(1)) <= 20
                && MinGap(inPrivate) >= TimeSpan.FromSeconds(1) - api.LimitTolerance
                && inPrivate[^1] - started < TimeSpan.FromSeconds(messages * 1.2 + 5);
            await output.WriteLineAsync(met ? "  targets met: no 429, group at most 20 in any minute, private chat one a second (not held to 20/min)" : "  TARGETS MISSED");
            return met ? 0 : 1;
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

    private static void Describe(TextWriter output, string name, List<DateTimeOffset> times, DateTimeOffset started)
    {
        if (times.Count < 2)
        {
            output.WriteLine($"  {name}: {times.Count} message(s)");
            return;
        }
        var span = times[^1] - times[0];
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {times.Count} sent, last at {(times[^1] - started).TotalSeconds:0.0} s; {(times.Count - 1) / span.TotalMinutes:0.0}/min on average; " +
            $"most in any 60 s window {MostInWindow(times, TimeSpan.FromMinutes(1))}; gap between messages min {gaps[0]:0.000} s, median {gaps[gaps.Count / 2]:0.000} s, max {gaps[^1]:0.0} s"));
    }

    private static int MostInWindow(List<DateTimeOffset> times, TimeSpan window) =>
        times.Count == 0 ? 0 : times.Max(t => times.Count(u => u >= t && u < t + window));

    private static TimeSpan MinGap(List<DateTimeOffset> times) =>
        times.Count < 2 ? TimeSpan.MaxValue : times.Zip(times.Skip(1), (a, b) => b - a).Min();

    private static string Id(long chat) => chat.ToString(CultureInfo.InvariantCulture);
}
