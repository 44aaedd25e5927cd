using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Tests;

public sealed class GatewaySessionTests
{
    [Fact]
    public async Task Identify_sends_the_token_the_bot_intents_and_properties_to_the_url_from_gateway_bot()
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.Transport.NextConnectionAsync();
        await connection.SendAsync(GatewayJson.Hello(45_000));
        var identify = (await connection.NextFromClientAsync()).GetProperty("d");

        Assert.Equal("wss://gateway.test/?v=10&encoding=json", connection.Url.ToString());
        Assert.Contains("GET /api/v10/gateway/bot", harness.Http.Requests);
        Assert.Equal("scripted-token", identify.GetProperty("token").GetString());
        Assert.Equal((1 << 0) | (1 << 9) | (1 << 10) | (1 << 12) | (1 << 15) | (1 << 24), identify.GetProperty("intents").GetInt32());
        Assert.Equal(16_815_617, identify.GetProperty("intents").GetInt32());
        Assert.Equal("DiscussionBot", identify.GetProperty("properties").GetProperty("browser").GetString());
        Assert.False(string.IsNullOrEmpty(identify.GetProperty("properties").GetProperty("os").GetString()));
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4012)]
    [InlineData(4013)]
    public async Task A_fatal_close_code_stops_the_client_with_an_error_naming_the_code_and_no_reconnect(int code)
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.CloseAsync(code, "nope");

        var fatal = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => harness.Running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(code, fatal.CloseCode);
        Assert.Equal(1, harness.Transport.ConnectAttempts);
        Assert.False(harness.Transport.HasPendingConnection);
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(code.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_codes_4007_and_4009_start_a_new_session_no_sooner_than_five_seconds_after_the_last_identify(int code)
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.CloseAsync(code);
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        Assert.False(harness.Transport.HasPendingConnection);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        var fresh = await harness.Transport.NextConnectionAsync();
        Assert.Equal("gateway.test", fresh.Url.Host);
        await fresh.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(2, (await fresh.NextFromClientAsync()).Op());
        Assert.Null(harness.Store.Current);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4008)]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1006)]
    public async Task Other_close_codes_resume_at_the_resume_url(int code)
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.CloseAsync(code);

        var next = await harness.Transport.NextConnectionAsync();
        Assert.Equal("resume.test", next.Url.Host);
        await next.SendAsync(GatewayJson.Hello(45_000));
        var resume = await next.NextFromClientAsync();
        Assert.Equal(6, resume.Op());
        Assert.Equal(1, resume.GetProperty("d").GetProperty("seq").GetInt32());
    }

    [Fact]
    public async Task Op7_reconnect_closes_resumably_and_resumes()
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.SendAsync(GatewayJson.Reconnect());

        Assert.Equal(GatewayClient.ResumableCloseCode, (await connection.ClosedByClient).Code);
        var next = await harness.Transport.NextConnectionAsync();
        Assert.Equal("resume.test", next.Url.Host);
        await next.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(6, (await next.NextFromClientAsync()).Op());
    }

    [Fact]
    public async Task Op9_resumable_resumes()
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.SendAsync(GatewayJson.InvalidSession(resumable: true));

        var next = await harness.Transport.NextConnectionAsync();
        await next.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(6, (await next.NextFromClientAsync()).Op());
    }

    [Fact]
    public async Task Op9_not_resumable_waits_between_one_and_five_seconds_then_identifies_afresh()
    {
        await using var harness = new GatewayHarness(random: 0.5);
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.SendAsync(GatewayJson.InvalidSession(resumable: false));

        // 1 + 4 × 0.5 = 3 s, then 2 s more so identifies stay 5 s apart.
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        harness.Clock.Advance(TimeSpan.FromSeconds(3));
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.False(harness.Transport.HasPendingConnection);
        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var next = await harness.Transport.NextConnectionAsync();
        Assert.Equal("gateway.test", next.Url.Host);
        await next.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(2, (await next.NextFromClientAsync()).Op());
    }

    [Fact]
    public async Task Events_replayed_after_a_resume_are_handled_once()
    {
        await using var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2","content":"a"}"""));
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 3, """{"id":"3","channel_id":"2","content":"b"}"""));
        await connection.SendAsync(GatewayJson.Reconnect());

        var next = await harness.Transport.NextConnectionAsync();
        await next.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(3, (await next.NextFromClientAsync()).GetProperty("d").GetProperty("seq").GetInt32());
        await next.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2","content":"a"}"""));
        await next.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 3, """{"id":"3","channel_id":"2","content":"b"}"""));
        await next.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 4, """{"id":"5","channel_id":"2","content":"c"}"""));
        await next.SendAsync(GatewayJson.Resumed(5));

        await harness.Sink.NextAsync("RESUMED");
        Assert.Equal([1, 2, 3, 4, 5], harness.Sink.All.Select(d => d.Sequence));
        Assert.Equal(["a", "b", "c"], harness.Sink.All.Where(d => d.EventName == "MESSAGE_CREATE").Select(d => d.Parse<DiscordMessage>().Content));
    }

    [Fact]
    public async Task A_failing_handler_is_logged_and_later_events_still_arrive()
    {
        await using var harness = new GatewayHarness();
        harness.Sink.ThrowOn = "MESSAGE_CREATE";
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();

        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2"}"""));
        await connection.SendAsync(GatewayJson.Dispatch("GUILD_CREATE", 3, """{"id":"300000000000000001","name":"Readers"}"""));

        Assert.Equal("Readers", (await harness.Sink.NextAsync("GUILD_CREATE")).Parse<GuildCreateEvent>().Name);
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("MESSAGE_CREATE #2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_handler_does_not_hold_up_heartbeats()
    {
        var gate = new TaskCompletionSource();
        await using var harness = new GatewayHarness(sink: new BlockingSink(gate.Task));
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2"}"""));

        await connection.SendAsync(GatewayJson.HeartbeatRequest());

        Assert.Equal(1, (await connection.NextFromClientAsync()).Op());
        gate.SetResult();
    }

    [Fact]
    public async Task A_saved_session_makes_a_restart_resume_without_asking_for_the_gateway_url()
    {
        var saved = new GatewaySession("session-9", "wss://resume.test", 41, new DateTimeOffset(2025, 1, 1, 11, 59, 0, TimeSpan.Zero));
        await using var harness = new GatewayHarness(savedSession: saved);
        harness.Start();

        var connection = await harness.Transport.NextConnectionAsync();
        Assert.Equal("resume.test", connection.Url.Host);
        await connection.SendAsync(GatewayJson.Hello(45_000));
        var resume = (await connection.NextFromClientAsync()).GetProperty("d");
        Assert.Equal("session-9", resume.GetProperty("session_id").GetString());
        Assert.Equal(41, resume.GetProperty("seq").GetInt32());
        Assert.Empty(harness.Http.Requests);
    }

    [Fact]
    public async Task A_stale_saved_session_gets_op9_and_identifies_instead()
    {
        var saved = new GatewaySession("gone", "wss://resume.test", 41, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = new GatewayHarness(random: 0.5, savedSession: saved);
        harness.Start();
        var connection = await harness.Transport.NextConnectionAsync();
        await connection.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(6, (await connection.NextFromClientAsync()).Op());

        await connection.SendAsync(GatewayJson.InvalidSession(resumable: false));
        await harness.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        harness.Clock.Advance(TimeSpan.FromSeconds(3));

        var fresh = await harness.Transport.NextConnectionAsync();
        Assert.Equal("gateway.test", fresh.Url.Host);
        await fresh.SendAsync(GatewayJson.Hello(45_000));
        Assert.Equal(2, (await fresh.NextFromClientAsync()).Op());
        Assert.Null(harness.Store.Current);
    }

    [Fact]
    public async Task Stopping_saves_the_session_with_the_last_handled_sequence()
    {
        var harness = new GatewayHarness();
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2"}"""));
        await harness.Sink.NextAsync("MESSAGE_CREATE");

        await harness.DisposeAsync();

        Assert.Equal(GatewayClient.ResumableCloseCode, (await connection.ClosedByClient).Code);
        var saved = harness.Store.Current!;
        Assert.Equal(("session-1", "wss://resume.test", 2), (saved.SessionId, saved.ResumeGatewayUrl, saved.Sequence));
        Assert.True(harness.Running.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task With_no_identifies_left_today_the_client_waits_for_the_reset()
    {
        await using var harness = new GatewayHarness(identifiesRemaining: 0);
        harness.Start();

        await harness.Clock.WaitForTimerAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, harness.Transport.ConnectAttempts);
        Assert.Contains(harness.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("identifies", StringComparison.Ordinal));
        harness.IdentifiesRemaining = 1000;
        harness.Clock.Advance(TimeSpan.FromMinutes(1));

        var connection = await harness.Transport.NextConnectionAsync();
        Assert.Equal("gateway.test", connection.Url.Host);
    }

    [Fact]
    public async Task Failed_connects_back_off_exponentially_with_jitter_and_a_good_session_resets_the_backoff()
    {
        await using var harness = new GatewayHarness(random: 0.5);
        for (var i = 0; i < 3; i++)
        {
            harness.Transport.ConnectFailures.Enqueue(new IOException("refused"));
        }

        harness.Start();

        // base · 2^(n−1) · (0.5 + 0.5 × 0.5)
        foreach (var ms in new[] { 750, 1500, 3000 })
        {
            await harness.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(ms));
            harness.Clock.Advance(TimeSpan.FromMilliseconds(ms));
        }

        var connection = await harness.ConnectAndIdentifyAsync();
        Assert.Equal(4, harness.Transport.ConnectAttempts);

        await connection.CloseAsync(4000);
        var next = await harness.Transport.NextConnectionAsync();
        Assert.Equal("resume.test", next.Url.Host);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 3)]
    public async Task A_sequence_still_being_handled_on_a_lane_is_not_saved_as_handled(bool finishTheFirst, int savedSequence)
    {
        var sink = new LaneSink();
        var harness = new GatewayHarness(sink: sink);
        harness.Start();
        var connection = await harness.ConnectAndIdentifyAsync();
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 2, """{"id":"1","channel_id":"2"}"""));
        await connection.SendAsync(GatewayJson.Dispatch("MESSAGE_CREATE", 3, """{"id":"2","channel_id":"3"}"""));
        await sink.Accepted(3).WaitAsync(TimeSpan.FromSeconds(10));

        // The later event finishes first (another lane); the earlier one may still be running at a crash.
        sink.Finish(3);
        if (finishTheFirst)
        {
            sink.Finish(2);
        }

        await harness.DisposeAsync();

        // A restart RESUMEs from the saved sequence, so Discord replays the unfinished event instead of losing it.
        Assert.Equal(savedSequence, harness.Store.Current!.Sequence);
    }

    /// <summary>Accepts MESSAGE_CREATE at once and finishes it only when the test says, as the adapter's lanes do.</summary>
    private sealed class LaneSink : IGatewayEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _accepted = new();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _done = new();

        public Task Accepted(int sequence) => Source(_accepted, sequence).Task;

        // Completing runs the client's continuation inline (no RunContinuationsAsynchronously), so by the time
        // Finish returns the client has counted the event handled.
        public void Finish(int sequence) => Source(_done, sequence, TaskCreationOptions.None).TrySetResult();

        public Task HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask<Task> AcceptAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
        {
            if (dispatch.EventName != "MESSAGE_CREATE")
            {
                return ValueTask.FromResult(Task.CompletedTask);
            }

            Source(_accepted, dispatch.Sequence).TrySetResult();
            return ValueTask.FromResult(Source(_done, dispatch.Sequence, TaskCreationOptions.None).Task);
        }

        private static TaskCompletionSource Source(
            System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> map, int sequence,
            TaskCreationOptions options = TaskCreationOptions.RunContinuationsAsynchronously) =>
            map.GetOrAdd(sequence, _ => new TaskCompletionSource(options));
    }

    private sealed class BlockingSink(Task until) : IGatewayEventSink
    {
        public Task HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken) =>
            dispatch.EventName == "MESSAGE_CREATE" ? until.WaitAsync(cancellationToken) : Task.CompletedTask;
    }
}
