using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DiscussionBot.Testing.Discord;

namespace DiscussionBot.Bench;

/// <summary>
/// Commands by mention under a burst: <c>members</c> members each mention the bot once ("@bot help", "@bot /help",
/// "@bot /topics" in turn), spread over a few channels, as MESSAGE_CREATE over the real WebSocket gateway of the loopback
/// fake, which delays every REST call and enforces Discord's per-channel message bucket. Measured per mention: from the
/// gateway dispatch to its reply's POST reaching the fake; counted: mentions left unanswered, answered twice, answered
/// with something that is not a quiet reply (message_reference with fail_if_not_exists false, allowed_mentions
/// {"parse":[],"replied_user":false}), and requests the fake refused with 429 because the bot did not wait.
/// </summary>
public static class DiscordMentionBench
{
    private const string QuietMentions = """{"parse":[],"replied_user":false}""";

    public static async Task<bool> RunAsync(int members, int channelCount, int latencyMs, TextWriter output, CancellationToken ct)
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        await bot.Discord.WaitForRequestAsync(r => r.Method == "PUT");
        bot.Discord.Latency = TimeSpan.FromMilliseconds(latencyMs);
        var bucket = bot.Discord.RateLimits.Rules.Single(r => r.Method == "POST" && r.Template == "/channels/{channel_id}/messages");
        var channels = Enumerable.Range(1, channelCount).Select(c => (400000000000000200 + c).ToString(CultureInfo.InvariantCulture)).ToList();
        string[] asks = ["help", "/help", "/topics"];

