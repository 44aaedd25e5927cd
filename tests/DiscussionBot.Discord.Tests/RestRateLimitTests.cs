using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

public sealed class RestRateLimitTests
{
    private const string ChannelA = "400000000000000001";
    private const string ChannelB = "400000000000000002";

    private static (DiscordRestClient Client, ObservedClock Clock) Client(FakeDiscord discord)
    {
        var clock = new ObservedClock();
        return (new DiscordRestClient(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(clock), NullLogger<DiscordRestClient>.Instance), clock);
    }

    private static Dictionary<string, string> Bucket(int remaining, double resetAfter) => new()
    {
        ["X-RateLimit-Limit"] = "5",
        ["X-RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["X-RateLimit-Reset-After"] = resetAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["X-RateLimit-Bucket"] = "messages-bucket",
    };

    /// <summary>Sends a first message to channel A whose answer exhausts the bucket for 5 s, then a second one, and
    /// returns the second once it waits for the reset.</summary>
    private static async Task<Task<DiscordMessage>> SecondMessageOnAnExhaustedBucketAsync(FakeDiscord discord, DiscordRestClient client, ObservedClock clock)
    {
        discord.Responder = r => r.Path == $"/channels/{ChannelA}/messages" && discord.RequestsTo("POST", $"/channels/{ChannelA}").Count == 1
            ? new FakeResponse(200, """{"id":"1","channel_id":"400000000000000001"}""", Bucket(0, 5))
            : null;

        await client.CreateMessageAsync(ChannelA, new MessagePayload("first"), default);
        var second = client.CreateMessageAsync(ChannelA, new MessagePayload("second"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        return second;
    }

    [Fact]
    public async Task An_exhausted_bucket_waits_for_its_reset_while_the_same_route_in_another_channel_goes_on()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var second = await SecondMessageOnAnExhaustedBucketAsync(discord, client, clock);

        await client.CreateMessageAsync(ChannelB, new MessagePayload("elsewhere"), default);
        Assert.False(second.IsCompleted);
        Assert.Single(discord.RequestsTo("POST", $"/channels/{ChannelA}"));

        clock.Advance(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, discord.RequestsTo("POST", $"/channels/{ChannelA}").Count);
    }

    [Fact]
    public async Task A_timer_that_wakes_a_little_before_the_reset_does_not_send_on_the_exhausted_bucket_early()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        clock.FireEarly = TimeSpan.FromMilliseconds(2);
        var second = await SecondMessageOnAnExhaustedBucketAsync(discord, client, clock);

        // The timer wakes 2 ms before the reset: the request waits the rest instead of going out (a 429 on Discord).
        clock.Advance(TimeSpan.FromMilliseconds(4998));
        await clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(2), timeoutMs: 10_000);
        Assert.Single(discord.RequestsTo("POST", $"/channels/{ChannelA}"));

        clock.Advance(TimeSpan.FromMilliseconds(2));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, discord.RequestsTo("POST", $"/channels/{ChannelA}").Count);
    }

    [Fact]
    public async Task A_429_on_one_bucket_does_not_slow_another()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var limited = 0;
        discord.Responder = r => r.Path == $"/channels/{ChannelA}/messages" && Interlocked.Increment(ref limited) == 1
            ? new FakeResponse(429, """{"message":"You are being rate limited.","retry_after":10.5,"global":false}""",
                new Dictionary<string, string>(Bucket(0, 10.5)) { ["X-RateLimit-Scope"] = "user", ["Retry-After"] = "11" })
            : null;

        var slowed = client.CreateMessageAsync(ChannelA, new MessagePayload("to a busy channel"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(10.5));

        await client.CreateMessageAsync(ChannelB, new MessagePayload("elsewhere"), default);
        var sent = await client.CreateMessageAsync(ChannelB, new MessagePayload("with a poll", Poll: PollCreate.Of("Q?", ["yes", "no"])), default);
        await client.GetMessageAsync(ChannelB, sent.Id, default);
        Assert.False(slowed.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(10.5));
        Assert.Equal("to a busy channel", (await slowed.WaitAsync(TimeSpan.FromSeconds(5))).Content);
        Assert.Equal(2, discord.RequestsTo("POST", $"/channels/{ChannelA}").Count);
    }

    [Fact]
    public async Task A_shared_scope_429_waits_only_that_bucket()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var limited = 0;
        discord.Responder = r => r.Path == $"/channels/{ChannelA}/messages" && Interlocked.Increment(ref limited) == 1
            ? new FakeResponse(429, """{"message":"The resource is being rate limited.","retry_after":3,"global":false}""",
                new Dictionary<string, string>(Bucket(9, 64)) { ["X-RateLimit-Scope"] = "shared" })
            : null;

        var slowed = client.CreateMessageAsync(ChannelA, new MessagePayload("a"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        await client.CreateMessageAsync(ChannelB, new MessagePayload("b"), default);
        clock.Advance(TimeSpan.FromSeconds(3));
        await slowed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_global_429_pauses_every_bot_request_but_not_interaction_callbacks()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var limited = 0;
        discord.Responder = r => r.Path == $"/channels/{ChannelA}/messages" && Interlocked.Increment(ref limited) == 1
            ? new FakeResponse(429, """{"message":"You are being rate limited.","retry_after":3,"global":true}""",
                new Dictionary<string, string> { ["X-RateLimit-Global"] = "true", ["X-RateLimit-Scope"] = "global", ["Retry-After"] = "3" })
            : null;

        var first = client.CreateMessageAsync(ChannelA, new MessagePayload("a"), default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        var other = client.BulkOverwriteGlobalCommandsAsync([new ApplicationCommandDefinition("help", "How to use the bot")], default);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        await client.CreateInteractionResponseAsync("800000000000000001", "itoken", InteractionResponse.Defer(), default);
        Assert.False(first.IsCompleted);
        Assert.False(other.IsCompleted);
        Assert.Single(discord.Requests, r => r.Path.StartsWith("/channels", StringComparison.Ordinal));
        Assert.DoesNotContain(discord.Requests, r => r.Path.StartsWith("/applications", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(first, other).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, discord.Requests.Count);
    }

    [Fact]
    public async Task Rate_limits_are_retried_a_bounded_number_of_times()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, _) = Client(discord);
        discord.Responder = _ => new FakeResponse(429, """{"message":"slow down","retry_after":0,"global":false}""");

        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateMessageAsync(ChannelA, new MessagePayload("a"), default));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(DiscordRestClient.MaxRateLimitRetries + 1, discord.Requests.Count);
    }

    [Fact]
    public async Task Repeated_401s_stop_the_client_from_sending_anything_more()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, _) = Client(discord);
        discord.Responder = _ => new FakeResponse(401, """{"message":"401: Unauthorized","code":0}""");

        for (var i = 0; i < DiscordRestClient.MaxConsecutiveUnauthorized; i++)
        {
            await Assert.ThrowsAsync<DiscordAuthenticationException>(() => client.GetGatewayBotAsync(default));
        }

        var stopped = await Assert.ThrowsAsync<DiscordAuthenticationException>(() => client.CreateMessageAsync(ChannelA, new MessagePayload("a"), default));
        Assert.Contains("no more requests", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(DiscordRestClient.MaxConsecutiveUnauthorized, discord.Requests.Count);
    }

    [Fact]
    public async Task An_expired_interaction_token_is_an_ordinary_error_not_a_bot_token_stop()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, _) = Client(discord);
        discord.Responder = r => r.Path.StartsWith("/webhooks", StringComparison.Ordinal)
            ? new FakeResponse(401, """{"message":"Invalid Webhook Token","code":50027}""")
            : null;

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<DiscordHttpException>(() => client.EditOriginalResponseAsync("expired", new MessagePayload("late"), default));
            Assert.Equal(50027, error.Code);
        }

        await client.GetGatewayBotAsync(default);
    }

    [Theory]
    [InlineData("POST", "/channels/123/messages", "POST /channels/{channel_id}/messages", "123")]
    [InlineData("GET", "/channels/123/messages/456", "GET /channels/{channel_id}/messages/{id}", "123")]
    [InlineData("PUT", "/applications/1/guilds/9/commands", "PUT /applications/{id}/guilds/{guild_id}/commands", "9")]
    [InlineData("POST", "/interactions/77/tok-en/callback", "POST /interactions/{interaction_id}/{interaction_token}/callback", "77")]
    [InlineData("PATCH", "/webhooks/1/tok/messages/@original", "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original", "1/tok")]
    public void Routes_keep_top_level_ids_as_major_parameters_and_template_the_rest(string method, string path, string routeKey, string major)
    {
        var route = DiscordRoute.For(new HttpMethod(method), path);
        Assert.Equal(routeKey, route.RouteKey);
        Assert.Equal(major, route.MajorKey);
    }
}
