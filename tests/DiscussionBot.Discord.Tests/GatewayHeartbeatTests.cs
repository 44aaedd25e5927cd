namespace DiscussionBot.Discord.Tests;

public sealed class GatewayHeartbeatTests
{
    [Fact]
    public async Task First_heartbeat_waits_interval_times_jitter_then_beats_every_interval_with_the_last_sequence()
    {
        await using var harness = new GatewayHarness(random: 0.25);
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync(heartbeatMs: 40_000);

        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(9_999));
        Assert.Empty(connection.Drain());

        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var first = await connection.NextFromClientAsync();
        Assert.Equal(1, first.Op());
        Assert.Equal(1, first.GetProperty("d").GetInt32());

        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(40));
        await connection.SendAsync(GatewayJson.Ack());
        await connection.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", 2, """{"id":"300000000000000001","name":"Readers"}"""));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(39_999));
        Assert.Empty(connection.Drain());
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await connection.NextFromClientAsync();
        Assert.Equal(1, second.Op());
        Assert.Equal(2, second.GetProperty("d").GetInt32());
    }

    [Fact]
    public async Task Heartbeat_before_any_dispatch_sends_null()
    {
        await using var harness = new GatewayHarness(random: 0);
        harness.Start();
        var connection = await harness.Transport.NextConnectionAsync();
        await connection.SendAsync(GatewayJson.Hello(1000));

        // Jitter 0: the first heartbeat goes at once.
        var heartbeat = await connection.NextFromClientAsync();
        Assert.Equal(JsonValueKind.Null, heartbeat.GetProperty("d").ValueKind);
    }

    [Fact]
    public async Task A_missed_ack_closes_the_zombie_connection_with_a_resumable_code_and_resumes()
    {
        await using var harness = new GatewayHarness(random: 0.5);
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync(heartbeatMs: 1000);

        await harness.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(500));
        harness.Clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, (await connection.NextFromClientAsync()).Op());
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        await connection.SendAsync(GatewayJson.Ack());
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await connection.NextFromClientAsync()).Op());

        // No ACK for the second heartbeat: at the third beat the connection is a zombie.
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var (code, _) = await connection.ClosedByClient.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotEqual(1000, code);
        Assert.NotEqual(1001, code);
        Assert.Empty(connection.Drain());

        var resumed = await harness.Transport.NextConnectionAsync();
        Assert.Equal("resume.test", resumed.Url.Host);
        Assert.Equal("?v=10&encoding=json", resumed.Url.Query);
        await resumed.SendAsync(GatewayJson.Hello(1000));
        var resume = await resumed.NextFromClientAsync();
        Assert.Equal(6, resume.Op());
        Assert.Equal("session-1", resume.GetProperty("d").GetProperty("session_id").GetString());
        Assert.Equal(1, resume.GetProperty("d").GetProperty("seq").GetInt32());
        Assert.Equal("scripted-token", resume.GetProperty("d").GetProperty("token").GetString());
    }

    [Fact]
    public async Task A_heartbeat_request_is_answered_at_once()
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync(heartbeatMs: 45_000);

        await connection.SendAsync(GatewayJson.HeartbeatRequest());

        var heartbeat = await connection.NextFromClientAsync();
        Assert.Equal(1, heartbeat.Op());
        Assert.Equal(1, heartbeat.GetProperty("d").GetInt32());
        Assert.Equal(TimeSpan.Zero, harness.Clock.Elapsed);
    }
}
