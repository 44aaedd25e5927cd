using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace DiscussionBot.Discord.Tests;

/// <summary>
/// The loopback fake enforces Discord's limits as rate-limits.mdx documents them, so benchmarks and tests that count
/// 429s count what Discord would refuse. Plain HTTP here: the fake is checked without the bot's own limiter in the way.
/// </summary>
public sealed class FakeDiscordRateLimitTests
{
    private const string ChannelA = "400000000000000001";
    private const string ChannelB = "400000000000000002";

    [Fact]
    public async Task The_fake_counts_messages_per_channel_answers_the_one_past_the_limit_with_a_documented_429_and_lets_another_channel_go_on()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        discord.RateLimits.Time = clock;
        using var http = new HttpClient();

        var answers = new List<HttpResponseMessage>();
        for (var n = 0; n < 6; n++)
        {
            answers.Add(await PostAsync(http, discord, ChannelA, "m" + n));
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        var elsewhere = await PostAsync(http, discord, ChannelB, "elsewhere");
        clock.Advance(TimeSpan.FromSeconds(2.5));
        var afterReset = await PostAsync(http, discord, ChannelA, "after the reset");

        Assert.All(answers.Take(5), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(["4", "3", "2", "1", "0"], answers.Take(5).Select(a => Header(a, "X-RateLimit-Remaining")));
        Assert.All(answers, a => Assert.Equal("5", Header(a, "X-RateLimit-Limit")));
        Assert.Equal(["5.000", "4.500", "4.000", "3.500", "3.000"], answers.Take(5).Select(a => Header(a, "X-RateLimit-Reset-After")));
        Assert.Single(answers.Select(a => Header(a, "X-RateLimit-Bucket")).Distinct());

        var limited = answers[5];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("user", Header(limited, "X-RateLimit-Scope"));
        Assert.Equal("3", Header(limited, "Retry-After"));
        var body = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal(2.5, body["retry_after"]!.GetValue<double>());
        Assert.False(body["global"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal("4", Header(elsewhere, "X-RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
        Assert.Equal("4", Header(afterReset, "X-RateLimit-Remaining"));
        var violation = Assert.Single(discord.RateLimitViolations);
        Assert.Equal("m5", violation.Request.Body!["content"]!.GetValue<string>());
        Assert.Equal(["after the reset", "m0", "m1", "m2", "m3", "m4"], discord.StoredMessagesIn(ChannelA).Select(m => m["content"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task The_fake_refuses_the_fifty_first_bot_request_in_a_second_as_global_but_never_an_interaction_callback()
    {
        await using var discord = await FakeDiscord.StartAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        discord.RateLimits.Time = clock;
        using var http = new HttpClient();

        for (var n = 0; n < 50; n++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await TypingAsync(http, discord, (400000000000000100 + n).ToString(CultureInfo.InvariantCulture))).StatusCode);
        }

        var limited = await TypingAsync(http, discord, ChannelB);
        var callback = await http.PostAsync($"{discord.ApiBaseUrl}/interactions/810000000000000001/itoken-810000000000000001/callback",
            new StringContent("""{"type":5}""", System.Text.Encoding.UTF8, "application/json"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await TypingAsync(http, discord, ChannelB);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("true", Header(limited, "X-RateLimit-Global"));
        Assert.Equal("global", Header(limited, "X-RateLimit-Scope"));
        Assert.True(JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["global"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, callback.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, nextSecond.StatusCode);
        Assert.Equal("global", Assert.Single(discord.RateLimitViolations).Scope);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, FakeDiscord discord, string channel, string content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{discord.ApiBaseUrl}/channels/{channel}/messages")
        {
            Content = new StringContent(new JsonObject { ["content"] = content }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + FakeDiscord.BotToken);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> TypingAsync(HttpClient http, FakeDiscord discord, string channel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{discord.ApiBaseUrl}/channels/{channel}/typing");
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + FakeDiscord.BotToken);
        return http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;
}
