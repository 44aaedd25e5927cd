using System.Text.Json.Nodes;
using DiscussionBot.Core.Library;
using DiscussionBot.Discord.Adapter;
using DiscussionBot.Core.Operations;
using DiscussionBot.Core.Storage;
using DiscussionBot.Testing.Discord;

namespace DiscussionBot.Discord.Tests;

/// <summary>
/// Without the Message Content intent, mentions of the bot and DMs are the only messages whose text the bot sees: a text
/// command in them ("@bot /help", "/help" in a DM) runs through the router as the slash command would, with its rights.
/// </summary>
public sealed class AdapterMentionCommandTests
{
    private const string BotUser = DiscordBotHarness.BotUserId;
    private const string Channel = DiscordBotHarness.ChannelId;
    private const string DmChannel = "400000000000000019";
    private const string ModeratorRole = "610000000000000077";
    private const string HelpHeader = "summaries, contrasting viewpoints, contested claims and polls";

    [Fact]
    public async Task Without_message_content_help_by_mention_in_a_channel_and_help_in_a_dm_are_answered_and_a_plain_channel_help_is_ignored()
    {
        await using var bot = await WithoutMessageContentAsync();

        // One channel, one lane: when "pong" is posted, the two messages before it have been handled.
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000101", "/help", DiscordBotHarness.GuildId, Channel, mentionsBot: false));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000102", $"<@{BotUser}> /help", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000103", $"<@{BotUser}> ping", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel) && Content(r).StartsWith("pong", StringComparison.Ordinal));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000104", "/help", guildId: null, DmChannel, mentionsBot: false));
        var inDm = await bot.Discord.WaitForRequestAsync(r => IsPost(r, DmChannel));

        var helpsInChannel = bot.Discord.RequestsTo("POST", $"/channels/{Channel}/messages").Where(r => Content(r).Contains(HelpHeader, StringComparison.Ordinal)).ToList();
        var help = Assert.Single(helpsInChannel);
        Assert.Contains(DiscordHelpNote.NoMessageContent, Content(help), StringComparison.Ordinal);
        Assert.Contains(HelpHeader, Content(inDm), StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_mentioned_command_gets_its_arguments_as_the_text_after_the_command_name()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000111", $"<@!{BotUser}>  /LAGGY \"tower rents\"  now ", DiscordBotHarness.GuildId, Channel, mentionsBot: false));
        var answer = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));

        Assert.Equal("laggy done: \"tower rents\"  now", Content(answer));
    }

    [Fact]
    public async Task A_moderator_command_by_mention_is_refused_to_a_member_with_the_routers_message_and_run_for_a_moderator_role()
    {
        await using var bot = await WithoutMessageContentAsync(new() { ["Discord:ModeratorRoleIds:0"] = ModeratorRole });

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000121", $"<@{BotUser}> /settings poll.duration 36h", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        var refusal = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));
        var afterMember = Duration(bot);
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000122", $"<@{BotUser}> /settings poll.duration 36h", DiscordBotHarness.GuildId, Channel, mentionsBot: true,
            author: DiscordBotHarness.Moderator, roles: [ModeratorRole]));
        await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel), count: 2);

        Assert.Equal("/settings is for moderators only: it changes the community's configuration. "
            + "With Manage Server but no moderator role, use the /settings slash command: a message shows the bot your roles, not your permissions.", Content(refusal));
        Assert.Equal("24h", afterMember);
        Assert.Equal("36h", Duration(bot));
    }

    [Fact]
    public async Task An_answer_for_the_asker_alone_is_not_posted_in_a_channel_by_mention_but_is_in_a_dm()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000131", $"<@{BotUser}> /whisper", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        var inChannel = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000132", "/whisper", guildId: null, DmChannel, mentionsBot: false));
        var inDm = await bot.Discord.WaitForRequestAsync(r => IsPost(r, DmChannel));

        Assert.DoesNotContain(WhisperCommand.Secret, Content(inChannel), StringComparison.Ordinal);
        Assert.Contains("use the /whisper slash command, whose answer only you see", Content(inChannel), StringComparison.Ordinal);
        Assert.StartsWith(WhisperCommand.Secret, Content(inDm), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_command_by_mention_shows_the_bot_typing_before_its_answer_and_a_quick_one_does_not()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000141", $"<@{BotUser}> /title", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000142", $"<@{BotUser}> /slowtest", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel) && Content(r) == "slow done");

        var toChannel = bot.Discord.Requests.Where(r => r.Path.StartsWith($"/channels/{Channel}/", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        Assert.Equal([$"/channels/{Channel}/messages", $"/channels/{Channel}/typing", $"/channels/{Channel}/messages"], toChannel);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_refused_typing_indicator_does_not_keep_a_slow_command_from_answering()
    {
        await using var bot = await WithoutMessageContentAsync();
        bot.Discord.Responder = r => r.Path.EndsWith("/typing", StringComparison.Ordinal) ? new FakeResponse(403, """{"code":50013,"message":"Missing Permissions"}""") : null;

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000151", $"<@{BotUser}> /slowtest", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        var answer = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));

        Assert.Equal("slow done", Content(answer));
        Assert.Single(bot.Discord.RequestsTo("POST", $"/channels/{Channel}/typing"));
    }

    private static async Task<DiscordBotHarness> WithoutMessageContentAsync(Dictionary<string, string?>? settings = null)
    {
        var bot = await DiscordBotHarness.StartAsync(settings);
        await bot.Gateway.CloseAsync(4014, "Disallowed intent(s).");
        await bot.ReconnectAsync();
        await DiscordBotHarness.EventuallyAsync(
            () => bot.Get<PlatformHealth>().Snapshot().Single(s => s.Platform == "discord").State == PlatformState.Degraded, "Discord to report degraded");
        return bot;
    }

    private static string Duration(DiscordBotHarness bot) =>
        CommunitySettings.Get(bot.Get<ICommunityStore>().Find($"discord:{DiscordBotHarness.GuildId}")!, CommunitySettings.PollDuration);

    private static bool IsPost(RecordedRequest request, string channelId) => request.Method == "POST" && request.Path == $"/channels/{channelId}/messages";

    private static string Content(RecordedRequest request) => request.Body!["content"]!.GetValue<string>();

    private static string Message(string id, string content, string? guildId, string channelId, bool mentionsBot,
        string author = DiscordBotHarness.Member, string[]? roles = null)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["content"] = content,
            ["author"] = new JsonObject { ["id"] = author, ["username"] = "alice", ["global_name"] = "Alice" },
            ["mentions"] = mentionsBot ? new JsonArray(new JsonObject { ["id"] = BotUser, ["username"] = "DiscussionBot", ["bot"] = true }) : new JsonArray(),
        };
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
            message["member"] = new JsonObject { ["roles"] = new JsonArray([.. (roles ?? []).Select(r => JsonValue.Create(r))]) };
        }

        return message.ToJsonString();
    }
}
