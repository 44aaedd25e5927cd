using DiscussionBot.Core.Storage;
using DiscussionBot.Testing.Telegram;
using DiscussionBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Telegram.Tests;

public sealed class ReliabilityTests : IAsyncLifetime, IDisposable
{
    private const long GroupA = -2001;
    private const long GroupB = -2002;
    private const long Member = 20;

    private readonly TempDirectory _dir = new();
    private FakeBotApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_restart_in_the_middle_of_a_batch_neither_repeats_nor_skips_an_update()
    {
        var database = _dir.File("bot.db");
        var first = new Recorder { BlockOnBlock = true };
        var ids = _api.EnqueueBatch(
            _api.MessageUpdate(GroupA, Member, "/note a1"),
            _api.MessageUpdate(GroupB, Member, "/note b1"),
            _api.MessageUpdate(GroupA, Member, "/note block"),
            _api.MessageUpdate(GroupB, Member, "/note b2"),
            _api.MessageUpdate(GroupA, Member, "/note a2"),
            _api.MessageUpdate(GroupB, Member, "/note b3"));

        await using (var bot = await BotHarness.StartAsync(_api, database, first))
        {
            await first.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var ledger = bot.Services.GetRequiredService<UpdateLedger>();
            // Group B's updates go on while group A's third one is stuck.
            await FakeBotApi.WaitUntilAsync(() => new[] { ids[0], ids[1], ids[3], ids[5] }.All(ledger.IsHandled), "the other updates of the batch");
            Assert.False(ledger.IsHandled(ids[2]));
        } // stopped mid-batch: the stuck update is cancelled, the batch never confirmed

        Assert.Equal(["a1", "b1", "b2", "b3"], first.Notes.Order(StringComparer.Ordinal).ToArray());

        var second = new Recorder();
        await using (var bot = await BotHarness.StartAsync(_api, database, second))
        {
            await FakeBotApi.WaitUntilAsync(() => second.Notes.Count >= 2, "the rest of the batch after the restart");
            _api.SendText(GroupB, Member, "/note after");
            await FakeBotApi.WaitUntilAsync(() => second.Notes.Contains("after"), "a new update after the restart");
        }
        Assert.Equal(["block", "a2", "after"], second.Notes.ToArray());
    }

    [Fact]
    public async Task A_poison_update_is_dead_lettered_while_the_next_ones_are_handled()
    {
        // Every attempt at the first update fails (Telegram refuses to list its chat's administrators); the fault then clears.
        _api.Fail("getChatAdministrators", GroupA, 400, times: 3);
        await using var bot = await BotHarness.StartAsync(_api, _dir.File("bot.db"), settings: new Dictionary<string, string?> { ["Telegram:MaxAttemptsPerUpdate"] = "3" });
        var ids = _api.EnqueueBatch(
            _api.MessageUpdate(GroupA, Member, "/note poison"),
            _api.MessageUpdate(GroupB, Member, "/note other chat"),
            _api.MessageUpdate(GroupA, Member, "/note same chat later"));

        await FakeBotApi.WaitUntilAsync(() => bot.Recorder.Notes.Count == 2, "the two good updates");
        Assert.Equal(["other chat", "same chat later"], bot.Recorder.Notes.Order(StringComparer.Ordinal).ToArray());
        var state = bot.Services.GetRequiredService<IStateStore>();
        await FakeBotApi.WaitUntilAsync(() => state.Get(DeadLetter.KeyOf(ids[0])) is not null, "the dead letter");
        var letter = System.Text.Json.JsonSerializer.Deserialize<DeadLetter>(state.Get(DeadLetter.KeyOf(ids[0]))!)!;
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("/note poison", letter.Update, StringComparison.Ordinal);
        Assert.True(bot.Services.GetRequiredService<UpdateLedger>().IsHandled(ids[0]));
    }

    [Fact]
    public async Task A_429_in_one_chat_does_not_delay_another()
    {
        _api.Fail("sendMessage", GroupA, 429, times: 1, retryAfter: 30);
        await using var bot = await BotHarness.StartAsync(_api, _dir.File("bot.db"));
        _api.EnqueueBatch(_api.MessageUpdate(GroupA, Member, "/note first"), _api.MessageUpdate(GroupB, Member, "/note second"));

        await _api.WaitForMessageAsync(GroupB, m => m.Visible == "noted second", "group B's reply");
        await FakeBotApi.WaitUntilAsync(() => _api.Calls("sendMessage").Count(c => c.ChatId == GroupA) == 1, "group A's rate-limited attempt");
        await Task.Delay(100);
        Assert.Empty(_api.MessagesTo(GroupA)); // still waiting out retry_after

        bot.Time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        Assert.Empty(_api.MessagesTo(GroupA));
        await FakeBotApi.WaitUntilAsync(() =>
        {
            bot.Time.Advance(TimeSpan.FromSeconds(1));
            return _api.MessagesTo(GroupA).Count == 1;
        }, "group A's reply after retry_after");
        Assert.Equal("noted first", _api.MessagesTo(GroupA)[0].Visible);
    }

    [Fact]
    public async Task The_bot_asks_to_be_made_administrator_when_added_as_a_member()
    {
        await using var bot = await BotHarness.StartAsync(_api, _dir.File("bot.db"));
        _api.Enqueue(FakeBotApi.ChatMemberUpdate(GroupA, FakeBotApi.BotId, administrator: false, mine: true));
        var note = await _api.WaitForMessageAsync(GroupA, _ => true, "the note to moderators");
        Assert.Contains("administrator", note.Visible, StringComparison.Ordinal);
    }
}
