using System.Text.Json.Nodes;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Discord.Tests;

/// <summary>The whole bot against the loopback fake Discord: commands, deferrals, moderators, splitting, escaping.</summary>
public sealed class AdapterSessionTests
{
    private const string ManageGuild = "32";

    [Fact]
    public async Task A_session_identifies_registers_the_commands_and_answers_a_members_help_at_once()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        Assert.Equal((int)GatewayIntents.Bot, bot.Identify.GetProperty("intents").GetInt32());

        var put = await bot.Discord.WaitForRequestAsync(r => r.Method == "PUT");
        Assert.Equal($"/applications/{FakeDiscord.ApplicationId}/guilds/{DiscordBotHarness.GuildId}/commands", put.Path);
        var commands = put.Body!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => c["name"]!.GetValue<string>());
        Assert.DoesNotContain("start", commands.Keys); // hidden
        Assert.All(commands.Values, c => Assert.InRange(c["description"]!.GetValue<string>().Length, 1, 100));
        Assert.All(commands.Values, c => Assert.Equal("[0]", c["contexts"]!.ToJsonString()));
        Assert.Equal(ManageGuild, commands["settings"]["default_member_permissions"]!.GetValue<string>());
        Assert.Null(commands["help"]["default_member_permissions"]);
        Assert.Equal("words", commands["search"]["options"]![0]!["name"]!.GetValue<string>());
        Assert.True(commands["search"]["options"]![0]!["required"]!.GetValue<bool>());
        Assert.True(commands["results"]["options"]![0]!["autocomplete"]!.GetValue<bool>());
        Assert.Null(commands["topics"]["options"]);

        var help = await bot.CommandAsync("help");
        Assert.Equal(4, help.Body!["type"]!.GetValue<int>());
        Assert.Null(help.Body["data"]!["flags"]);
        Assert.Contains("DiscussionBot", help.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[]", help.Body["data"]!["allowed_mentions"]!["parse"]!.ToJsonString());

        var one = await bot.CommandAsync("help", options: [("command", "poll")]);
        Assert.Contains("/poll", one.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // GUILD_CREATE named the community.
        Assert.Equal("Readers **Club**", bot.Get<ICommunityStore>().Find("discord:" + DiscordBotHarness.GuildId)!.Title);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_slow_command_is_deferred_then_its_original_response_is_edited()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "slowtest"));
        var edit = await bot.Discord.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal));

        var requests = bot.Discord.ForInteraction(id);
        Assert.Equal(5, requests[0].Body!["type"]!.GetValue<int>());
        Assert.EndsWith("/messages/@original", edit.Path, StringComparison.Ordinal);
        Assert.Equal("slow done", edit.Body!["content"]!.GetValue<string>());
        Assert.Equal(2, requests.Count);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_command_that_overruns_the_deferral_threshold_is_deferred_too()
    {
        await using var bot = await DiscordBotHarness.StartAsync(new() { ["Discord:DeferAfterMilliseconds"] = "150" });
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "laggy", options: [("arguments", "a b")]));
        var edit = await bot.Discord.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal));

        Assert.Equal(5, bot.Discord.ForInteraction(id)[0].Body!["type"]!.GetValue<int>());
        Assert.Equal("laggy done: a b", edit.Body!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_moderator_command_is_refused_privately_to_a_member_and_runs_for_one_with_manage_server()
    {
        await using var bot = await DiscordBotHarness.StartAsync();

        var refused = await bot.CommandAsync("settings", permissions: "0");
        Assert.Equal(4, refused.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, refused.Body["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("moderators only", refused.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var allowed = await bot.CommandAsync("settings", permissions: "2147483680", userId: DiscordBotHarness.Moderator);
        Assert.Null(allowed.Body!["data"]!["flags"]);
        Assert.Contains("poll", allowed.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        // Administrator (8) counts as Manage Server.
        var admin = await bot.CommandAsync("settings", permissions: "8", userId: DiscordBotHarness.Moderator, options: [("arguments", "autosummary on")]);
        Assert.Null(admin.Body!["data"]!["flags"]);
        Assert.Equal("on", bot.Get<ICommunityStore>().Find("discord:" + DiscordBotHarness.GuildId)!.Settings["autosummary"]);
    }

    [Fact]
    public async Task An_article_title_with_everyone_and_markdown_pings_nobody_and_shows_literally()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var answer = await bot.CommandAsync("title");

        var data = answer.Body!["data"]!;
        var content = data["content"]!.GetValue<string>();
        Assert.Equal("[]", data["allowed_mentions"]!["parse"]!.ToJsonString());
        Assert.StartsWith("**\\@everyone \\*\\*Breaking\\*\\* \\<\\@123> \\_news\\_ # not a heading**\n\\# Rents rise\n", content, StringComparison.Ordinal);
        Assert.Contains("[source (2024)](<https://example.org/a_%28b%29>)", content, StringComparison.Ordinal);
        Assert.DoesNotContain(" @everyone", content, StringComparison.Ordinal);

        // The post is about an article: its message id was learned (with_response) and recorded for reactions.
        Assert.Contains("with_response=true", answer.Query, StringComparison.Ordinal);
        var messageId = (await bot.Discord.ResponseToAsync(answer))["resource"]!["message"]!["id"]!.GetValue<string>();
        var key = $"discord:{DiscordBotHarness.ChannelId}:{messageId}";
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<IPostLog>().Find(key) is not null, "the bot post to be recorded");
        var post = bot.Get<IPostLog>().Find(key);
        Assert.Equal((PostKind.Article, 7), (post!.Kind, post.ArticleId!.Value));
    }

    [Fact]
    public async Task A_five_thousand_character_reply_is_split_under_two_thousand_into_the_response_and_followups()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "long"));
        await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal) && r.Path.Contains("itoken-" + id, StringComparison.Ordinal), count: 2);
        await Task.Delay(100);

        var requests = bot.Discord.ForInteraction(id);
        var contents = new List<string> { requests[0].Body!["data"]!["content"]!.GetValue<string>() };
        contents.AddRange(requests.Skip(1).Select(r => r.Body!["content"]!.GetValue<string>()));
        Assert.InRange(contents.Count, 3, 4);
        Assert.All(contents, c => Assert.InRange(c.Length, 500, 2000));
        Assert.StartsWith("Sentence 0 ", contents[0], StringComparison.Ordinal);
        Assert.Contains("Sentence 94 ", contents[^1], StringComparison.Ordinal);
        Assert.Contains("answer\\_with \\*stars\\*", contents[1], StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_plain_message_reaches_the_message_handlers_and_bots_are_ignored()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000001", "ping", bot: true));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000002", "ping", bot: false));

        var post = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{DiscordBotHarness.ChannelId}/messages");
        Assert.Equal("pong to Alice", post.Body!["content"]!.GetValue<string>());
        await Task.Delay(200);
        Assert.Single(bot.Discord.RequestsTo("POST", "/channels/"));
    }

    [Fact]
    public async Task A_configured_moderator_role_makes_a_member_a_moderator()
    {
        await using var bot = await DiscordBotHarness.StartAsync(new() { ["Discord:ModeratorRoleIds:0"] = "610000000000000001" });
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "audit", roles: ["610000000000000001"]));
        var answer = await bot.Discord.WaitForRequestAsync(r => r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal));
        Assert.Null(answer.Body!["data"]!["flags"]);
    }

    private static string Message(string id, string content, bool bot) => new JsonObject
    {
        ["id"] = id,
        ["channel_id"] = DiscordBotHarness.ChannelId,
        ["guild_id"] = DiscordBotHarness.GuildId,
        ["content"] = content,
        ["author"] = new JsonObject { ["id"] = bot ? "290000000000000001" : DiscordBotHarness.Member, ["username"] = bot ? "otherbot" : "alice", ["global_name"] = bot ? null : "Alice", ["bot"] = bot },
        ["member"] = new JsonObject { ["roles"] = new JsonArray() },
    }.ToJsonString();
}
