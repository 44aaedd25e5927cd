using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Discord.Adapter;

namespace DiscussionBot.Discord.Tests;

/// <summary>
/// Each command with typed options on Discord: the line the console and Telegram type and the options Discord sends
/// (through <see cref="SlashCommands.Options"/>, as the adapter maps them) give the same Core command record.
/// </summary>
public sealed class CommandRecordMappingTests
{
    [Theory]
    [InlineData("vote", "3 2", """[{"name":"poll","type":3,"value":"3"},{"name":"options","type":3,"value":"2"}]""")]
    [InlineData("vote", "3 1 4", """[{"name":"poll","type":3,"value":"3"},{"name":"options","type":3,"value":"1 4"}]""")]
    [InlineData("vote", "3 \"Not sure\"", """[{"name":"poll","type":3,"value":"3"},{"name":"options","type":3,"value":"Not sure"}]""")]
    [InlineData("vote", "3 none", """[{"name":"poll","type":3,"value":"3"},{"name":"options","type":3,"value":"none"}]""")]
    [InlineData("results", "12", """[{"name":"poll","type":3,"value":"12"}]""")]
    [InlineData("results", "b2", """[{"name":"poll","type":3,"value":"b2"}]""")]
    [InlineData("articles", "Housing", """[{"name":"topic","type":3,"value":"Housing"}]""")]
    [InlineData("search", "\"tower rents\" /council", """[{"name":"words","type":3,"value":"\"tower rents\" /council"}]""")]
    [InlineData("add", "https://example.org/news/a", """[{"name":"link","type":3,"value":"https://example.org/news/a"}]""")]
    [InlineData("add", "Rents rise\nThe council voted.", """[{"name":"title","type":3,"value":"Rents rise"},{"name":"text","type":3,"value":"The council voted."}]""")]
    [InlineData("stats", "", "[]")]
    [InlineData("stats", "Housing", """[{"name":"topic","type":3,"value":"Housing"}]""")]
    [InlineData("audit", "", "[]")]
    [InlineData("audit", "20", """[{"name":"count","type":4,"value":20}]""")]
    [InlineData("help", "", "[]")]
    [InlineData("help", "/Vote", """[{"name":"command","type":3,"value":"vote"}]""")]
    [InlineData("viewpoints", "housing", """[{"name":"story","type":3,"value":"housing"}]""")]
    [InlineData("viewpoints", "s-42 --poll", """[{"name":"story","type":3,"value":"s-42"},{"name":"poll","type":5,"value":true}]""")]
    [InlineData("claims", "housing", """[{"name":"topic","type":3,"value":"housing"}]""")]
    public void The_text_line_and_the_discord_options_give_the_same_record(string command, string line, string optionsJson)
    {
        var typed = RecordOf(command, Text(command, line));
        var given = RecordOf(command, Discord(command, optionsJson));

        Assert.NotNull(typed);
        Assert.Equal(typed.GetType(), given!.GetType());
        Assert.Equal(JsonSerializer.Serialize(typed, typed.GetType()), JsonSerializer.Serialize(given, given.GetType()));
    }

    [Fact]
    public void A_search_or_claims_query_from_discord_arrives_exactly_as_typed_with_quotes_and_a_leading_slash()
    {
        Assert.Equal(new SearchCommand("/vote \"rent control\" O'Neill"),
            SearchCommand.Parse(Discord("search", """[{"name":"words","type":3,"value":"/vote \"rent control\" O'Neill"}]""")).Command);
        // A topic of several words is not wrapped in quotes on its way, as the old text round trip did.
        Assert.Equal(new ClaimsCommand("rent control tower"),
            ClaimsCommand.Parse(Discord("claims", """[{"name":"topic","type":3,"value":"rent control tower"}]""")).Command);
        Assert.Equal(new ViewpointsCommand("the \"new\" tower", BeforeAfterPoll: false),
            ViewpointsCommand.Parse(Discord("viewpoints", """[{"name":"story","type":3,"value":"the \"new\" tower"},{"name":"poll","type":5,"value":false}]""")).Command);
    }

