namespace DiscussionBot.Host.Tests;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("--Bot:CooldownSeconds=-5", "Bot:CooldownSeconds")]
    [InlineData("--Bot:ListLimit=500", "Bot:ListLimit")]
    [InlineData("--Storage:CheckpointIntervalSeconds=0", "Storage:CheckpointIntervalSeconds")]
    public async Task A_bad_value_stops_the_host_with_a_message_naming_the_key(string setting, string key)
    {
        using var runner = new HostRunner();
        var (code, output) = await runner.RunAsync("/help\n", "console", setting);
        Assert.Equal(2, code);
        Assert.StartsWith($"Configuration error: {key}: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[#1]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_stops_the_tools_too()
    {
        using var runner = new HostRunner();
        System.IO.File.WriteAllText(runner.File("a.txt"), "Title\nA body that is long enough to be an article.");
        var (code, output) = await runner.RunAsync("", "import", runner.File("a.txt"), "--Bot:CooldownSeconds=x");
        Assert.Equal(2, code);
        Assert.Contains("Bot:CooldownSeconds", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_arguments_are_told_apart_from_the_command_line()
    {
        var (configuration, cli) = Cli.CommandLine.SplitConfigurationArguments(["import", "--Telegram:BotToken=abc", "x.txt", "--Storage:DatabasePath", "/tmp/x.db", "--demo"]);
        Assert.Equal(["--Telegram:BotToken=abc", "--Storage:DatabasePath", "/tmp/x.db"], configuration);
        Assert.Equal(["import", "x.txt", "--demo"], cli);
    }
}
