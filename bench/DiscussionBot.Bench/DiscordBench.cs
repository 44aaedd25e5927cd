using System.Diagnostics;
using System.Globalization;
using DiscussionBot.Discord.Rest;
using DiscussionBot.Testing.Discord;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Bench;

/// <summary>
/// The Discord adapter under a burst of interactions, against the loopback fake Discord (real WebSocket gateway, REST
/// with a fixed latency per call): the real host wiring of <see cref="DiscordBotHarness"/>. Two targets from issue 12:
/// 50 interactions at once with 300 ms per REST call and one <c>X-RateLimit-Remaining: 0</c> answer in the middle are
/// all acknowledged within 3 s of arrival; 200 slow commands at once are all deferred within 3 s.
/// </summary>
public static class DiscordBench
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(int interactions, int slowCommands, int mentions, int channels, int latencyMs, TextWriter output, CancellationToken ct)
    {
        output.WriteLine($"discord: real adapter vs loopback fake Discord, {latencyMs} ms per REST call, defaults (16 interaction lanes, deferral after 2000 ms); "
            + "the fake enforces Discord's limits (5 messages per 5 s per channel, 50 bot requests a second)");
        var burst = await BurstAsync("fast commands (/topics)", "topics", interactions, latencyMs, exhaustOne: true, output, ct);
        var slow = await BurstAsync("slow commands (/laggy, 900 ms each)", "laggy", slowCommands, latencyMs, exhaustOne: false, output, ct);
        var mentioned = await DiscordMentionBench.RunAsync(mentions, channels, latencyMs, output, ct);
        await SideBySideAsync(interactions, latencyMs, output);
        var met = burst && slow && mentioned;
        output.WriteLine(met
            ? "targets met: every interaction acknowledged within 3 s of arrival; every mention answered once, as a reply, with no request on an exhausted bucket"
            : "TARGET MISSED");
        return met ? 0 : 2;
    }

    private static async Task<bool> BurstAsync(string label, string command, int count, int latencyMs, bool exhaustOne, TextWriter output, CancellationToken ct)
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        // Registration is done before the burst, as in a bot that has been up a while.
        await bot.Discord.WaitForRequestAsync(r => r.Method == "PUT");
        bot.Discord.Latency = TimeSpan.FromMilliseconds(latencyMs);
        var ids = Enumerable.Range(0, count).Select(_ => bot.NextInteractionId()).ToList();
        var middle = ids[count / 2];
        if (exhaustOne)
        {
            bot.Discord.ExtraHeaders = r => r.Path.StartsWith($"/interactions/{middle}/", StringComparison.Ordinal)
                ? new Dictionary<string, string>
                {
                    ["X-RateLimit-Limit"] = "1",
                    ["X-RateLimit-Remaining"] = "0",
                    ["X-RateLimit-Reset-After"] = "5",
                    ["X-RateLimit-Bucket"] = "interaction-callback",
                }
                : null;
        }

        var arrived = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            arrived[id] = Stopwatch.GetTimestamp();
            await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, command));
        }

        var times = new List<TimeSpan>(count);
        var deferred = 0;
        foreach (var id in ids)
        {
            var callback = await bot.Discord.WaitForRequestAsync(
                r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal), timeoutMs: 60_000);
            times.Add(Stopwatch.GetElapsedTime(arrived[id], callback.ReceivedAt) + TimeSpan.FromMilliseconds(latencyMs));
            deferred += callback.Body?["type"]?.GetValue<int>() == 5 ? 1 : 0;
        }

        ct.ThrowIfCancellationRequested();
        times.Sort();
        var late = times.Count(t => t > Deadline);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {count} {label}: time to acknowledgement p50 {Ms(Percentile(times, 0.50))} ms, p99 {Ms(Percentile(times, 0.99))} ms, max {Ms(times[^1])} ms; "
            + $"{deferred} deferred, {count - deferred} answered at once; {late} later than 3 s; schema violations {bot.Discord.SchemaViolations.Count}"));
        return late == 0 && bot.Discord.SchemaViolations.Count == 0;
    }

    /// <summary>
    /// The REST client alone, side by side in one run: the same 50 requests at once, each with 300 ms latency and one
    /// <c>X-RateLimit-Remaining: 0</c> (reset 5 s) in the middle — as callbacks keyed per interaction (now), and as
    /// requests sharing one bucket (how every callback was keyed before: one semaphore, one exhausted bucket for all).
    /// </summary>
    private static async Task SideBySideAsync(int count, int latencyMs, TextWriter output)
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.Latency = TimeSpan.FromMilliseconds(latencyMs);
        // This compares the client's keying alone: the bucket's exhaustion is scripted, not Discord's 5 per 5 s.
        discord.RateLimits.Enabled = false;
        var exhausted = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "5",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "5",
            ["X-RateLimit-Bucket"] = "bench-bucket",
        };
        var middle = 0;
        discord.ExtraHeaders = r => Interlocked.Increment(ref middle) == count / 2 ? exhausted : null;
        var client = new DiscordRestClient(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(TimeProvider.System),
            NullLogger<DiscordRestClient>.Instance);

        var perInteraction = await TimeAllAsync(count, n =>
        {
            var id = (830000000000000000 + n).ToString(CultureInfo.InvariantCulture);
            return client.CreateInteractionResponseAsync(id, "itoken-" + id, InteractionResponse.Defer(), default);
        });
        Volatile.Write(ref middle, 0);
        var shared = await TimeAllAsync(count, n => client.CreateMessageAsync("400000000000000001", new MessagePayload("n" + n.ToString(CultureInfo.InvariantCulture)), default));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  side by side, REST only, {count} requests at once: keyed per interaction p50 {Ms(Percentile(perInteraction, 0.5))} ms, max {Ms(perInteraction[^1])} ms; "
            + $"one shared bucket (the old callback key) p50 {Ms(Percentile(shared, 0.5))} ms, max {Ms(shared[^1])} ms; "
            + $"p50 ratio {Percentile(shared, 0.5).TotalMilliseconds / Percentile(perInteraction, 0.5).TotalMilliseconds:0.0}x"));
    }

    private static async Task<List<TimeSpan>> TimeAllAsync(int count, Func<int, Task> send)
    {
        var start = Stopwatch.GetTimestamp();
        var times = await Task.WhenAll(Enumerable.Range(0, count).Select(async n =>
        {
            await send(n);
            return Stopwatch.GetElapsedTime(start);
        }));
        return [.. times.Order()];
    }

    internal static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
}
