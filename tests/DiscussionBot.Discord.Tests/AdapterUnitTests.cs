using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Discord.Adapter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>The adapter's pure parts: escaping, argument reassembly, poll rendering, options, and the fatal stop.</summary>
public sealed class AdapterUnitTests
{
    [Theory]
    [InlineData("@everyone look", "\\@everyone look")]
    [InlineData("<@123> and <#456>", "\\<\\@123> and \\<#456>")]
    [InlineData("# Heading\n- item\n> quote\n1. first", "\\# Heading\n\\- item\n\\> quote\n1\\. first")]
    [InlineData("pro-development, 2.5 % and a # in the middle", "pro-development, 2.5 % and a # in the middle")]
    [InlineData("a_b *c* ~~d~~ `e` ||f||", "a\\_b \\*c\\* \\~\\~d\\~\\~ \\`e\\` \\|\\|f\\|\\|")]
    public void Plain_text_is_escaped_so_it_neither_formats_nor_mentions(string text, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Render(RichText.Plain(text)));

    [Fact]
    public void Styles_keep_their_markers_against_the_text_and_code_cannot_be_broken_out_of()
    {
        var text = new RichTextBuilder().Bold("Title ").Text("then ").Italic("aside").Text(" ").Code("x`y").Build();
        Assert.Equal("**Title** then *aside* `xˋy`", DiscordMarkdown.Render(text));
    }

    [Fact]
    public void Typed_options_are_joined_back_in_declared_order_with_spaces_quoted()
    {
        var export = new CommandInfo("export", "polls|votes|reactions [topic] [csv|json]", "export", "/export votes", Moderator: true);
        var declared = SlashCommands.OptionsOf(export, [export]);
        var given = new[]
        {
            new InteractionDataOption("format", ApplicationCommandOptionType.String, JsonSerializer.SerializeToElement("csv")),
            new InteractionDataOption("kind", ApplicationCommandOptionType.String, JsonSerializer.SerializeToElement("votes")),
            new InteractionDataOption("topic", ApplicationCommandOptionType.String, JsonSerializer.SerializeToElement("new housing")),
        };
        Assert.Equal("votes \"new housing\" csv", SlashCommands.Arguments(declared, given));

        var vote = new CommandInfo("vote", "<poll> <option>", "vote", "/vote 1 2");
        var voteOptions = new[]
        {
            new InteractionDataOption("poll", ApplicationCommandOptionType.Integer, JsonSerializer.SerializeToElement(3)),
            new InteractionDataOption("options", ApplicationCommandOptionType.String, JsonSerializer.SerializeToElement("1 \"Not sure\"")),
        };
        Assert.Equal("3 1 \"Not sure\"", SlashCommands.Arguments(SlashCommands.OptionsOf(vote, [vote]), voteOptions));
    }

    [Fact]
    public void A_native_poll_lasts_whole_hours_up_to_32_days_and_truncates_long_answers()
    {
        var now = DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var spec = new PollSpec(1, "Q?", ["short", new string('a', 70)], MultipleChoice: false, Anonymous: false, HiddenUntilClose: false, now.AddMinutes(61));
        var poll = DiscordReplyRenderer.NativePoll(spec, now).Payload.Poll!;
        Assert.Equal(2, poll.Duration);
        Assert.Equal(55, poll.Answers[1].PollMedia.Text!.Length);
        Assert.Equal(768, DiscordReplyRenderer.NativePoll(spec with { ClosesAt = now.AddDays(40) }, now).Payload.Poll!.Duration);
    }

