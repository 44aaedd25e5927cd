using System.Text.Json;
using System.Text.Json.Nodes;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Adapter;
using DiscussionBot.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiscussionBot.Discord.Tests;

/// <summary>Polls end to end: native polls with votes, final counts and reactions; anonymous polls as our own buttons.</summary>
public sealed class AdapterPollTests
{
    private const string Voter2 = "500000000000000003";

    [Fact]
    public async Task A_poll_is_posted_natively_and_per_answer_vote_events_reach_core_as_whole_option_sets()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "poll", "32", DiscordBotHarness.Moderator,
            options: [("arguments", "\"Is the tower @everyone's business?\" \"Yes\" \"No\" \"Unsure\" --multiple --duration 2d")]));
        var pollPost = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal)
            && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));

        var callback = bot.Discord.ForInteraction(id)[0];
        Assert.Equal(4, callback.Body!["type"]!.GetValue<int>());
        Assert.Contains("Poll", callback.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var poll = pollPost.Body!["poll"]!;
        Assert.Equal("Is the tower @\u200Beveryone's business?", poll["question"]!["text"]!.GetValue<string>());
        Assert.Equal(["Yes", "No", "Unsure"], poll["answers"]!.AsArray().Select(a => a!["poll_media"]!["text"]!.GetValue<string>()));
        Assert.Equal(48, poll["duration"]!.GetValue<int>());
        Assert.True(poll["allow_multiselect"]!.GetValue<bool>());
        Assert.Empty(bot.Discord.SchemaViolations);

        var messageId = (await bot.Discord.ResponseToAsync(pollPost))["id"]!.GetValue<string>();
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<IPlatformPollMap>().Find("discord", messageId) is not null, "the platform poll to be recorded");
        var pollId = bot.Get<IPlatformPollMap>().Find("discord", messageId)!.PollId;

        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, DiscordBotHarness.Member, 1));
        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, DiscordBotHarness.Member, 2));
        await bot.DispatchAsync("MESSAGE_POLL_VOTE_REMOVE", Vote(messageId, DiscordBotHarness.Member, 1));
        await bot.DispatchAsync("MESSAGE_POLL_VOTE_ADD", Vote(messageId, Voter2, 3));
        var events = bot.Get<IEventLog>();
        await DiscordBotHarness.EventuallyAsync(() => events.VotesOf(pollId).Count == 4, "four votes to be committed");

        var votes = events.VotesOf(pollId).OrderBy(v => v.Seq).ToList();
        Assert.Equal([[0], [0, 1], [1]], votes.Where(v => v.Voter == votes[0].Voter).Select(v => v.Options.ToArray()));
        Assert.Equal([2], votes.Single(v => v.Voter != votes[0].Voter).Options);

        // Reactions on the poll post are logged with what the post is about; clearing them all logs removals.
        await bot.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(messageId, DiscordBotHarness.Member, """{"id":null,"name":"👍"}"""));
        await bot.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(messageId, Voter2, """{"id":"777000000000000001","name":"party"}"""));
        await bot.DispatchAsync("MESSAGE_REACTION_ADD", Reaction("999999999999999999", Voter2, """{"id":null,"name":"👍"}"""));
        await bot.DispatchAsync("MESSAGE_REACTION_REMOVE_ALL", $$"""{"channel_id":"{{DiscordBotHarness.ChannelId}}","message_id":"{{messageId}}","guild_id":"{{DiscordBotHarness.GuildId}}"}""");
        var community = "discord:" + DiscordBotHarness.GuildId;
        await DiscordBotHarness.EventuallyAsync(() => events.ReactionsOfCommunity(community).Count == 4, "four reaction events");
        var reactions = events.ReactionsOfCommunity(community).OrderBy(r => r.Seq).ToList();
        Assert.Equal(["👍+", "<:party:777000000000000001>+"], reactions.Take(2).Select(r => r.Emoji + (r.Added ? "+" : "-")));
        Assert.All(reactions, r => Assert.Equal((PostKind.Poll, pollId), (r.Kind, r.PollId!.Value)));
        Assert.Equal(2, reactions.Count(r => !r.Added));

        // After a crash, RESUME redelivers events under their session and sequence: logged once, however often they come.
        var replay = new GatewayDispatch("MESSAGE_REACTION_ADD",
            JsonDocument.Parse(Reaction(messageId, Voter2, """{"id":null,"name":"🔥"}""")).RootElement, 900, "resumed-session");
        for (var i = 0; i < 2; i++)
        {
            await using var scope = bot.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<GatewayEventHandler>().HandleAsync(replay, CancellationToken.None);
            await Task.Delay(5); // a later arrival time, as a real redelivery has
        }

        Assert.Single(events.ReactionsOfCommunity(community), r => r.Emoji == "🔥");

        // Discord ends the poll: the finalized counts are kept.
        await bot.DispatchAsync("MESSAGE_UPDATE", Finalized(messageId));
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<ITallyLog>().Find(PlatformTally.ForPoll("discord", messageId)) is not null, "the final tally");
        var tally = bot.Get<ITallyLog>().Find(PlatformTally.ForPoll("discord", messageId))!;
        Assert.True(tally.Final);
        Assert.Equal((1, 2, 1), (tally.Counts["0"], tally.Counts["1"], tally.Counts["2"]));
        Assert.True(bot.Get<IPlatformPollMap>().Find("discord", messageId)!.Closed);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public async Task A_native_poll_is_ended_early_when_cores_deadline_comes_before_discords_whole_hours()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "poll", "32", DiscordBotHarness.Moderator,
            options: [("arguments", "\"Quick one?\" \"Yes\" \"No\" --duration 10m")]));
        var pollPost = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal)
            && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));
        Assert.Equal(1, pollPost.Body!["poll"]!["duration"]!.GetValue<int>());
        var messageId = (await bot.Discord.ResponseToAsync(pollPost))["id"]!.GetValue<string>();
        await DiscordBotHarness.EventuallyAsync(() => bot.Get<IPlatformPollMap>().Find("discord", messageId) is not null, "the platform poll");

        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(11));
        var closer = new DiscordPollCloser(bot.Get<DiscordRestClient>(), bot.Get<IPlatformPollMap>(), later, NullLogger<DiscordPollCloser>.Instance);
        await closer.CloseDueAsync(CancellationToken.None);

        Assert.Single(bot.Discord.RequestsTo("POST", $"/channels/{DiscordBotHarness.ChannelId}/polls/{messageId}/expire"));
        Assert.True(bot.Get<IPlatformPollMap>().Find("discord", messageId)!.Closed);
    }

    [Fact]
    public async Task An_anonymous_poll_is_posted_as_buttons_whose_press_votes_and_is_confirmed_only_to_the_voter()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var id = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.Command(id, "poll", "32", DiscordBotHarness.Moderator,
            options: [("arguments", "\"Secret ballot?\" \"Yes\" \"No\" --anonymous")]));
        var pollPost = await bot.Discord.WaitForRequestAsync(r => r.Method == "POST" && r.Path.Contains("itoken-" + id, StringComparison.Ordinal)
            && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));

        Assert.Null(pollPost.Body!["poll"]);
        var buttons = pollPost.Body["components"]![0]!["components"]!.AsArray();
        var customIds = buttons.Select(b => b!["custom_id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, customIds.Count);
        Assert.All(customIds, c => Assert.StartsWith("pv:", c, StringComparison.Ordinal));
        Assert.Contains("Secret ballot?", pollPost.Body["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var messageId = (await bot.Discord.ResponseToAsync(pollPost))["id"]!.GetValue<string>();

        var press = bot.NextInteractionId();
        await bot.DispatchAsync("INTERACTION_CREATE", GatewayJson.ButtonPress(press, customIds[1], messageId));
        var answer = await bot.Discord.WaitForRequestAsync(r => r.Path.StartsWith($"/interactions/{press}/", StringComparison.Ordinal));
        Assert.Equal(4, answer.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, answer.Body["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Voted \"No\"", answer.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var pollId = int.Parse(customIds[1].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([1], Assert.Single(bot.Get<IEventLog>().VotesOf(pollId)).Options);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    private static string Vote(string messageId, string userId, int answerId) =>
        $$"""{"user_id":"{{userId}}","channel_id":"{{DiscordBotHarness.ChannelId}}","message_id":"{{messageId}}","guild_id":"{{DiscordBotHarness.GuildId}}","answer_id":{{answerId}}}""";

    private static string Reaction(string messageId, string userId, string emojiJson) =>
        $$"""{"user_id":"{{userId}}","channel_id":"{{DiscordBotHarness.ChannelId}}","message_id":"{{messageId}}","guild_id":"{{DiscordBotHarness.GuildId}}","emoji":{{emojiJson}},"burst":false,"type":0}""";

    private static string Finalized(string messageId) => new JsonObject
    {
        ["id"] = messageId,
        ["channel_id"] = DiscordBotHarness.ChannelId,
        ["guild_id"] = DiscordBotHarness.GuildId,
        ["author"] = new JsonObject { ["id"] = "200000000000000001", ["username"] = "DiscussionBot", ["bot"] = true },
        ["content"] = "",
        ["poll"] = new JsonObject
        {
            ["question"] = new JsonObject { ["text"] = "Is the tower good?" },
            ["answers"] = new JsonArray(
                new JsonObject { ["answer_id"] = 1, ["poll_media"] = new JsonObject { ["text"] = "Yes" } },
                new JsonObject { ["answer_id"] = 2, ["poll_media"] = new JsonObject { ["text"] = "No" } },
                new JsonObject { ["answer_id"] = 3, ["poll_media"] = new JsonObject { ["text"] = "Unsure" } }),
            ["expiry"] = "2025-01-03T12:00:00+00:00",
            ["allow_multiselect"] = true,
            ["results"] = new JsonObject
            {
                ["is_finalized"] = true,
                ["answer_counts"] = new JsonArray(
                    new JsonObject { ["id"] = 1, ["count"] = 1, ["me_voted"] = false },
                    new JsonObject { ["id"] = 2, ["count"] = 2, ["me_voted"] = false },
                    new JsonObject { ["id"] = 3, ["count"] = 1, ["me_voted"] = false }),
            },
        },
    }.ToJsonString();
}
