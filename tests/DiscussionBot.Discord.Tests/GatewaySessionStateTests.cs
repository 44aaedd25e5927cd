namespace DiscussionBot.Discord.Tests;

/// <summary>The session bookkeeping the gateway client resumes from, on its own.</summary>
public sealed class GatewaySessionStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_saved_sequence_stays_below_a_dispatch_still_in_flight_however_many_later_ones_finish()
    {
        var state = new GatewaySessionState();
        state.BeginNewSession();
        state.Ready("s", "wss://resume.test");
        var generation = state.Received(1);
        foreach (var sequence in new[] { 1, 2, 3 })
        {
            state.Received(sequence);
            state.Started(generation, sequence);
        }

        state.Handled(generation, 1);
        state.Handled(generation, 3);
        Assert.Equal(1, state.Snapshot(Now)!.Sequence);

        state.Handled(generation, 2);
        Assert.Equal(3, state.Snapshot(Now)!.Sequence);
        Assert.Equal(3, state.Sequence);
    }

    [Fact]
    public void A_replayed_sequence_is_queued_once_and_a_new_session_ignores_the_old_ones_work()
    {
        var state = new GatewaySessionState();
        state.Restore(new GatewaySession("old", "wss://resume.test", 5, Now));
        Assert.True(state.CanResume);
        Assert.False(state.TryQueue(5));
        Assert.True(state.TryQueue(6));
        var old = state.Received(6);
        state.Started(old, 6);

        state.BeginNewSession();
        Assert.False(state.CanResume);
        Assert.Null(state.Sequence);
        state.Ready("new", "wss://resume.test");
        state.Handled(old, 6);

        Assert.Equal(("new", 0), (state.Snapshot(Now)!.SessionId, state.Snapshot(Now)!.Sequence));
        Assert.True(state.TryQueue(1));
        state.Forget();
        Assert.Null(state.Snapshot(Now));
    }
}