    [Fact]
    public void A_vote_option_field_of_words_is_one_option_text_and_numbers_or_quotes_are_several_choices()
    {
        Assert.Equal(["Not sure"], VoteCommand.ChoicesOf("Not sure"));
        Assert.Equal(["1", "3"], VoteCommand.ChoicesOf("1 3"));
        Assert.Equal(["Yes", "Not sure"], VoteCommand.ChoicesOf("\"Yes\" \"Not sure\""));
        Assert.True(VoteCommand.Parse(Discord("vote", """[{"name":"poll","type":3,"value":"3"},{"name":"options","type":3,"value":"Retract"}]""")).Command!.Retract);
    }

    [Fact]
    public void Bad_values_from_discord_are_the_same_problems_as_from_the_text_line()
    {
        Assert.Equal(VoteCommand.Usage, VoteCommand.Parse(Discord("vote", """[{"name":"poll","type":3,"value":"three"},{"name":"options","type":3,"value":"1"}]""")).Problem);
        Assert.Equal(VoteCommand.Usage, VoteCommand.Parse(Text("vote", "three 1")).Problem);
        Assert.Equal(ResultsCommand.Usage, ResultsCommand.Parse(Discord("results", """[{"name":"poll","type":3,"value":"bx"}]""")).Problem);
        Assert.Equal(AuditCommand.Usage, AuditCommand.Parse(Text("audit", "500")).Problem);
        Assert.Equal(AuditCommand.Usage, AuditCommand.Parse(Discord("audit", """[{"name":"count","type":4,"value":500}]""")).Problem);
        Assert.Equal(StatsCommand.Usage, StatsCommand.Parse(Text("stats", "housing transit")).Problem);
        Assert.Contains("not a link", AddCommand.Parse(Discord("add", """[{"name":"link","type":3,"value":"example.org/a"}]""")).Problem, StringComparison.Ordinal);
        Assert.Equal(AddCommand.TitleProblem, AddCommand.Parse(Text("add", "Only a title")).Problem);
        Assert.Contains("both the title and the text", AddCommand.Parse(Discord("add", """[{"name":"title","type":3,"value":"Only a title"}]""")).Problem, StringComparison.Ordinal);
    }

    private static object? RecordOf(string command, CommandRequest request) => command switch
    {
        "vote" => VoteCommand.Parse(request).Command,
        "results" => ResultsCommand.Parse(request).Command,
        "articles" => ArticlesCommand.Parse(request).Command,
        "search" => SearchCommand.Parse(request).Command,
        "add" => AddCommand.Parse(request).Command,
        "stats" => StatsCommand.Parse(request).Command,
        "audit" => AuditCommand.Parse(request).Command,
        "help" => HelpCommand.Parse(request).Command,
        "viewpoints" => ViewpointsCommand.Parse(request).Command,
        "claims" => ClaimsCommand.Parse(request).Command,
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    private static CommandRequest Text(string name, string arguments) =>
        new(new CommandReceived(new ChatLocation("console", "local", "chat"), new ChatUser("u", "u", true), DateTimeOffset.UnixEpoch, name, arguments),
            ArgumentParser.Split(arguments));

    /// <summary>The request the adapter makes of an interaction's options: the argument line it shows and the typed options.</summary>
    private static CommandRequest Discord(string name, string optionsJson)
    {
        IReadOnlyList<InteractionDataOption> given = [.. JsonDocument.Parse(optionsJson).RootElement.EnumerateArray()
            .Select(e => e.Deserialize(DiscordJsonContext.Info<InteractionDataOption>())!)];
        var info = new CommandInfo(name, "", "", "");
        var line = SlashCommands.Arguments(SlashCommands.OptionsOf(info, [info]), given, name);
        var options = SlashCommands.Options(given);
        Assert.NotNull(options);
        return new CommandRequest(new CommandReceived(new ChatLocation("discord", "1", "2"), new ChatUser("u", "u", true), DateTimeOffset.UnixEpoch, name, line,
            Options: options), ArgumentParser.Split(line));
    }
}
