using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Discord.Tests;

/// <summary>Interactions under load, autocomplete, and native poll answers identified by answer_id.</summary>
public sealed class AdapterInteractionTests
{
    [Fact]
    public async Task An_interaction_waiting_for_a_lane_slot_is_deferred_from_its_arrival_before_the_slot_frees()
    {
        await using var bot = await DiscordBotHarness.StartAsync(new()
        {
            ["Discord:MaxConcurrentInteractions"] = "1",
            ["Discord:DeferAfterMilliseconds"] = "300",
        });
        var busy = bot.NextInteractionId();
        var waiting = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(busy, "laggy"));
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(waiting, "topics"));

        var deferral = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{waiting}/", StringComparison.Ordinal));
        var busyDone = await bot.Discord.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains("itoken-" + busy, StringComparison.Ordinal));
        var waitingDone = await bot.Discord.WaitForRequestAsync(r => r.Method == "PATCH" && r.Path.Contains("itoken-" + waiting, StringComparison.Ordinal));

        // The only slot was held by /laggy (900 ms) the whole time: the deferral came from the clock started on arrival.
        Assert.Equal(5, deferral.Body!["type"]!.GetValue<int>());
        Assert.True(deferral.ReceivedAt < busyDone.ReceivedAt, "deferred while the lane slot was still taken");
        Assert.Contains("topic", waitingDone.Body!["content"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, bot.Discord.ForInteraction(waiting).Count);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task Autocomplete_suggests_the_communitys_topics_matching_what_was_typed()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var community = "discord:" + DiscordBotHarness.GuildId;
        var topics = bot.Get<ITopicStore>();
        topics.Insert(new Topic { CommunityId = community, Slug = "housing" });
        topics.Insert(new Topic { CommunityId = community, Slug = "transit" });
        topics.Insert(new Topic { CommunityId = "discord:999", Slug = "hospitals" });
        var id = bot.NextInteractionId();

        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Autocomplete(id, "articles", "topic", "hou"));
        var callback = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal));

        Assert.Equal(8, callback.Body!["type"]!.GetValue<int>());
        var choices = callback.Body["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
        Assert.Equal(["housing"], choices);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task Autocomplete_never_offers_more_than_25_choices_or_names_over_100_characters()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var community = "discord:" + DiscordBotHarness.GuildId;
        var topics = bot.Get<ITopicStore>();
        for (var i = 0; i < 40; i++)
        {
            topics.Insert(new Topic { CommunityId = community, Slug = $"topic-{i:00}-" + new string('x', 90) });
        }

        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Autocomplete(id, "articles", "topic", ""));
        var callback = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal));

        var choices = callback.Body!["data"]!["choices"]!.AsArray();
        Assert.Equal(25, choices.Count);
        Assert.All(choices, c => Assert.InRange(c!["name"]!.GetValue<string>().Length, 1, 100));
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task Autocomplete_suggests_the_communitys_polls_by_number_and_question()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "poll", "32", DiscordBotHarness.Moderator,
            options: [("arguments", "\"Build the tower?\" \"Yes\" \"No\"")]));
        await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{id}/", StringComparison.Ordinal));
        var poll = Assert.Single(bot.Get<IPollStore>().ByCommunity("discord:" + DiscordBotHarness.GuildId));
        var ask = bot.NextInteractionId();

        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Autocomplete(ask, "results", "poll", "tower"));
        var callback = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.StartsWith($"/interactions/{ask}/", StringComparison.Ordinal));

        var choice = Assert.Single(callback.Body!["data"]!["choices"]!.AsArray())!;
        Assert.Equal(poll.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), choice["value"]!.GetValue<string>());
        Assert.Contains("Build the tower?", choice["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task Native_poll_votes_are_mapped_by_answer_id_even_when_discord_numbers_answers_out_of_order()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        int[] answerIds = [7, 3, 12];
        bot.Discord.PollAnswerId = n => answerIds[n];
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "poll", "32", DiscordBotHarness.Moderator,
            options: [("arguments", "\"Build the tower?\" \"Yes\" \"No\" \"Later\"")]));
        var pollPost = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal)
            && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));
        var messageId = (await bot.Discord.ResponseToAsync(pollPost))["id"]!.GetValue<string>();
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<IPlatformPollMap>().Find("discord", messageId) is not null, "the platform poll to be recorded");
        var mapped = bot.Get<IPlatformPollMap>().Find("discord", messageId)!;

        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, DiscordBotHarness.Member, 3));
        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, DiscordBotHarness.Moderator, 12));
        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, DiscordBotHarness.Moderator, 1)); // no such answer
        var events = bot.Get<IEventLog>();
        await DiscordBotHarness.EventuallyAsync(() => events.VotesOf(mapped.PollId).Count == 2, "two votes to be committed");

        Assert.Equal([7, 3, 12], mapped.AnswerIds);
        var votes = events.VotesOf(mapped.PollId).OrderBy(v => v.Seq).Select(v => v.Options.ToArray()).ToList();
        Assert.Equal([[1], [2]], votes); // "No" and "Later", not "Yes" and nothing
    }

    private static string Vote(string messageId, string userId, int answerId) =>
        $$"""{"user_id":"{{userId}}","channel_id":"{{DiscordBotHarness.ChannelId}}","message_id":"{{messageId}}","guild_id":"{{DiscordBotHarness.GuildId}}","answer_id":{{answerId}}}""";
}
