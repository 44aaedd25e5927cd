using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;

namespace DiscussionBot.Core.Tests;

/// <summary>The text syntax (console, Telegram) and typed options (Discord) land in the same command records.</summary>
public sealed class CommandRecordTests
{
    private static CommandRequest Text(string name, string arguments) =>
        new(new CommandReceived(new ChatLocation("console", "local", "chat"), new ChatUser("u", "u", true), DateTimeOffset.UnixEpoch, name, arguments),
            ArgumentParser.Split(arguments));

    private static CommandRequest Typed(string name, string[] path, params (string Name, string Value)[] values) =>
        new(new CommandReceived(new ChatLocation("discord", "1", "2"), new ChatUser("u", "u", true), DateTimeOffset.UnixEpoch, name, "(typed)",
            Options: new CommandOptions(path, values.ToDictionary(v => v.Name, v => v.Value))), []);

    [Fact]
    public void A_topic_feed_typed_or_given_as_a_subcommand_group_is_the_same_record()
    {
        var typed = TopicCommand.Parse(Text("topic", "feed add Housing https://example.org/feed.xml")).Command;
        var given = TopicCommand.Parse(Typed("topic", ["feed", "add"], ("topic", "Housing"), ("url", "https://example.org/feed.xml"))).Command;

        Assert.Equal(new TopicFeed("housing", "https://example.org/feed.xml", Remove: false), typed);
        Assert.Equal(typed, given);
    }

    [Fact]
    public void Topic_keywords_from_a_line_and_from_an_option_are_the_same_list()
    {
        var typed = (TopicKeywords)TopicCommand.Parse(Text("topic", "keywords housing rent, \"zoning board\", Rent")).Command!;
        var given = (TopicKeywords)TopicCommand.Parse(Typed("topic", ["keywords"], ("topic", "housing"), ("words", "rent, \"zoning board\", Rent"))).Command!;

        Assert.Equal(["rent", "zoning board"], typed.Keywords);
        Assert.Equal(typed.Keywords, given.Keywords);
    }

    [Fact]
    public void A_description_given_as_an_option_keeps_its_quotes_where_the_text_line_would_group_words()
    {
        var given = TopicCommand.Parse(Typed("topic", ["add"], ("name", "housing"), ("description", "The \"new\" tower"))).Command;

        Assert.Equal(new TopicAdd("housing", "The \"new\" tower"), given);
    }

    [Fact]
    public void Claim_reviews_parse_from_both_and_a_non_numeric_id_is_a_problem()
    {
        Assert.Equal(new ClaimReview(12, Approve: true), ClaimCommand.Parse(Text("claim", "approve 12")).Command);
        Assert.Equal(new ClaimReview(12, Approve: false), ClaimCommand.Parse(Typed("claim", ["reject"], ("claim", "12"))).Command);
        Assert.Equal(ClaimCommand.Usage, ClaimCommand.Parse(Text("claim", "approve twelve")).Problem);
    }

    [Fact]
    public void A_free_poll_with_flags_is_the_same_record_from_a_line_and_from_options()
    {
        var typed = PollCommand.Parse(Text("poll", "\"Build the tower?\" \"Yes\" \"No\" --duration 2d --hidden")).Command!;
        var given = PollCommand.Parse(Typed("poll", ["free"], ("question", "Build the tower?"), ("options", "\"Yes\" \"No\""), ("duration", "2d"),
            ("hidden", "true"))).Command!;

        Assert.Equal((null, "Build the tower?", TimeSpan.FromDays(2), (bool?)null, (bool?)null, (bool?)true),
            (typed.ClaimId, typed.Question, typed.Duration, typed.Multiple, typed.Anonymous, typed.Hidden));
        Assert.Equal(["Yes", "No"], typed.Options);
        Assert.Equal(typed with { Options = [] }, given with { Options = [] });
        Assert.Equal(typed.Options, given.Options);
    }

    [Fact]
    public void A_claim_poll_given_as_options_names_the_claim_and_a_bad_duration_is_a_problem()
    {
        Assert.Equal(7, PollCommand.Parse(Typed("poll", ["claim"], ("claim", "7"), ("multiple", "true"))).Command!.ClaimId);
        Assert.Contains("--duration", PollCommand.Parse(Typed("poll", ["claim"], ("claim", "7"), ("duration", "forever"))).Problem, StringComparison.Ordinal);
        Assert.Contains("Unknown option --loud", PollCommand.Parse(Text("poll", "7 --loud")).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_summary_export_and_source_parse_the_same_from_both()
    {
        Assert.Equal(new SettingsCommand("poll.duration", "48h"), SettingsCommand.Parse(Text("settings", "poll.duration 48h")).Command);
        Assert.Equal(new SettingsCommand("poll.duration", "48h"), SettingsCommand.Parse(Typed("settings", [], ("key", "poll.duration"), ("value", "48h"))).Command);
        Assert.True(SettingsCommand.Parse(Typed("settings", [])).Command!.ListsAll);
        Assert.Equal(SettingsCommand.Usage, SettingsCommand.Parse(Typed("settings", [], ("key", "poll.duration"))).Problem);

        Assert.Equal(new SummaryCommand("rents rise", "long"), SummaryCommand.Parse(Text("summary", "rents rise long")).Command);
        Assert.Equal(new SummaryCommand("rents rise", "long"), SummaryCommand.Parse(Typed("summary", [], ("article", "rents rise"), ("length", "long"))).Command);

        string[] kinds = ["polls", "votes", "reactions"];
        Assert.Equal(new ExportCommand("votes", "housing", true), ExportCommand.Parse(Text("export", "votes housing json"), kinds).Command);
        Assert.Equal(new ExportCommand("votes", "housing", true), ExportCommand.Parse(Typed("export", [], ("kind", "votes"), ("topic", "housing"), ("format", "json")), kinds).Command);

        Assert.Equal(new SourceSet("herald.example", "pro development"), SourceSet.Parse(Text("source", "set herald.example pro development")).Command);
        Assert.Equal(new SourceSet("herald.example", "pro development"), SourceSet.Parse(Typed("source", ["set"], ("source", "herald.example"), ("stance", "pro development"))).Command);
    }

    [Theory]
    [InlineData("housing 30", "housing", 30)]
    [InlineData("30d Housing", "housing", 30)]
    [InlineData("", null, null)]
    [InlineData("7", null, 7)]
    public void Blindspots_typed_or_given_as_topic_and_days_options_are_the_same_record(string line, string? topic, int? days)
    {
        var typed = BlindspotsCommand.Parse(Text("blindspots", line)).Command;
        var values = new List<(string, string)>();
        if (topic is not null)
        {
            values.Add(("topic", topic));
        }
        if (days is { } d)
        {
            values.Add(("days", d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var given = BlindspotsCommand.Parse(Typed("blindspots", [], [.. values])).Command;

        Assert.Equal(new BlindspotsCommand(topic, days), typed);
        Assert.Equal(typed, given);
    }

    [Theory]
    [InlineData("housing 0")]
    [InlineData("housing 30 40")]
    [InlineData("housing rent")]
    public void Blindspots_with_a_bad_window_or_two_topics_is_a_usage_problem(string line) =>
        Assert.Equal(BlindspotsCommand.Usage, BlindspotsCommand.Parse(Text("blindspots", line)).Problem);
}
