using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>The real client, real WebSocket and real HttpClient against the loopback fake Discord.</summary>
public sealed class GatewayLoopbackTests
{
    [Fact]
    public async Task A_whole_session_over_a_real_websocket_identifies_delivers_an_interaction_heartbeats_and_resumes()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var options = Options.Create(discord.Options());
        var sink = new CollectingSink();
        var store = new InMemoryGatewaySessionStore();
        using var transport = new WebSocketGatewayTransport();
        var rest = new DiscordRestClient(new HttpClient(), options, new DiscordRateLimiter(TimeProvider.System), NullLogger<DiscordRestClient>.Instance);
        var client = new GatewayClient(transport, rest, sink, store, options, TimeProvider.System, NullLogger<GatewayClient>.Instance,
            new GatewayClientSettings { Random = new FixedRandom(0.1) });
        using var stop = new CancellationTokenSource();
        var running = client.RunAsync(stop.Token);

        var connection = await discord.AcceptGatewayAsync();
        Assert.Equal("?v=10&encoding=json", connection.Query);
        // Half a second between heartbeats: short enough for a quick test, long enough that an ACK delayed by a
        // loaded machine (tests run side by side on two cores) is not taken for a zombie connection.
        await connection.SendFragmentedAsync(GatewayJson.Hello(500));
        var identify = (await connection.NextAsync(2)).GetProperty("d");
        Assert.Equal(FakeDiscord.BotToken, identify.GetProperty("token").GetString());
        Assert.Equal(16_811_521, identify.GetProperty("intents").GetInt32());

        await connection.SendAsync(GatewayJson.Ready(1, "loop-session", discord.GatewayUrl));
        await connection.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", 2, """{"id":"300000000000000001","name":"Readers","unavailable":false}"""));
        await connection.SendFragmentedAsync(GatewayJson.Dispatch("INTERACTION_CREATE", 3, GatewayJson.SlashCommand("800000000000000001", "viewpoints", permissions: "32",
            optionsJson: """[{"name":"topic","type":3,"value":"kazakhstan"}]""")));

        var dispatch = await sink.NextAsync("INTERACTION_CREATE");
        var interaction = dispatch.Parse<Interaction>();
        Assert.Equal(3, dispatch.Sequence);
        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("viewpoints", interaction.Data!.Name);
        Assert.Equal("kazakhstan", interaction.Data.Options![0].Value!.Value.GetString());
        Assert.Equal("alice", interaction.Invoker!.Username);
        Assert.True(Permissions.Has(interaction.Member!.Permissions, Permissions.ManageGuild));
        Assert.Equal("Readers", sink.All.Single(d => d.EventName == "GUILD_CREATE").Parse<GuildCreateEvent>().Name);

        // Heartbeats flow and are acknowledged: the connection survives several intervals.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (connection.HeartbeatsReceived < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(connection.HeartbeatsReceived >= 3, $"only {connection.HeartbeatsReceived} heartbeats");
        Assert.False(connection.ClosedByClient.IsCompleted);

        await connection.SendAsync(GatewayJson.Reconnect());
        Assert.Equal(GatewayClient.ResumableCloseCode, await connection.ClosedByClient.WaitAsync(TimeSpan.FromSeconds(5)));
        var resumed = await discord.AcceptGatewayAsync();
        await resumed.SendAsync(GatewayJson.Hello(45_000));
        var resume = (await resumed.NextAsync(6)).GetProperty("d");
        Assert.Equal("loop-session", resume.GetProperty("session_id").GetString());
        Assert.Equal(3, resume.GetProperty("seq").GetInt32());
        await resumed.SendAsync(GatewayJson.Resumed(4));
        await sink.NextAsync("RESUMED");

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GatewayClient.ResumableCloseCode, await resumed.ClosedByClient.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(("loop-session", 4), (store.Current!.SessionId, store.Current.Sequence));
    }

    [Fact]
    public async Task A_fatal_close_over_a_real_websocket_ends_run_with_the_close_code()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var options = Options.Create(discord.Options(overrideGatewayUrl: true));
        using var transport = new WebSocketGatewayTransport();
        var rest = new DiscordRestClient(new HttpClient(), options, new DiscordRateLimiter(TimeProvider.System), NullLogger<DiscordRestClient>.Instance);
        var client = new GatewayClient(transport, rest, new CollectingSink(), new InMemoryGatewaySessionStore(), options, TimeProvider.System,
            NullLogger<GatewayClient>.Instance, new GatewayClientSettings { Random = new FixedRandom(0.5) });
        var running = client.RunAsync(CancellationToken.None);

        var connection = await discord.AcceptGatewayAsync();
        await connection.SendAsync(GatewayJson.Hello(45_000));
        await connection.NextAsync(2);
        await connection.CloseAsync(4014, "Disallowed intent(s).");

        var fatal = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4014, fatal.CloseCode);
        Assert.Contains("Message Content", fatal.Message, StringComparison.Ordinal);
    }
}