        // Round robin over the channels, as members in several channels at once.
        var mentions = Enumerable.Range(0, members).Select(n => new Mention(
            (960000000000000000 + n).ToString(CultureInfo.InvariantCulture),
            channels[n % channelCount],
            (510000000000000000 + n).ToString(CultureInfo.InvariantCulture),
            asks[n % asks.Length])).ToList();
        var arrived = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var mention in mentions)
        {
            arrived[mention.Id] = Stopwatch.GetTimestamp();
            await bot.DispatchAsync("MESSAGE_CREATE", MessageJson(mention.Id, mention.Channel, mention.Member, $"<@{DiscordBotHarness.BotUserId}> {mention.Ask}"));
        }

        // A last "@bot ping" in each channel: one lane per channel, so its "pong" comes after every earlier mention there
        // was handled — the wait ends on an event, and a mention with no reply by then has none.
        var sentinels = channels.Select((c, i) => (Channel: c, Id: (969000000000000000 + i).ToString(CultureInfo.InvariantCulture))).ToList();
        foreach (var (channel, id) in sentinels)
        {
            await bot.DispatchAsync("MESSAGE_CREATE", MessageJson(id, channel, DiscordBotHarness.Member, $"<@{DiscordBotHarness.BotUserId}> ping"));
        }

        var budget = 30_000 + (int)(bucket.Window.TotalMilliseconds * (members / channelCount / bucket.Limit + 2));
        foreach (var (channel, id) in sentinels)
        {
            await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{channel}/messages" && ReplyTo(r) == id, timeoutMs: budget);
        }

        ct.ThrowIfCancellationRequested();
        var refused = bot.Discord.RateLimitViolations.Select(v => v.Request).ToHashSet(ReferenceEqualityComparer.Instance);
        var posts = bot.Discord.Requests.Where(r => r.Method == "POST" && channels.Any(c => r.Path == $"/channels/{c}/messages")).ToList();
        var stored = channels.SelectMany(bot.Discord.StoredMessagesIn).Where(m => m["author"]?["bot"]?.GetValue<bool>() == true).ToList();
        // The floor Discord's bucket alone sets: the j-th message the bot posts in a channel (replies and the parts of long
        // answers alike) cannot get in before window × (j / limit) after the burst began.
        var floorOf = posts.Where(p => !refused.Contains(p)).GroupBy(p => p.Path)
            .SelectMany(g => g.OrderBy(p => p.ReceivedAt).Select((p, j) => (Post: p, Floor: TimeSpan.FromTicks(bucket.Window.Ticks * (j / bucket.Limit)))))
            .ToDictionary(x => x.Post, x => x.Floor);
        var times = new List<TimeSpan>(members);
        var floors = new List<TimeSpan>(members);
        int missing = 0, duplicated = 0, notReplies = 0;
        var perAsk = asks.ToDictionary(a => a, _ => 0, StringComparer.Ordinal);
        foreach (var mention in mentions)
        {
            var accepted = posts.Where(p => ReplyTo(p) == mention.Id && !refused.Contains(p)).ToList();
            var created = stored.Count(m => m["referenced_message"]?["id"]?.GetValue<string>() == mention.Id);
            if (accepted.Count == 0)
            {
                missing++;
                continue;
            }

            perAsk[mention.Ask]++;
            duplicated += accepted.Count > 1 || created > 1 ? 1 : 0;
            var first = accepted[0];
            var quiet = first.Body!["message_reference"]!["fail_if_not_exists"]?.GetValue<bool>() == false
                && first.Body["allowed_mentions"]?.ToJsonString() == QuietMentions;
            notReplies += quiet && created >= 1 ? 0 : 1;
            times.Add(Stopwatch.GetElapsedTime(arrived[mention.Id], first.ReceivedAt));
            floors.Add(floorOf[first]);
        }

        // Parts after the first of a long answer follow it without a reference; anything else unreferenced is a stray.
        var unreferenced = posts.Count(p => ReplyTo(p) is null && !refused.Contains(p));
        times.Sort();
        floors.Sort();
        var violations = bot.Discord.RateLimitViolations;
        var line = times.Count == 0
            ? "no reply at all"
            : $"dispatch to reply POST p50 {DiscordBench.Ms(DiscordBench.Percentile(times, 0.50))} ms, p99 {DiscordBench.Ms(DiscordBench.Percentile(times, 0.99))} ms, "
              + $"max {DiscordBench.Ms(times[^1])} ms (the channel bucket alone, for the messages posted, allows p50 {DiscordBench.Ms(DiscordBench.Percentile(floors, 0.50))} ms, "
              + $"max {DiscordBench.Ms(floors[^1])} ms)";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {members} mentions at once in {channelCount} channels ({bucket.Limit} messages per {bucket.Window.TotalSeconds:0} s each): {line}; "
            + $"answered {string.Join(", ", perAsk.Select(p => $"\"{p.Key}\" {p.Value}/{mentions.Count(m => m.Ask == p.Key)}"))}; "
            + $"missing {missing}, duplicated {duplicated}, not quiet replies {notReplies}; {unreferenced} follow-on parts without a reference; "
            + $"429s {violations.Count} (bucket {violations.Count(v => v.Scope == "user")}, global {violations.Count(v => v.Scope == "global")}); "
            + $"schema violations {bot.Discord.SchemaViolations.Count}"));
        return missing == 0 && duplicated == 0 && notReplies == 0 && violations.Count == 0 && bot.Discord.SchemaViolations.Count == 0;
    }

    private static string? ReplyTo(RecordedRequest post) => post.Body?["message_reference"]?["message_id"]?.GetValue<string>();

    private static string MessageJson(string id, string channel, string author, string content) => new JsonObject
    {
        ["id"] = id,
        ["type"] = 0,
        ["channel_id"] = channel,
        ["guild_id"] = DiscordBotHarness.GuildId,
        ["content"] = content,
        ["author"] = new JsonObject { ["id"] = author, ["username"] = "member" + author[^3..], ["global_name"] = null },
        ["member"] = new JsonObject { ["roles"] = new JsonArray() },
        ["mentions"] = new JsonArray(new JsonObject { ["id"] = DiscordBotHarness.BotUserId, ["username"] = "DiscussionBot", ["bot"] = true }),
    }.ToJsonString();

    private sealed record Mention(string Id, string Channel, string Member, string Ask);
}
