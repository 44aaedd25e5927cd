using System.Diagnostics;
using System.Text.RegularExpressions;
using DiscussionBot.Testing.Discord;
using DiscussionBot.Testing.Telegram;

namespace DiscussionBot.Host.Tests;

/// <summary>One poll across a linked Discord guild and Telegram group: the real host, both adapters, their loopback fakes.</summary>
public sealed partial class LinkedPollHostTests
{
    private const long Group = -1004242;
    private const long Admin = 4243;
    private const string Guild = "300000000000000001";
    private const string Channel = "400000000000000001";
    private const string ManageGuild = "32";

    [Fact]
    public async Task A_poll_started_in_telegram_runs_natively_in_the_linked_guild_and_the_combined_and_per_side_tallies_are_exact_across_a_restart()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var discord = await FakeDiscord.StartAsync();
        telegram.SetAdministrators(Group, Admin);
        using var runner = new HostRunner();
        string[] args =
        [
            "--Web:Urls=http://127.0.0.1:0",
            $"--Telegram:BotToken={telegram.Token}",
            $"--Telegram:ApiBaseUrl={telegram.BaseUrl}",
            $"--Discord:BotToken={FakeDiscord.BotToken}",
            $"--Discord:ApplicationId={FakeDiscord.ApplicationId}",
            $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}",
            $"--Discord:GuildIds:0={Guild}",
        ];
        var process = Start(runner, args);
        var sequence = 0;
        try
        {
            var gateway = await ConnectAsync(discord, () => ++sequence);

            // Telegram's administrator makes the code; Discord's Manage Server member confirms it.
            telegram.SendText(Group, Admin, "/link");
            var made = await telegram.WaitForMessageAsync(Group, m => m.Visible.Contains("Link code:", StringComparison.Ordinal), "the link code", 60_000);
            var code = LinkCode().Match(made.Visible).Groups[1].Value;
            var link = "810000000000000001";
            await gateway.SendAsync(GatewayJson.Dispatch("INTERACTION_CREATE", ++sequence, GatewayJson.Command(link, "link", ManageGuild, "500000000000000002", options: [("arguments", code)])));
            var linked = await discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{link}/", StringComparison.Ordinal), timeoutMs: 30_000);
            Assert.Contains("Linked with telegram:-1004242", linked.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

            // The poll starts in Telegram and is posted natively in the linked Discord channel too.
            telegram.SendText(Group, Admin, "/poll \"Extend the night bus?\" \"Yes\" \"No\"");
            var telegramPoll = await telegram.WaitForMessageAsync(Group, m => m.PollId is not null, "the Telegram poll", 30_000);
            var discordPost = await discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{Channel}/messages" && r.Body?["poll"] is not null, timeoutMs: 30_000);
            Assert.Equal("Extend the night bus?", discordPost.Body!["poll"]!["question"]!["text"]!.GetValue<string>());
            var discordMessage = (await discord.ResponseToAsync(discordPost))["id"]!.GetValue<string>();

            // Telegram: three members vote (two Yes, one No), and Telegram delivers one answer twice.
            var first = telegram.PollAnswerUpdate(telegramPoll.PollId!, 11, 0);
            telegram.EnqueueBatch(first, telegram.PollAnswerUpdate(telegramPoll.PollId!, 12, 0), telegram.PollAnswerUpdate(telegramPoll.PollId!, 13, 1));
            telegram.Enqueue(telegram.PollAnswerUpdate(telegramPoll.PollId!, 11, 0));
            await TelegramResultsAsync(telegram, "3 voter(s) in the linked communities together");

            // The host goes down in the middle of the poll and comes back.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            process = Start(runner, args);
            gateway = await ResumeAsync(discord, () => ++sequence);

            // Discord: two members vote natively (answer_id 1 = Yes, 2 = No); one Telegram account id reappears on Discord: another voter.
            await gateway.SendAsync(GatewayJson.Dispatch("MESSAGE_POLL_VOTE_ADD", ++sequence, Vote(discordMessage, "11", 1)));
            await gateway.SendAsync(GatewayJson.Dispatch("MESSAGE_POLL_VOTE_ADD", ++sequence, Vote(discordMessage, "500000000000000009", 2)));

            var expected = new[]
            {
                "1. Yes: 3 (60%)",
                "2. No: 2 (40%)",
                "5 voter(s) in the linked communities together",
                "telegram:-1004242: Yes 2, No 1 — 3 voter(s)",
                $"discord:{Guild}: Yes 1, No 1 — 2 voter(s)",
            };
            var asked = 0;
            string? seen = null;
            var last = "";
            var deadline = Stopwatch.StartNew();
            while (seen is null)
            {
                // The Discord votes are committed a moment after the gateway event: ask until they show (bounded).
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the Discord votes were not counted within 30 s; last answer: " + last);
                var id = $"81000000000000{++asked:D4}";
                await gateway.SendAsync(GatewayJson.Dispatch("INTERACTION_CREATE", ++sequence, GatewayJson.Command(id, "results", options: [("poll", "1")])));
                var answer = await discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal), timeoutMs: 30_000);
                // Discord's markdown: bold as **…**, list numbers escaped; compare the words.
                var content = (answer.Body?["data"]?["content"]?.GetValue<string>() ?? "").Replace("**", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
                last = content;
                if (expected.All(e => content.Contains(e, StringComparison.Ordinal)))
                {
                    seen = content;
                }
            }

            var inTelegram = await TelegramResultsAsync(telegram, "5 voter(s) in the linked communities together");
            Assert.All(expected, e => Assert.Contains(e, inTelegram.Visible, StringComparison.Ordinal));
            // The mirrored poll and the link's answer are valid Discord requests. (Interaction answers that carry the results
            // chart are reported by the schema check for a missing "attachments" entry: the adapter's, not this feature's.)
            Assert.Empty(discordPost.SchemaErrors);
            Assert.Empty(linked.SchemaErrors);
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

    /// <summary>Asks /results in the group until the answer shows <paramref name="expected"/> (votes are committed a moment
    /// after their update arrives), at most 30 s.</summary>
    private static async Task<FakeMessage> TelegramResultsAsync(FakeBotApi telegram, string expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var before = telegram.MessagesTo(Group).Count;
            telegram.SendText(Group, 14, "/results 1");
            var answer = await telegram.WaitForMessageAsync(Group, m => m.Visible.StartsWith("Poll 1:", StringComparison.Ordinal) && telegram.MessagesTo(Group).ToList().IndexOf(m) >= before, "the results", 30_000);
            if (answer.Visible.Contains(expected, StringComparison.Ordinal))
            {
                return answer;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"Telegram never showed \"{expected}\"; last: {answer.Visible}");
        }
    }

    private static Process Start(HostRunner runner, string[] args)
    {
        var process = runner.Start(args);
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.StandardInput.Close();
        return process;
    }

    private static async Task<FakeGatewayConnection> ConnectAsync(FakeDiscord discord, Func<int> next)
    {
        var gateway = await discord.AcceptGatewayAsync(60_000);
        await gateway.SendAsync(GatewayJson.Hello(45_000));
        await gateway.NextAsync(2, 30_000);
        await gateway.SendAsync(GatewayJson.Ready(next(), "host-session", discord.GatewayUrl));
        await gateway.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", next(), $$"""{"id":"{{Guild}}","name":"Readers","unavailable":false}"""));
        return gateway;
    }

    /// <summary>After the restart the host resumes the gateway session it stored, or identifies anew when it was killed
    /// before storing it: either way the guild is back.</summary>
    private static async Task<FakeGatewayConnection> ResumeAsync(FakeDiscord discord, Func<int> next)
    {
        var gateway = await discord.AcceptGatewayAsync(60_000);
        await gateway.SendAsync(GatewayJson.Hello(45_000));
        var first = await gateway.NextOfAsync([2, 6], 30_000);
        if (first.Op() == 6)
        {
            await gateway.SendAsync(GatewayJson.Resumed(next()));
        }
        else
        {
            await gateway.SendAsync(GatewayJson.Ready(next(), "host-session-2", discord.GatewayUrl));
            await gateway.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", next(), $$"""{"id":"{{Guild}}","name":"Readers","unavailable":false}"""));
        }
        return gateway;
    }

    private static string Vote(string messageId, string userId, int answerId) =>
        $$"""{"user_id":"{{userId}}","channel_id":"{{Channel}}","message_id":"{{messageId}}","guild_id":"{{Guild}}","answer_id":{{answerId}}}""";

    [GeneratedRegex("Link code: ([A-Z0-9]{8})")]
    private static partial Regex LinkCode();
}
