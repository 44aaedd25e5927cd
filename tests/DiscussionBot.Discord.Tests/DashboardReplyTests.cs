namespace DiscussionBot.Discord.Tests;

/// <summary>Replies marked private (the dashboard's) are ephemeral interaction responses: only the moderator sees them.</summary>
public sealed class DashboardReplyTests
{
    [Fact]
    public async Task A_private_reply_to_a_moderators_dashboard_command_is_ephemeral()
    {
        await using var bot = await DiscordBotHarness.StartAsync();
        var answer = await bot.CommandAsync("dashboard", permissions: "32", userId: DiscordBotHarness.Moderator, options: [("arguments", "revoke")]);
        Assert.Equal(4, answer.Body!["type"]!.GetValue<int>());
        Assert.Equal(64, answer.Body["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Ended 0 dashboard session(s)", answer.Body["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Discord.SchemaViolations);
    }
}
