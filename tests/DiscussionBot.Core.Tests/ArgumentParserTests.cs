using DiscussionBot.Core.Commands;

namespace DiscussionBot.Core.Tests;

public sealed class ArgumentParserTests
{
    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("\"is it true\" yes no", new[] { "is it true", "yes", "no" })]
    [InlineData("“typographic quotes” x", new[] { "typographic quotes", "x" })]
    [InlineData("\"\" x", new[] { "", "x" })]
    [InlineData("\"unclosed quote runs on", new[] { "unclosed quote runs on" })]
    [InlineData("", new string[0])]
    public void Quotes_group_words_into_one_argument(string text, string[] expected) =>
        Assert.Equal(expected, ArgumentParser.Split(text));

    [Theory]
    [InlineData("/Help", "help", "", null)]
    [InlineData("/summary@DiscussionBot 12 short", "summary", "12 short", "DiscussionBot")]
    [InlineData("  /add Title\nbody", "add", "Title\nbody", null)]
    public void Commands_are_parsed_with_an_optional_bot_name(string text, string name, string args, string? bot)
    {
        Assert.True(ArgumentParser.TryParseCommand(text, out var n, out var a, out var b));
        Assert.Equal((name, args, bot), (n, a, b));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/")]
    [InlineData("/ 12")]
    [InlineData("/123")]
    public void Text_that_is_not_a_command_is_recognized(string text) =>
        Assert.False(ArgumentParser.TryParseCommand(text, out _, out _, out _));
}
