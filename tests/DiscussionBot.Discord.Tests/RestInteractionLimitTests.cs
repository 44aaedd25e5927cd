using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

public sealed class RestInteractionLimitTests
{
    private const string ChannelA = "400000000000000001";
    private const string ChannelB = "400000000000000002";
    private const string ChannelC = "400000000000000003";

    private static (DiscordRestClient Client, ObservedClock Clock) Client(FakeDiscord discord, int globalPerSecond = 50)
    {
        var clock = new ObservedClock();
        return (new DiscordRestClient(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(clock, globalPerSecond),
            NullLogger<DiscordRestClient>.Instance), clock);
    }

    private static string InteractionId(int n) => (810000000000000000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Concurrent_interaction_callbacks_are_all_in_flight_at_once_never_serialized()
    {
        await using var discord = await FakeDiscord.StartAsync();
        discord.Latency = TimeSpan.FromMilliseconds(400);
        var client = new DiscordRestClient(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(TimeProvider.System),
            NullLogger<DiscordRestClient>.Instance);

        var callbacks = Enumerable.Range(1, 8)
            .Select(n => client.CreateInteractionResponseAsync(InteractionId(n), "itoken-" + InteractionId(n), InteractionResponse.Defer(), default))
            .ToList();
        await Task.WhenAll(callbacks).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(8, discord.MaxInFlight);
        Assert.Empty(discord.SchemaViolations);
    }

    [Fact]
    public async Task An_exhausted_bucket_on_one_interaction_holds_up_no_other_interaction()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var exhausted = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "1",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset-After"] = "5",
            ["X-RateLimit-Bucket"] = "interaction-callback-bucket",
        };
        discord.Responder = r => r.Path.StartsWith($"/interactions/{InteractionId(1)}/", StringComparison.Ordinal) ? new FakeResponse(204, null, exhausted) : null;

        await client.CreateInteractionResponseAsync(InteractionId(1), "itoken-1", InteractionResponse.Defer(), default);
        // Same route, same bucket hash, another interaction: answered without waiting for the first one's reset.
        await client.CreateInteractionResponseAsync(InteractionId(2), "itoken-2", InteractionResponse.Defer(), default).WaitAsync(TimeSpan.FromSeconds(5));
        var again = client.CreateInteractionResponseAsync(InteractionId(1), "itoken-1", InteractionResponse.Defer(), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));

        Assert.False(again.IsCompleted);
        Assert.Single(discord.RequestsTo("POST", $"/interactions/{InteractionId(1)}/"));
        Assert.Single(discord.RequestsTo("POST", $"/interactions/{InteractionId(2)}/"));
        clock.Advance(TimeSpan.FromSeconds(5));
        await again.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_global_pause_does_not_hold_back_interaction_callbacks_or_followups()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var limited = 0;
        discord.Responder = r => r.Path.StartsWith("/channels/", StringComparison.Ordinal) && Interlocked.Increment(ref limited) == 1
            ? new FakeResponse(429, """{"message":"You are being rate limited.","retry_after":30,"global":true}""",
                new Dictionary<string, string> { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global", ["Retry-After"] = "30" })
            : null;

        var paused = client.CreateMessageAsync(ChannelA, new MessagePayload("bot-wide"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        await client.CreateInteractionResponseAsync(InteractionId(3), "itoken-3", InteractionResponse.Defer(), default).WaitAsync(TimeSpan.FromSeconds(5));
        await client.CreateFollowupMessageAsync("itoken-3", new MessagePayload("followup"), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(paused.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        await paused.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Bot_requests_outside_interactions_are_paced_to_the_proactive_global_limit()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord, globalPerSecond: 2);

        await client.CreateMessageAsync(ChannelA, new MessagePayload("one"), default);
        await client.CreateMessageAsync(ChannelB, new MessagePayload("two"), default);
        var third = client.CreateMessageAsync(ChannelC, new MessagePayload("three"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        // Interactions are not bound to the global limit.
        await client.CreateInteractionResponseAsync(InteractionId(4), "itoken-4", InteractionResponse.Defer(), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(third.IsCompleted);
        Assert.Empty(discord.RequestsTo("POST", $"/channels/{ChannelC}"));
        clock.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_request_that_keeps_failing_with_an_invalid_status_is_not_sent_again(int status)
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        discord.Responder = r => r.Path == $"/channels/{ChannelA}/messages" ? new FakeResponse(status, """{"code":50001,"message":"Missing Access"}""") : null;

        for (var i = 0; i < DiscordRateLimiter.MaxInvalidRepeats; i++)
        {
            var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(ChannelA, new MessagePayload("again"), default));
            Assert.Equal((HttpStatusCode)status, error.Status);
        }

        var rested = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(ChannelA, new MessagePayload("again"), default));
        await client.CreateMessageAsync(ChannelB, new MessagePayload("elsewhere"), default);

        Assert.Contains("not sent", rested.Message, StringComparison.Ordinal);
        Assert.Equal(DiscordRateLimiter.MaxInvalidRepeats, discord.RequestsTo("POST", $"/channels/{ChannelA}").Count);
        Assert.Single(discord.RequestsTo("POST", $"/channels/{ChannelB}"));

        // After the cool-down it is tried once more.
        clock.Advance(DiscordRateLimiter.InvalidCooldown);
        await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(ChannelA, new MessagePayload("again"), default));
        Assert.Equal(DiscordRateLimiter.MaxInvalidRepeats + 1, discord.RequestsTo("POST", $"/channels/{ChannelA}").Count);
    }

    [Fact]
    public void Buckets_of_interactions_long_gone_are_forgotten()
    {
        var clock = new ObservedClock();
        var limiter = new DiscordRateLimiter(clock);
        for (var i = 0; i < 1000; i++)
        {
            limiter.BucketFor(DiscordRoute.For(HttpMethod.Post, $"/interactions/{InteractionId(i)}/itoken/callback"));
        }

        clock.Advance(TimeSpan.FromMinutes(21));
        for (var i = 1000; i < 2048; i++)
        {
            limiter.BucketFor(DiscordRoute.For(HttpMethod.Post, $"/interactions/{InteractionId(i)}/itoken/callback"));
        }

        Assert.Equal(1048, limiter.BucketCount);
    }
}
