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

        Assert.Equal("/settings is for moderators only: it changes the community's configuration.", Content(refusal));
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

    [Fact]
    public async Task Manage_Server_or_Administrator_from_a_role_and_owning_the_guild_each_run_a_moderator_command_by_mention_and_a_plain_role_does_not()
    {
        await using var bot = await WithoutMessageContentAsync();
        await bot.DispatchAsync("GUILD_CREATE", DiscordBotHarness.GuildCreate(DiscordBotHarness.Owner, "0",
            (ManagersRole, ManageGuild), (AdminsRole, Administrator), (ReadersRole, SendMessages)));

        await SettingByMentionAsync(bot, "950000000000000161", "25h", DiscordBotHarness.Member, ReadersRole);
        Assert.Equal("24h", Duration(bot));
        await SettingByMentionAsync(bot, "950000000000000162", "30h", DiscordBotHarness.Member, ReadersRole, ManagersRole);
        Assert.Equal("30h", Duration(bot));
        await SettingByMentionAsync(bot, "950000000000000163", "36h", DiscordBotHarness.Member, AdminsRole);
        Assert.Equal("36h", Duration(bot));
        await SettingByMentionAsync(bot, "950000000000000164", "40h", DiscordBotHarness.Owner);
        Assert.Equal("40h", Duration(bot));
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task Manage_Server_on_everyone_makes_every_member_a_moderator_by_mention()
    {
        await using var bot = await WithoutMessageContentAsync();
        await bot.DispatchAsync("GUILD_CREATE", DiscordBotHarness.GuildCreate(DiscordBotHarness.Owner, ManageGuild));

        await SettingByMentionAsync(bot, "950000000000000165", "30h", DiscordBotHarness.Member);

        Assert.Equal("30h", Duration(bot));
    }

    [Fact]
    public async Task A_role_created_updated_or_deleted_changes_who_moderates_by_mention_from_the_next_message_on()
    {
        await using var bot = await WithoutMessageContentAsync();
        await bot.DispatchAsync("GUILD_CREATE", DiscordBotHarness.GuildCreate(DiscordBotHarness.Owner, "0", (ManagersRole, SendMessages)));

        var refused = await SettingByMentionAsync(bot, "950000000000000171", "25h", DiscordBotHarness.Member, ManagersRole);
        Assert.Equal("24h", Duration(bot));
        await bot.DispatchAsync("GUILD_ROLE_UPDATE", RoleEvent(ManagersRole, ManageGuild));
        await SettingByMentionAsync(bot, "950000000000000172", "30h", DiscordBotHarness.Member, ManagersRole);
        Assert.Equal("30h", Duration(bot));
        await bot.DispatchAsync("GUILD_ROLE_DELETE", $$"""{"guild_id":"{{DiscordBotHarness.GuildId}}","role_id":"{{ManagersRole}}"}""");
        await SettingByMentionAsync(bot, "950000000000000173", "31h", DiscordBotHarness.Member, ManagersRole);
        Assert.Equal("30h", Duration(bot));
        await bot.DispatchAsync("GUILD_ROLE_CREATE", RoleEvent(AdminsRole, Administrator));
        await SettingByMentionAsync(bot, "950000000000000174", "36h", DiscordBotHarness.Member, AdminsRole);
        Assert.Equal("36h", Duration(bot));

        // With the guild known the refusal is the router's alone: there is nothing the member could do differently.
        Assert.Equal("/settings is for moderators only: it changes the community's configuration.", Content(refused));
    }

    [Fact]
    public async Task A_guild_update_that_hands_the_guild_to_a_new_owner_moves_the_owners_right_by_mention()
    {
        await using var bot = await WithoutMessageContentAsync();
        await bot.DispatchAsync("GUILD_CREATE", DiscordBotHarness.GuildCreate(DiscordBotHarness.Owner));

        await bot.DispatchAsync("GUILD_UPDATE", DiscordBotHarness.GuildCreate(DiscordBotHarness.Member));
        await SettingByMentionAsync(bot, "950000000000000181", "25h", DiscordBotHarness.Owner);
        Assert.Equal("24h", Duration(bot));
        await SettingByMentionAsync(bot, "950000000000000182", "30h", DiscordBotHarness.Member);

        Assert.Equal("30h", Duration(bot));
    }

    [Fact]
    public async Task In_a_guild_whose_roles_have_not_arrived_a_moderator_command_by_mention_is_refused_and_the_member_is_told_why()
    {
        await using var bot = await WithoutMessageContentAsync();
        const string NewGuild = "300000000000000002";

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000191", $"<@{BotUser}> /settings poll.duration 30h", NewGuild, Channel, mentionsBot: true,
            author: DiscordBotHarness.Owner, roles: [ManagersRole]));
        var refusal = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));

        Assert.Equal("/settings is for moderators only: it changes the community's configuration. "
            + "Discord has not yet sent the bot this server's roles, so Manage Server could not be checked: try again in a moment, or use the /settings slash command.",
            Content(refusal));
    }

    [Fact]
    public async Task A_mention_is_answered_as_a_reply_to_the_askers_message_that_pings_nobody()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000201", $"<@{BotUser}> ping", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        var answer = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));

        var reference = answer.Body!["message_reference"]!;
        Assert.Equal("950000000000000201", reference["message_id"]!.GetValue<string>());
        Assert.Equal(Channel, reference["channel_id"]!.GetValue<string>());
        Assert.False(reference["fail_if_not_exists"]!.GetValue<bool>());
        Assert.Equal("""{"parse":[],"replied_user":false}""", answer.Body["allowed_mentions"]!.ToJsonString());
        var created = await bot.Discord.ResponseToAsync(answer);
        Assert.Equal(19, created["type"]!.GetValue<int>());
        Assert.Equal("950000000000000201", created["referenced_message"]!["id"]!.GetValue<string>());
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_long_answer_by_mention_replies_with_its_first_message_only_and_a_dm_is_answered_as_a_reply_too()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000211", $"<@{BotUser}> /long", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel), count: 3);
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000212", "/help", guildId: null, DmChannel, mentionsBot: false));
        var inDm = await bot.Discord.WaitForRequestAsync(r => IsPost(r, DmChannel));

        var parts = bot.Discord.RequestsTo("POST", $"/channels/{Channel}/messages").ToList();
        Assert.Equal("950000000000000211", parts[0].Body!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.All(parts.Skip(1), p => Assert.Null(p.Body!["message_reference"]));
        Assert.Equal("950000000000000212", inDm.Body!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Null(inDm.Body["message_reference"]!["guild_id"]);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task An_answer_to_a_message_deleted_before_it_was_ready_is_posted_as_a_plain_message()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000221", $"<@{BotUser}> /slowtest", DiscordBotHarness.GuildId, Channel, mentionsBot: true), onServer: false);
        var answer = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel));

        Assert.Equal("slow done", Content(answer));
        var created = await bot.Discord.ResponseToAsync(answer);
        Assert.Equal(0, created["type"]!.GetValue<int>());
        Assert.Null(created["referenced_message"]);
    }

    [Fact]
    public async Task A_mention_naming_a_command_without_its_slash_runs_that_command_and_a_first_word_naming_none_stays_a_message()
    {
        await using var bot = await WithoutMessageContentAsync();

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000231", $"<@{BotUser}> help", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000232", $"<@{BotUser}> Laggy tower rents", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000233", $"<@{BotUser}> ping", DiscordBotHarness.GuildId, Channel, mentionsBot: true));
        var pong = await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel) && ReplyTo(r) == "950000000000000233");
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000234", "help", guildId: null, DmChannel, mentionsBot: false));
        var inDm = await bot.Discord.WaitForRequestAsync(r => IsPost(r, DmChannel));

        var posts = bot.Discord.RequestsTo("POST", $"/channels/{Channel}/messages");
        Assert.Contains(HelpHeader, Content(Assert.Single(posts, p => ReplyTo(p) == "950000000000000231")), StringComparison.Ordinal);
        Assert.Equal("laggy done: tower rents", Content(Assert.Single(posts, p => ReplyTo(p) == "950000000000000232")));
        Assert.StartsWith("pong", Content(pong), StringComparison.Ordinal);
        Assert.Contains(HelpHeader, Content(inDm), StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_burst_of_mentions_in_one_channel_is_answered_once_each_as_replies_without_a_request_on_an_exhausted_bucket()
    {
        await using var bot = await WithoutMessageContentAsync();
        // Discord's message bucket, made short so the burst spans three windows in about two seconds.
        bot.Discord.RateLimits.Rules = [new FakeBucketRule("POST", "/channels/{channel_id}/messages", "burst-bucket", 4, TimeSpan.FromSeconds(1))];
        var ids = Enumerable.Range(0, 10).Select(n => (950000000000000300 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        foreach (var id in ids)
        {
            await bot.DispatchAsync("MESSAGE_CREATE", Message(id, $"<@{BotUser}> ping", DiscordBotHarness.GuildId, Channel, mentionsBot: true, author: "5000000000000003" + id[^2..]));
        }

        await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel) && ReplyTo(r) == ids[^1], timeoutMs: 20_000);
        var posts = bot.Discord.RequestsTo("POST", $"/channels/{Channel}/messages");
        Assert.Equal(ids, posts.Select(ReplyTo));
        Assert.Empty(bot.Discord.RateLimitViolations);
        var replies = bot.Discord.StoredMessagesIn(Channel).Where(m => m["type"]?.GetValue<int>() == 19).Select(m => m["referenced_message"]!["id"]!.GetValue<string>());
        Assert.Equal(ids.Order(), replies.Order());
    }

    private static string? ReplyTo(RecordedRequest request) => request.Body?["message_reference"]?["message_id"]?.GetValue<string>();

    private const string ManagersRole = "610000000000000081";
    private const string AdminsRole = "610000000000000082";
    private const string ReadersRole = "610000000000000083";
    private const string ManageGuild = "32";
    private const string Administrator = "8";
    private const string SendMessages = "2048";

    /// <summary>Posts "/settings poll.duration" by mention as the member with those roles and waits for the answer.</summary>
    private static async Task<RecordedRequest> SettingByMentionAsync(DiscordBotHarness bot, string messageId, string duration, string author, params string[] roles)
    {
        await bot.DispatchAsync("MESSAGE_CREATE", Message(messageId, $"<@{BotUser}> /settings poll.duration {duration}", DiscordBotHarness.GuildId, Channel, mentionsBot: true,
            author: author, roles: roles));
        return await bot.Discord.WaitForRequestAsync(r => IsPost(r, Channel) && r.Body!["message_reference"]?["message_id"]?.GetValue<string>() == messageId);
    }

    private static string RoleEvent(string roleId, string permissions) => new JsonObject
    {
        ["guild_id"] = DiscordBotHarness.GuildId,
        ["role"] = DiscordBotHarness.Role(roleId, "changed", permissions, 5),
    }.ToJsonString();

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
