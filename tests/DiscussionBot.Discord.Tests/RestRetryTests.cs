using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

/// <summary>Server errors and broken connections are retried only where a retry cannot do a thing twice.</summary>
public sealed class RestRetryTests
{
    private const string Channel = "400000000000000001";

    private static (DiscordRestClient Client, ObservedClock Clock) Client(FakeDiscord discord)
    {
        var clock = new ObservedClock();
        return (new DiscordRestClient(new HttpClient(), Options.Create(discord.Options()), new DiscordRateLimiter(clock), NullLogger<DiscordRestClient>.Instance), clock);
    }

    /// <summary>Moves the fake clock on until <paramref name="task"/> ends (the backoff has random jitter).</summary>
    private static async Task<T> RunAsync<T>(Task<T> task, ObservedClock clock)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            await Task.Delay(10);
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_channel_message_is_retried_after_a_502_under_the_same_enforced_nonce()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var calls = 0;
        discord.Responder = r => r.Path == $"/channels/{Channel}/messages" && Interlocked.Increment(ref calls) == 1
            ? new FakeResponse(502, """{"message":"Bad Gateway","code":0}""")
            : null;

        var message = await RunAsync(client.CreateMessageAsync(Channel, new MessagePayload("the ferry timetable"), default), clock);

        Assert.NotNull(message.Id);
        var posts = discord.RequestsTo("POST", $"/channels/{Channel}/messages");
        Assert.Equal(2, posts.Count);
        var nonces = posts.Select(p => p.Body!["nonce"]!.GetValue<string>()).Distinct().ToList();
        var nonce = Assert.Single(nonces);
        Assert.InRange(nonce.Length, 1, 25);
        Assert.All(posts, p => Assert.True(p.Body!["enforce_nonce"]!.GetValue<bool>()));
        Assert.Empty(discord.SchemaViolations);
    }

    [Fact]
    public async Task A_502_after_Discord_stored_the_message_does_not_post_it_twice()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        var calls = 0;
        discord.FailAfterHandling = r => r.Method == "POST" && Interlocked.Increment(ref calls) == 1 ? 502 : null;

        var message = await RunAsync(client.CreateMessageAsync(Channel, new MessagePayload("the ferry timetable"), default), clock);

        Assert.Equal(2, discord.RequestsTo("POST", $"/channels/{Channel}/messages").Count);
        Assert.Equal(1, discord.MessagesIn(Channel));
        Assert.NotNull(message.Id);
    }

    [Fact]
    public async Task Each_message_gets_its_own_nonce()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, _) = Client(discord);

        await client.CreateMessageAsync(Channel, new MessagePayload("one"), default);
        await client.CreateMessageAsync(Channel, new MessagePayload("two"), default);

        Assert.Equal(2, discord.RequestsTo("POST", $"/channels/{Channel}/messages").Select(p => p.Body!["nonce"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task A_read_gives_up_after_two_retries_and_says_why()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, clock) = Client(discord);
        discord.Responder = r => r.Method == "GET" ? new FakeResponse(503, """{"message":"Service Unavailable","code":0}""") : null;

        var error = await Assert.ThrowsAsync<DiscordHttpException>(() => RunAsync(client.GetMessageAsync(Channel, "500000000000000009", default), clock));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(1 + DiscordRestClient.MaxServerErrorRetries, discord.RequestsTo("GET", $"/channels/{Channel}/messages").Count);
    }

    [Fact]
    public async Task An_interaction_callback_is_not_retried_it_could_answer_twice()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var (client, _) = Client(discord);
        discord.Responder = r => r.Path.StartsWith("/interactions/", StringComparison.Ordinal) ? new FakeResponse(500, """{"message":"Internal Server Error","code":0}""") : null;

        await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateInteractionResponseAsync(
            "810000000000000001", "itoken-1", new InteractionResponse(InteractionCallbackType.DeferredChannelMessageWithSource), default));

        Assert.Single(discord.RequestsTo("POST", "/interactions/"));
    }
}
