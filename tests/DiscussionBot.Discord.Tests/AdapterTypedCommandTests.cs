using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Discord.Tests;

/// <summary>Typed slash options reach the command records as the member typed them, over the real WebSocket gateway.</summary>
public sealed class AdapterTypedCommandTests
{
    [Fact]
    public async Task A_typed_command_that_will_fetch_a_link_is_deferred_at_once_and_one_that_looks_up_words_is_answered_directly()
    {
        // The deferral clock is at its longest: a deferral seen here comes from the command being slow, not from the clock.
        await using var bot = await DiscordBotHarness.StartAsync(new() { ["Discord:DeferAfterMilliseconds"] = "2500" });

        var byLink = await bot.CommandJsonAsync("viewpoints", """[{"name":"story","type":3,"value":"https://news.example/tower"},{"name":"poll","type":5,"value":true}]""");
        var byWords = await bot.CommandJsonAsync("viewpoints", """[{"name":"story","type":3,"value":"tower rents"},{"name":"poll","type":5,"value":true}]""");

        Assert.Equal(5, byLink.Body!["type"]!.GetValue<int>());
        Assert.Equal(4, byWords.Body!["type"]!.GetValue<int>());
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_typed_search_with_quotes_and_a_leading_slash_finds_the_article_and_echoes_the_query_as_typed()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var library = bot.Get<ArticleLibrary>();
        Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft("Council weighs tower rents",
            "The council met on Tuesday to weigh the rents of the new tower. Tenants asked for a cap on increases.", Source: "herald.example"), "test"));
        Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft("Ferry timetable changes",
            "The ferry runs every hour from May. Weekend sailings start earlier.", Source: "coast.example"), "test"));

        var callback = await bot.CommandAsync("search", options: [("words", "/council \"tower rents\"")]);

        var content = callback.Body!["data"]!["content"]!.GetValue<string>();
        Assert.Contains("/council \"tower rents\"", content, StringComparison.Ordinal);
        Assert.Contains("Council weighs tower rents", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Ferry", content, StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_typed_vote_naming_an_option_of_several_words_is_recorded_for_that_option()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        await bot.CommandAsync("poll", "32", DiscordBotHarness.Moderator, ("arguments", "\"Build the tower?\" \"Yes\" \"No\" \"Not sure\""));
        var community = "discord:" + DiscordBotHarness.GuildId;
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<IPollStore>().ByCommunity(community).Count == 1, "the poll to be stored");
        var poll = bot.Get<IPollStore>().ByCommunity(community).Single();

        var byText = await bot.CommandAsync("vote", options: [("poll", poll.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("options", "not sure")]);

        Assert.Contains($"Voted \"Not sure\" on poll {poll.Id}", byText.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var events = bot.Get<IEventLog>();
        await DiscordBotHarness.EventuallyAsync(() => events.VotesOf(poll.Id).Count == 1, "the vote to be committed");
        Assert.Equal([2], events.VotesOf(poll.Id).Single().Options);

        var byNumber = await bot.CommandAsync("vote", options: [("poll", poll.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("options", "1")]);
        Assert.Contains($"Vote changed to \"Yes\" on poll {poll.Id}", byNumber.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_typed_claim_starting_with_a_slash_and_holding_quotes_is_stored_exactly_as_typed()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var community = "discord:" + DiscordBotHarness.GuildId;
        var topic = bot.Get<ITopicStore>().Insert(new Topic { CommunityId = community, Slug = "housing" });

        var callback = await bot.CommandJsonAsync("claim", """
            [{"name":"add","type":1,"options":[{"name":"topic","type":3,"value":"housing"},{"name":"text","type":3,"value":"/r/housing says the \"new\" tower \"will\" raise rents"}]}]
            """, "32", DiscordBotHarness.Moderator);

        Assert.Contains("Added claim", callback.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/r/housing says the \"new\" tower \"will\" raise rents", bot.Get<IClaimStore>().ByTopic(community, topic.Id).Single().Text);
        Assert.Empty(bot.Discord.SchemaViolations);
    }
}
