using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>Every endpoint the bot uses, against the fake Discord that validates each body against openapi.json.</summary>
public sealed class RestBodyTests
{
    private const string Channel = "400000000000000001";
    private const string Everyone = "Breaking: @everyone @here <@500000000000000001> <@&600000000000000001> read this";

    private static DiscordRestClient Client(FakeDiscord discord) =>
        new(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(TimeProvider.System), NullLogger<DiscordRestClient>.Instance);

    private static void AssertPingsNobody(RecordedRequest request)
    {
        var mentions = request.Body!["data"]?["allowed_mentions"] ?? request.Body!["allowed_mentions"];
        Assert.NotNull(mentions);
        Assert.Empty(mentions!["parse"]!.AsArray());
        Assert.Null(mentions["users"]);
        Assert.Null(mentions["roles"]);
    }

    [Fact]
    public async Task Every_request_body_the_client_sends_matches_its_openapi_schema()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);
        var buttons = new ActionRow([new Button(ButtonStyle.Primary, "Agree", "vote:42:0"), new Button(ButtonStyle.Link, "Source", Url: "https://example.org/a")]);
        var embed = new Embed("Two takes", "Where they clash", "https://example.org/story", 0x3366FF,
            [new EmbedField("Source A", "asserts", true)], new EmbedFooter("DiscussionBot"), new EmbedImage("attachment://chart.png"));

        var registered = await client.BulkOverwriteGlobalCommandsAsync(Commands(), default);
        await client.BulkOverwriteGuildCommandsAsync("300000000000000001", Commands(), default);
        await client.CreateInteractionResponseAsync("800000000000000001", "itoken-1", InteractionResponse.Reply(new MessagePayload("hi", [embed], [buttons])), default);
        await client.CreateInteractionResponseAsync("800000000000000002", "itoken-2", InteractionResponse.Defer(), default);
        await client.CreateInteractionResponseAsync("800000000000000003", "itoken-3", InteractionResponse.Defer(ephemeral: true), default);
        await client.CreateInteractionResponseAsync("800000000000000004", "itoken-4", InteractionResponse.DeferUpdate(), default);
        await client.CreateInteractionResponseAsync("800000000000000005", "itoken-5", InteractionResponse.Update(new MessagePayload("Vote counted", Components: [buttons])), default);
        await client.CreateInteractionResponseAsync("800000000000000006", "itoken-6", InteractionResponse.EphemeralReply("Only moderators can do that."), default);
        await client.EditOriginalResponseAsync("itoken-2", new MessagePayload("Summary ready", [embed]), default);
        await client.CreateFollowupMessageAsync("itoken-2", new MessagePayload("One more thing", Flags: MessageFlags.Ephemeral), default);
        var poll = await client.CreateMessageAsync(Channel, new MessagePayload(Poll: PollCreate.Of(new string('Q', 300), ["Terrorist takeover", "Popular uprising", new string('x', 55)], 768, allowMultiselect: false)), default);
        var chart = await client.CreateMessageAsync(Channel, new MessagePayload("Results", [embed]), default,
            [new FileUpload("chart.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png"), new FileUpload("votes.csv", "a,b\n1,2\n"u8.ToArray(), "text/csv", "Votes")]);
        await client.EditOriginalResponseAsync("itoken-3", new MessagePayload("With a chart"), default, [new FileUpload("chart.png", new byte[] { 1 }, "image/png")]);
        await client.EditMessageAsync(Channel, chart.Id, new MessagePayload("Results (final)", Components: []), default);
        var expired = await client.ExpirePollAsync(Channel, poll.Id, default);
        var fetched = await client.GetMessageAsync(Channel, poll.Id, default);
        await client.DeleteMessageAsync(Channel, chart.Id, default);

        Assert.Empty(discord.SchemaViolations);
        Assert.Equal(17, discord.Requests.Count);
        Assert.Equal(["help", "viewpoints", "topic"], registered.Select(c => c.Name));
        Assert.True(expired.Poll!.Results!.IsFinalized);
        Assert.Equal(["Terrorist takeover", "Popular uprising", new string('x', 55)], fetched.Poll!.Answers.Select(a => a.PollMedia.Text));
        var multipart = discord.Requests.First(r => r.Files.Count == 2);
        Assert.StartsWith("multipart/form-data", multipart.ContentType, StringComparison.Ordinal);
        Assert.Equal(["files[0]", "files[1]"], multipart.Files.Select(f => f.Name));
        Assert.Equal(["chart.png", "votes.csv"], multipart.Body!["attachments"]!.AsArray().Select(a => a!["filename"]!.GetValue<string>()));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, multipart.Files[0].Content);
    }

    [Fact]
    public async Task Every_message_body_carries_allowed_mentions_parse_empty()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);

        await client.CreateMessageAsync(Channel, new MessagePayload("x"), default);
        await client.CreateMessageAsync(Channel, new MessagePayload("x"), default, [new FileUpload("a.csv", new byte[] { 1 }, "text/csv")]);
        await client.CreateInteractionResponseAsync("800000000000000001", "t", InteractionResponse.Reply(new MessagePayload("x")), default);
        await client.CreateInteractionResponseAsync("800000000000000002", "t", InteractionResponse.Defer(), default);
        await client.CreateInteractionResponseAsync("800000000000000003", "t", InteractionResponse.Update(new MessagePayload("x")), default);
        await client.EditOriginalResponseAsync("t", new MessagePayload("x"), default);
        await client.CreateFollowupMessageAsync("t", new MessagePayload("x"), default);
        var sent = await client.CreateMessageAsync(Channel, new MessagePayload("x"), default);
        await client.EditMessageAsync(Channel, sent.Id, new MessagePayload("y"), default);

        var bodies = discord.Requests.Where(r => r.Json is not null).ToList();
        Assert.Equal(9, bodies.Count);
        Assert.All(bodies, AssertPingsNobody);
        Assert.Empty(discord.SchemaViolations);
    }

    [Fact]
    public async Task A_reply_to_a_message_that_is_gone_is_refused_by_default_and_sent_as_a_plain_message_when_it_may_not_fail()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);
        var asked = await client.CreateMessageAsync(Channel, new MessagePayload("a question"), default);

        await client.CreateMessageAsync(Channel, new MessagePayload("an answer") { MessageReference = new MessageReference(asked.Id, Channel) }, default);
        var strict = await Assert.ThrowsAsync<DiscordHttpException>(() =>
            client.CreateMessageAsync(Channel, new MessagePayload("an answer") { MessageReference = new MessageReference("950000000000009999", FailIfNotExists: null) }, default));
        var lenient = await client.CreateMessageAsync(Channel, new MessagePayload("an answer") { MessageReference = new MessageReference("950000000000009999") }, default);

        var replies = discord.RequestsTo("POST", $"/channels/{Channel}/messages").Skip(1).ToList();
        Assert.Equal(19, discord.ResponseTo(replies[0])!["type"]!.GetValue<int>());
        Assert.Equal(400, (int)strict.Status);
        Assert.Equal(50035, strict.Code);
        Assert.Equal(0, discord.ResponseTo(replies[2])!["type"]!.GetValue<int>());
        Assert.Equal("an answer", lenient.Content);
        Assert.All(replies, r => Assert.Equal("""{"parse":[],"replied_user":false}""", r.Body!["allowed_mentions"]!.ToJsonString()));
        Assert.Empty(discord.SchemaViolations);
    }

    [Fact]
    public async Task An_article_title_with_everyone_pings_nobody()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);

        await client.CreateMessageAsync(Channel, new MessagePayload(Everyone), default);
        await client.CreateInteractionResponseAsync("800000000000000001", "itoken-1", InteractionResponse.Reply(new MessagePayload(Everyone)), default);
        await client.EditOriginalResponseAsync("itoken-1", new MessagePayload(Everyone), default);

        Assert.All(discord.Requests, request =>
        {
            var text = request.Body!["content"] ?? request.Body!["data"]!["content"];
            Assert.Equal(Everyone, text!.GetValue<string>());
            AssertPingsNobody(request);
        });
        var raw = discord.Requests[0].Json!;
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bot_routes_send_the_bot_token_and_user_agent_and_interaction_routes_do_not_send_the_token()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);

        await client.GetGatewayBotAsync(default);
        await client.CreateInteractionResponseAsync("800000000000000001", "itoken-1", InteractionResponse.Defer(), default);

        Assert.Equal("Bot " + FakeDiscord.BotToken, discord.Requests[0].Headers["Authorization"]);
        Assert.StartsWith("DiscordBot (https://", discord.Requests[0].Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(discord.Requests[1].Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(11, 10, 0)]
    [InlineData(2, 56, 0)]
    [InlineData(2, 10, 769)]
    public async Task Polls_beyond_discords_limits_are_refused_before_sending(int answers, int answerLength, int hours)
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);
        var poll = PollCreate.Of("Question?", Enumerable.Range(0, answers).Select(i => new string((char)('a' + i), answerLength)), hours == 0 ? null : hours);

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateMessageAsync(Channel, new MessagePayload(Poll: poll), default));
        Assert.Empty(discord.Requests);
    }

    [Fact]
    public async Task An_interaction_answer_over_2000_characters_or_26_suggestions_are_refused_before_sending()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);
        var tooLong = InteractionResponse.Reply(new MessagePayload(new string('x', MessagePayload.MaxContentLength + 1)));
        var files = new[] { new FileUpload("chart.png", new byte[] { 1, 2, 3 }, "image/png") };
        var suggestions = Enumerable.Range(0, 26).Select(i => new ApplicationCommandOptionChoice($"topic {i}", $"t{i}")).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateInteractionResponseAsync("810000000000000001", "itoken", tooLong, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateInteractionResponseAsync("810000000000000001", "itoken", tooLong, files, withResponse: true, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAutocompleteResponseAsync("810000000000000001", "itoken", suggestions, default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateMessageAsync("12/../34", new MessagePayload("x"), default));
        Assert.Empty(discord.Requests);
    }

    [Fact]
    public async Task A_custom_id_over_100_characters_is_refused_before_sending()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var client = Client(discord);
        var row = new ActionRow([new Button(ButtonStyle.Primary, "x", new string('c', 101))]);

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateMessageAsync(Channel, new MessagePayload("x", Components: [row]), default));
        Assert.Empty(discord.Requests);
    }

    [Fact]
    public async Task Moderator_commands_carry_default_member_permissions_as_the_docs_string()
    {
        await using var discord = await FakeDiscord.StartAsync();
        await Client(discord).BulkOverwriteGlobalCommandsAsync(Commands(), default);

        var topic = discord.Requests[0].Body!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "topic")!;
        Assert.Equal("32", topic["default_member_permissions"]!.GetValue<string>());
        Assert.Equal(1, topic["options"]![0]!["type"]!.GetValue<int>());
        Assert.Equal(3, topic["options"]![0]!["options"]![0]!["type"]!.GetValue<int>());
        Assert.Equal([0], topic["contexts"]!.AsArray().Select(c => c!.GetValue<int>()));
        Assert.Null(discord.Requests[0].Body![0]!["default_member_permissions"]);
    }

    private static IReadOnlyList<ApplicationCommandDefinition> Commands() =>
    [
        new("help", "How to use the bot"),
        new("viewpoints", "Contrasting takes on one story",
        [
            new(ApplicationCommandOptionType.String, "query", "Topic, story, URL, id or words", Required: true, MaxLength: 200),
            new(ApplicationCommandOptionType.Integer, "limit", "How many sources", MinValue: 1, MaxValue: 10),
            new(ApplicationCommandOptionType.String, "length", "Summary length", Choices: [new("short", "short"), new("long", "long")]),
        ]),
        new("topic", "Manage topics",
        [
            new(ApplicationCommandOptionType.SubCommand, "add", "Add a topic", Options:
            [
                new(ApplicationCommandOptionType.String, "slug", "Short name", Required: true),
            ]),
        ], DefaultMemberPermissions: Permissions.ForModerators, Contexts: [InteractionContextType.Guild]),
    ];
}
