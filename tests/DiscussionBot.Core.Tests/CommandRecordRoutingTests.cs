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

    [Fact]
    public async Task A_members_record_is_refused_as_a_moderator_command_and_changes_nothing()
    {
        using var bot = new TestBot();

        var reply = await bot.SendAsync(Received(bot, TestBot.Member, "topic", new TopicAdd("rail", ""), "add rail"));

        Assert.Equal(ReplyKind.Refusal, reply!.Kind);
        Assert.Contains("moderators only", reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Null(bot.Get<ITopicStore>().Find(TestBot.Where.CommunityKey, "rail"));
    }

    [Fact]
    public async Task A_record_whose_text_is_over_the_commands_limit_is_refused_before_the_handler()
    {
        using var bot = new TestBot();
        var text = new string('x', 1200);

        var reply = await bot.SendAsync(Received(bot, TestBot.Moderator, "topic", new TopicAdd("rail", text), "add rail " + text));

        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains("too long for /topic", reply.Text.ToPlainText(), StringComparison.Ordinal);
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
