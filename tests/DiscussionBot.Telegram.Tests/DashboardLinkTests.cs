using DiscussionBot.Core;
using DiscussionBot.Core.Dashboard;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Testing.Telegram;
using DiscussionBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Telegram.Tests;

/// <summary>/dashboard answers privately: the sign-in link goes to the moderator's own chat with the bot, never to the group.</summary>
public sealed class DashboardLinkTests : IAsyncLifetime
{
    private const long Group = -1003;
    private const long Moderator = 30;

    private readonly TempDirectory _dir = new();
    private FakeBotApi _api = null!;
    private IHost _bot = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _api.SetAdministrators(Group, Moderator);
        // The bot as the host composes it, with the dashboard's link base that the web endpoint would give.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = _api.Token,
            ["Telegram:ApiBaseUrl"] = _api.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "1",
            ["Storage:DatabasePath"] = _dir.File("bot.db"),
        });
        builder.Services.AddLogging();
        builder.AddDiscussionBotCore();
        builder.AddLiteDbStorage();
        builder.AddTelegram();
        builder.Services.AddSingleton<IDashboardLinks>(new FixedLinks());
        _bot = builder.Build();
        await _bot.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.StopAsync(TimeSpan.FromSeconds(5));
        _bot.Dispose();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_moderators_dashboard_link_is_sent_as_a_private_message_and_not_to_the_group()
    {
        _api.SendText(Group, Moderator, "/dashboard");
        var link = await _api.WaitForMessageAsync(Moderator, m => m.Visible.Contains("/dashboard/signin?token=", StringComparison.Ordinal), "the private link");
        Assert.Contains("https://bot.example.org/dashboard/signin?token=", link.Visible, StringComparison.Ordinal);
        _api.SendText(Group, Moderator, "/help");
        await _api.WaitForMessageAsync(Group, m => m.Visible.StartsWith("DiscussionBot", StringComparison.Ordinal), "the help reply after it");
        Assert.DoesNotContain(_api.MessagesTo(Group), m => m.Visible.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_moderator_never_started_the_bot_the_group_is_told_how_without_the_link()
    {
        _api.Fail("sendMessage", Moderator, 403);
        _api.SendText(Group, Moderator, "/dashboard");
        var told = await _api.WaitForMessageAsync(Group, m => m.Visible.Contains("privately", StringComparison.Ordinal), "the hint in the group");
        Assert.Contains("press Start", told.Visible, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", told.Visible, StringComparison.Ordinal);
    }

    private sealed class FixedLinks : IDashboardLinks
    {
        public string? BaseUrl => "https://bot.example.org";
    }
}
