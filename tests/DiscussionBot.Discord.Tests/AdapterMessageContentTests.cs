using System.Text.Json.Nodes;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Operations;
using DiscussionBot.Discord.Adapter;

namespace DiscussionBot.Discord.Tests;

/// <summary>
/// Without the Message Content intent Discord still delivers the content of DMs and of messages that mention the bot
/// (gateway.mdx, "Message Content Intent"): links there are summarised; only links posted plainly in channels are not.
/// </summary>
public sealed class AdapterMessageContentTests
{
    private const string BotUser = DiscordBotHarness.BotUserId;
    private const string Link = "https://herald.example/news/tower-rents";

    [Fact]
    public async Task Without_message_content_a_link_that_mentions_the_bot_or_comes_in_a_dm_is_summarised_and_help_and_readyz_say_what_is_off()
    {
        const string dmChannel = "400000000000000009";
        await using var bot = await DiscordBotHarness.StartAsync();
        await bot.Gateway.CloseAsync(4014, "Disallowed intent(s).");
        await bot.ReconnectAsync();
        await DiscordBotHarness.EventuallyAsync(() => Discord(bot).State == PlatformState.Degraded, "Discord to report degraded");
        Assert.IsType<AddOutcome.Added>(bot.Get<ArticleLibrary>().Add(new ArticleDraft("Council weighs tower rents",
            "The council met on Tuesday to weigh the rents of the new tower. Tenants asked for a cap on increases. The developer said rents would follow the market.",
            Source: "herald.example", Url: Link), "test"));

        // A link posted plainly: no answer (Discord would not even send its text). Same channel, so it is handled before the next.
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000011", Link, DiscordBotHarness.GuildId, DiscordBotHarness.ChannelId, mentionsBot: false));
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000012", $"<@{BotUser}> {Link}", DiscordBotHarness.GuildId, DiscordBotHarness.ChannelId, mentionsBot: true));
        var inChannel = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{DiscordBotHarness.ChannelId}/messages");
        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000013", Link, guildId: null, dmChannel, mentionsBot: false));
        var inDm = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{dmChannel}/messages");
        var help = await bot.CommandAsync("help");

        Assert.Contains("Council weighs tower rents", inChannel.Body!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(bot.Discord.RequestsTo("POST", $"/channels/{DiscordBotHarness.ChannelId}/messages"));
        Assert.Contains("Council weighs tower rents", inDm.Body!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(DiscordHelpNote.NoMessageContent, help.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("messages that mention the bot, and DMs, still are", Discord(bot).Detail, StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task With_message_content_help_has_no_note_and_a_mention_with_a_link_is_summarised_even_with_autosummary_off()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        bot.Get<ArticleLibrary>().Add(new ArticleDraft("Council weighs tower rents", "The council met on Tuesday to weigh the rents of the new tower. Tenants asked for a cap.",
            Source: "herald.example", Url: Link), "test");

        await bot.DispatchAsync("MESSAGE_CREATE", Message("950000000000000021", $"<@!{BotUser}>   {Link} ", DiscordBotHarness.GuildId, DiscordBotHarness.ChannelId, mentionsBot: false));
        var answer = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path == $"/channels/{DiscordBotHarness.ChannelId}/messages");
        var help = await bot.CommandAsync("help");

        Assert.Contains("Council weighs tower rents", answer.Body!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Message Content", help.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<@200000000000000001> https://a.example/x", "300", true, "https://a.example/x")]
    [InlineData("hello <@!200000000000000001>", "300", false, "hello")]
    [InlineData("https://a.example/x", null, false, "https://a.example/x")]
    [InlineData("https://a.example/x", "300", false, null)]
    [InlineData("<@200000000000000002> https://a.example/x", "300", false, null)]
    public void A_message_is_addressed_to_the_bot_in_a_dm_or_when_it_mentions_the_bot(string content, string? guildId, bool inMentions, string? expected)
    {
        var message = new DiscordMessage("1", "2", new DiscordUser("9", "alice"), content, guildId,
            Mentions: inMentions ? [new DiscordUser(BotUser, "DiscussionBot", Bot: true)] : []);

        Assert.Equal(expected, GatewayEventHandler.AddressedText(message, BotUser));
    }

    private static PlatformStatus Discord(DiscordBotHarness bot) => bot.Get<PlatformHealth>().Snapshot().Single(s => s.Platform == "discord");

    private static string Message(string id, string content, string? guildId, string channelId, bool mentionsBot)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["channel_id"] = channelId,
            ["content"] = content,
            ["author"] = new JsonObject { ["id"] = DiscordBotHarness.Member, ["username"] = "alice", ["global_name"] = "Alice" },
            ["mentions"] = mentionsBot ? new JsonArray(new JsonObject { ["id"] = BotUser, ["username"] = "DiscussionBot", ["bot"] = true }) : new JsonArray(),
        };
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
            message["member"] = new JsonObject { ["roles"] = new JsonArray() };
        }

        return message.ToJsonString();
    }
}