    [Fact]
    public async Task A_bot_token_without_an_application_id_stops_the_host_with_a_message_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:BotToken"] = "token", ["Storage:DatabasePath"] = ":memory:" });
        Core.CoreServiceCollectionExtensions.AddDiscussionBotCore(builder);
        Storage.LiteDb.StorageServiceCollectionExtensions.AddLiteDbStorage(builder);
        builder.AddDiscord();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Discord:ApplicationId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_4004_stops_the_host_with_the_platform_refused_exit_code_and_reports_discord_failed_naming_the_token()
    {
        await using var discord = await FakeDiscord.StartAsync();
        // Registration fails (no router here); the bot goes on to the gateway, as it does when Discord refuses the commands.
        var builder = RefusalHost(discord, FakeDiscord.BotToken, Microsoft.Extensions.Logging.Abstractions.NullLogger<DiscordBotService>.Instance);
        using var host = builder.Build();
        var stopped = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());
        try
        {
            await host.StartAsync();
            var connection = await discord.AcceptGatewayAsync();
            await connection.SendAsync(GatewayJson.Hello(45_000));
            await connection.NextAsync(2);
            await connection.CloseAsync(4004, "Authentication failed.");

            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(Core.Operations.BotExitCodes.PlatformRefused, Environment.ExitCode);
            var status = host.Services.GetRequiredService<Core.Operations.PlatformHealth>().Snapshot().Single(p => p.Platform == "discord");
            Assert.Equal(Core.Operations.PlatformState.Failed, status.State);
            Assert.Contains("Discord:BotToken", status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            // The exit code is the test process's own; leave it as it was.
            Environment.ExitCode = 0;
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_token_refused_with_401_stops_the_host_with_one_critical_line_naming_the_key()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.Responder = _ => new FakeResponse(401, """{"message":"401: Unauthorized","code":0}""");
        var log = new ListLogger<DiscordBotService>();
        var builder = RefusalHost(discord, "revoked-token", log);
        using var host = builder.Build();
        var stopped = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());
        try
        {
            await host.StartAsync();
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(Core.Operations.BotExitCodes.PlatformRefused, Environment.ExitCode);
            var critical = Assert.Single(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical);
            Assert.Contains("Discord:BotToken", critical.Message, StringComparison.Ordinal);
            // A refused token is not retried: Discord bans IPs that keep sending unauthorised requests.
            Assert.InRange(discord.RequestsTo("GET", "/gateway/bot").Count, 1, DiscordRestClient.MaxConsecutiveUnauthorized);
        }
        finally
        {
            Environment.ExitCode = 0;
            await host.StopAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>A host with only the Discord adapter (and a router that cannot be built, so command registration fails and
    /// the bot goes on to the gateway), pointed at <paramref name="discord"/> with <paramref name="token"/>.</summary>
    private static HostApplicationBuilder RefusalHost(FakeDiscord discord, string token, Microsoft.Extensions.Logging.ILogger<DiscordBotService> log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<ChatRouter>(_ => throw new InvalidOperationException("no commands in this test"));
        builder.Services.AddSingleton<IHostedService>(sp => new DiscordBotService(
            new CommandRegistrar(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<DiscordRestClient>(),
                sp.GetRequiredService<IOptions<DiscordOptions>>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<CommandRegistrar>.Instance),
            sp.GetRequiredService<GatewayShardRunner>(), sp.GetRequiredService<DiscordEventSink>(), sp.GetRequiredService<DiscordHealthReporter>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), TimeProvider.System, log));
        builder.Services.AddSingleton(new Core.Operations.PlatformHealth(TimeProvider.System));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:BotToken"] = token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId,
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
        });
        builder.Services.AddDiscord(runService: false);
        builder.Services.AddSingleton<Core.Storage.IStateStore, MemoryState>();
        return builder;
    }

    [Theory]
    [InlineData(0, new[] { 1 }, "Discord:ShardIds needs Discord:ShardCount")]
    [InlineData(4, new[] { 4 }, "between 0 and Discord:ShardCount - 1 (3)")]
    [InlineData(4, new[] { 1, 1 }, "lists a shard twice")]
    public void Shard_settings_that_cannot_work_fail_validation_naming_the_keys(int count, int[] ids, string expected)
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { ShardCount = count, ShardIds = ids });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class MemoryState : Core.Storage.IStateStore
    {
        private readonly Dictionary<string, string> _values = [];

        public string? Get(string key)
        {
            lock (_values)
            {
                return _values.GetValueOrDefault(key);
            }
        }

        public void Set(string key, string value)
        {
            lock (_values)
            {
                _values[key] = value;
            }
        }
    }
}
