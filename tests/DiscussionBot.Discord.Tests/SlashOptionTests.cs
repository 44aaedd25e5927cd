using System.Text.Json.Nodes;
using DiscussionBot.Discord.Adapter;

namespace DiscussionBot.Discord.Tests;

/// <summary>Typed options and subcommands in the registered commands, and their values turned back into the text syntax.</summary>
public sealed class SlashOptionTests
{
    [Fact]
    public async Task The_registered_commands_carry_subcommands_typed_options_choices_and_autocomplete()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var put = await bot.Discord.WaitForRequestAsync(r => r.Method == "PUT");
        var commands = put.Body!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => c["name"]!.GetValue<string>());
        static JsonArray Options(JsonNode node) => node["options"]!.AsArray();
        static IEnumerable<string> Names(JsonArray options) => options.Select(o => o!["name"]!.GetValue<string>());

        Assert.Equal(["add", "remove", "describe", "keywords", "feed"], Names(Options(commands["topic"])));
        var feed = Options(commands["topic"]).Single(o => o!["name"]!.GetValue<string>() == "feed")!;
        Assert.Equal(2, feed["type"]!.GetValue<int>()); // SUB_COMMAND_GROUP
        Assert.Equal(["add", "remove"], Names(Options(feed)));
        Assert.Equal(["add", "approve", "reject"], Names(Options(commands["claim"])));
        Assert.True(Options(Options(commands["claim"])[1]!)[0]!["autocomplete"]!.GetValue<bool>());
        Assert.Equal(["set"], Names(Options(commands["source"])));
        Assert.Contains("poll.duration", Options(commands["settings"])[0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        var free = Options(commands["poll"]).Single(o => o!["name"]!.GetValue<string>() == "free")!;
        Assert.Equal(["question", "options", "duration", "multiple", "anonymous", "hidden"], Names(Options(free)));
        Assert.Equal(5, Options(free)[3]!["type"]!.GetValue<int>()); // BOOLEAN
        Assert.Equal(["polls", "votes", "reactions", "ratings", "shifts"], Options(commands["export"])[0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal(["short", "long", "bullets"], Options(commands["summary"])[1]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.True(Options(commands["articles"])[0]!["autocomplete"]!.GetValue<bool>());
        Assert.Equal(["topic", "days"], Names(Options(commands["blindspots"])));
        Assert.Equal(4, Options(commands["blindspots"])[1]!["type"]!.GetValue<int>()); // INTEGER
        Assert.Equal(["story", "poll"], Names(Options(commands["viewpoints"])));
        Assert.Equal(DiscussionBot.Discord.Rest.Permissions.ForModerators, commands["link"]["default_member_permissions"]!.GetValue<string>());
        Assert.Contains("unlink", commands.Keys);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public void A_subcommand_group_becomes_the_verbs_of_the_text_syntax()
    {
        var declared = SlashCommands.OptionsOf(new Core.Commands.CommandInfo("topic", "", "", ""), []);
        var given = Parse("""[{"name":"feed","type":2,"options":[{"name":"add","type":1,"options":[{"name":"topic","type":3,"value":"housing"},{"name":"url","type":3,"value":"https://example.org/feed.xml"}]}]}]""");

        Assert.Equal("feed add housing https://example.org/feed.xml", SlashCommands.Arguments(declared, given, "topic"));
    }

    [Fact]
    public void A_free_poll_becomes_a_quoted_question_its_options_and_flags()
    {
        var declared = SlashCommands.OptionsOf(new Core.Commands.CommandInfo("poll", "", "", ""), []);
        var given = Parse("""[{"name":"free","type":1,"options":[{"name":"hidden","type":5,"value":true},{"name":"question","type":3,"value":"Build the tower?"},{"name":"options","type":3,"value":"\"Yes\" \"No\""},{"name":"duration","type":3,"value":"2d"},{"name":"multiple","type":5,"value":false}]}]""");

        Assert.Equal("\"Build the tower?\" \"Yes\" \"No\" --duration 2d --hidden", SlashCommands.Arguments(declared, given, "poll"));
    }

    [Fact]
    public async Task A_moderators_topic_add_subcommand_reaches_the_topic_record_with_its_description_as_typed()
    {
        await using var bot = await DiscordBotHarness.StartAsync();

        var callback = await bot.CommandJsonAsync("topic", """
            [{"name":"add","type":1,"options":[{"name":"name","type":3,"value":"housing"},{"name":"description","type":3,"value":"The \"new\" tower and rents"}]}]
            """, "32", DiscordBotHarness.Moderator);

        Assert.Contains("Added topic housing", callback.Body!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var topic = bot.Get<Core.Storage.ITopicStore>().Find("discord:" + DiscordBotHarness.GuildId, "housing")!;
        Assert.Equal("The \"new\" tower and rents", topic.Description);
        Assert.Empty(bot.Discord.SchemaViolations);
    }

    [Fact]
    public void Pasted_text_for_add_becomes_the_title_line_and_the_text_and_a_link_stays_a_link()
    {
        var declared = SlashCommands.OptionsOf(new Core.Commands.CommandInfo("add", "", "", ""), []);

        Assert.Equal("Rents rise\nThe council voted.", SlashCommands.Arguments(declared,
            Parse("""[{"name":"title","type":3,"value":"Rents rise"},{"name":"text","type":3,"value":"The council voted."}]"""), "add"));
        Assert.Equal("https://example.org/a", SlashCommands.Arguments(declared, Parse("""[{"name":"link","type":3,"value":"https://example.org/a"}]"""), "add"));
        Assert.DoesNotContain(SlashCommands.Definitions([new Core.Commands.CommandInfo("add", "<url>", "add", "/add x")]).Single().Options!,
            o => o.Name == SlashCommands.RestOption);
    }

    private static IReadOnlyList<InteractionDataOption> Parse(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Deserialize(DiscordJsonContext.Info<InteractionDataOption>())!)];
}
