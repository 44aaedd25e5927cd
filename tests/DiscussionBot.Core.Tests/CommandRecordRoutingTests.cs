using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Tests;

/// <summary>A command that arrives as its record (the dashboard's way) obeys the router's rules like a typed line, and its
/// handler takes the record as it is.</summary>
public sealed class CommandRecordRoutingTests
{
    private static CommandReceived Received(TestBot bot, ChatUser user, string name, ICommandRecord record, string line) =>
        new(TestBot.Where, user, bot.Time.GetUtcNow(), name, line, Record: record);

    [Fact]
    public async Task A_record_reaches_its_handler_with_its_text_untouched_by_the_chat_syntax()
    {
        using var bot = new TestBot();
        const string description = "\"quoted\" --hidden /topic remove x";

        var reply = await bot.SendAsync(Received(bot, TestBot.Moderator, "topic", new TopicAdd("rail", description), "add rail " + description));

        Assert.Equal(ReplyKind.Normal, reply!.Kind);
        Assert.Equal(description, bot.Get<ITopicStore>().Find(TestBot.Where.CommunityKey, "rail")?.Description);
    }

    [Theory]
    [InlineData(false, 10, ReplyKind.Refusal, "moderators only")]
    [InlineData(true, 1200, ReplyKind.Problem, "too long for /topic")]
    public async Task A_record_is_held_to_the_routers_rules_before_its_handler_runs_like_a_typed_line(bool moderator, int length, ReplyKind kind, string reason)
    {
        using var bot = new TestBot();
        var text = new string('x', length);

        var reply = await bot.SendAsync(Received(bot, moderator ? TestBot.Moderator : TestBot.Member, "topic", new TopicAdd("rail", text), "add rail " + text));

        Assert.Equal(kind, reply!.Kind);
        Assert.Contains(reason, reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Null(bot.Get<ITopicStore>().Find(TestBot.Where.CommunityKey, "rail"));
    }

    [Fact]
    public async Task A_record_of_another_command_gets_the_usage_and_its_text_is_not_read_as_a_command_line()
    {
        using var bot = new TestBot();

        var reply = await bot.SendAsync(Received(bot, TestBot.Moderator, "claim", new TopicAdd("rail", ""), "add rail a claim text"));

        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains(ClaimCommand.Usage, reply.Text.ToPlainText(), StringComparison.Ordinal);
    }
}
