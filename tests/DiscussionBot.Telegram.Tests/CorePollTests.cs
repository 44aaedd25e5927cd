using DiscussionBot.Core.Storage;
using DiscussionBot.Testing.Telegram;
using DiscussionBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Telegram.Tests;

/// <summary>Core's own poll feature through Telegram: /poll becomes a native poll, poll_answer feeds its votes.</summary>
public sealed class CorePollTests
{
    [Fact]
    public async Task Votes_a_changed_vote_and_a_retraction_on_a_native_poll_are_counted_by_core()
    {
        const long group = -4001;
        using var dir = new TempDirectory();
        await using var api = await FakeBotApi.StartAsync();
        api.SetAdministrators(group, 10);
        await using var bot = await BotHarness.StartAsync(api, dir.File("bot.db"), recordVotes: false);

        api.SendText(group, 10, "/poll \"Should the tower go ahead?\" \"Yes\" \"No\"");
        var poll = await api.WaitForMessageAsync(group, m => m.Method == "sendPoll", "the native poll", 15_000);
        Assert.Equal("Should the tower go ahead?", poll.Visible);
        var map = bot.Services.GetRequiredService<IPlatformPollMap>();
        await FakeBotApi.WaitUntilAsync(() => map.Find("telegram", poll.PollId!) is not null, "the poll's mapping");

        var votes = api.EnqueueBatch(
            api.PollAnswerUpdate(poll.PollId!, 20, 0),
            api.PollAnswerUpdate(poll.PollId!, 21, 0),
            api.PollAnswerUpdate(poll.PollId!, 21, 1),
            api.PollAnswerUpdate(poll.PollId!, 22, 1),
            api.PollAnswerUpdate(poll.PollId!, 22));
        var ledger = bot.Services.GetRequiredService<UpdateLedger>();
        await FakeBotApi.WaitUntilAsync(() => votes.All(ledger.IsHandled), "the votes");
        var before = api.Messages.Count;
        api.SendText(group, 20, "/results 1");
        string Results() => string.Join("\n", api.Messages.Skip(before).Select(m => m.Method + ": " + m.Visible));
        await FakeBotApi.WaitUntilAsync(() => Results().Contains("Yes", StringComparison.Ordinal), "the results");
        Assert.Contains("sendPhoto", Results(), StringComparison.Ordinal); // the chart
        // 20: Yes. 21: Yes, then changed to No. 22: No, then withdrawn.
        Assert.Contains("1. Yes: 1 (50%)", Results(), StringComparison.Ordinal);
        Assert.Contains("2. No: 1 (50%)", Results(), StringComparison.Ordinal);
        Assert.Contains("2 voter(s)", Results(), StringComparison.Ordinal);
    }
}
