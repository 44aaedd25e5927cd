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
        // Real socket, real HTTP, fake clock: heartbeats go when the test moves time, so a loaded machine can neither
        // starve them nor make a late ACK look like a zombie connection.
        var clock = new ObservedClock();
        using var transport = new WebSocketGatewayTransport();
        var rest = new DiscordRestClient(new HttpClient(), options, new DiscordRateLimiter(clock), NullLogger<DiscordRestClient>.Instance);
        var client = new GatewayClient(transport, rest, sink, store, options, clock, NullLogger<GatewayClient>.Instance,
            new GatewayClientSettings { Random = new FixedRandom(0.1) });
        using var stop = new CancellationTokenSource();
        var running = client.RunAsync(stop.Token);

        var connection = await discord.AcceptGatewayAsync();
        Assert.Equal("?v=10&encoding=json", connection.Query);
        await connection.SendFragmentedAsync(GatewayJson.Hello(500));
        var identify = (await connection.NextAsync(2)).GetProperty("d");
        Assert.Equal(FakeDiscord.BotToken, identify.GetProperty("token").GetString());
        Assert.Equal(16_815_617, identify.GetProperty("intents").GetInt32());

        await connection.SendAsync(GatewayJson.Ready(1, "loop-session", discord.GatewayUrl));
        await connection.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", 2, """{"id":"300000000000000001","name":"Readers","unavailable":false}"""));
        await connection.SendFragmentedAsync(GatewayJson.Dispatch("INTERACTION_CREATE", 3, GatewayJson.SlashCommand("800000000000000001", "viewpoints", permissions: "32",
            optionsJson: """[{"name":"story","type":3,"value":"kazakhstan"}]""")));

        var dispatch = await sink.NextAsync("INTERACTION_CREATE");
        var interaction = dispatch.Parse<Interaction>();
        Assert.Equal(3, dispatch.Sequence);
        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("viewpoints", interaction.Data!.Name);
        Assert.Equal("kazakhstan", interaction.Data.Options![0].Value!.Value.GetString());
        Assert.Equal("alice", interaction.Invoker!.Username);
        Assert.True(Permissions.Has(interaction.Member!.Permissions, Permissions.ManageGuild));
        Assert.Equal("Readers", sink.All.Single(d => d.EventName == "GUILD_CREATE").Parse<GuildCreateEvent>().Name);

        // Three heartbeats, each acknowledged (the fake ACKs before the test reads the beat): the first after a tenth of
        // the interval (the jitter), then one per interval, each carrying the last sequence. A dispatch sent after the
        // ACK and seen by the sink proves the client read the ACK before time moves on to the next beat.
        var due = TimeSpan.FromMilliseconds(50);
        for (var beat = 0; beat < 3; beat++)
        {
            await clock.WaitForTimerAsync(due);
            clock.Advance(due);
            var heartbeat = await connection.NextAsync(1);
            Assert.Equal(3 + beat, heartbeat.GetProperty("d").GetInt32());
            await connection.SendAsync(GatewayJson.Dispatch("TYPING_START", 4 + beat, "{}"));
            Assert.Equal(4 + beat, (await sink.NextAsync("TYPING_START")).Sequence);
            due = TimeSpan.FromMilliseconds(500);
        }

        Assert.Equal(3, connection.HeartbeatsReceived);
        Assert.False(connection.ClosedByClient.IsCompleted);

        await connection.SendAsync(GatewayJson.Reconnect());
        Assert.Equal(GatewayClient.ResumableCloseCode, await connection.ClosedByClient.WaitAsync(TimeSpan.FromSeconds(5)));
        var resumed = await discord.AcceptGatewayAsync();
        await resumed.SendAsync(GatewayJson.Hello(45_000));
        var resume = (await resumed.NextAsync(6)).GetProperty("d");
        Assert.Equal("loop-session", resume.GetProperty("session_id").GetString());
        Assert.Equal(6, resume.GetProperty("seq").GetInt32());
        await resumed.SendAsync(GatewayJson.Resumed(7));
        await sink.NextAsync("RESUMED");

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GatewayClient.ResumableCloseCode, await resumed.ClosedByClient.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(("loop-session", 7), (store.Current!.SessionId, store.Current.Sequence));
    }

    [Fact]
    public async Task Close_4014_over_a_real_websocket_makes_the_client_identify_again_without_the_message_content_intent()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var options = Options.Create(discord.Options(overrideGatewayUrl: true));
        var rest = new DiscordRestClient(new HttpClient(), options, new DiscordRateLimiter(TimeProvider.System), NullLogger<DiscordRestClient>.Instance);
        var intents = new GatewayIntentState();
        var client = new GatewayClient(new WebSocketGatewayTransport(), rest, new CollectingSink(), new InMemoryGatewaySessionStore(), options, TimeProvider.System,
            NullLogger<GatewayClient>.Instance, new GatewayClientSettings { Random = new FixedRandom(0.5), IntentState = intents, IdentifyInterval = TimeSpan.Zero });
        using var stop = new CancellationTokenSource();
        var running = client.RunAsync(stop.Token);

        var first = await discord.AcceptGatewayAsync();
        await first.SendAsync(GatewayJson.Hello(45_000));
        var refused = (await first.NextAsync(2)).GetProperty("d").GetProperty("intents").GetInt32();
        await first.CloseAsync(4014, "Disallowed intent(s).");

        var second = await discord.AcceptGatewayAsync();
        await second.SendAsync(GatewayJson.Hello(45_000));
        var accepted = (await second.NextAsync(2)).GetProperty("d").GetProperty("intents").GetInt32();
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((int)GatewayIntents.Bot, refused);
        Assert.Equal((int)(GatewayIntents.Bot & ~GatewayIntents.MessageContent), accepted);
        Assert.False(intents.MessageContent);
    }
}
