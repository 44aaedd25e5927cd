using DiscussionBot.Core.Chat;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Telegram.Tests;

public sealed class RenderingAndOptionsTests
{
    [Fact]
    public void Every_span_is_escaped_and_only_http_links_become_links()
    {
        var text = new RichText([
            new TextSpan("<script>&</script>", TextStyle.Bold),
            new TextSpan(" tap", Url: "tg://user?id=1"),
            new TextSpan(" read", Url: "https://example.org/a?b=1&c=\"2\""),
            new TextSpan(" x<y", TextStyle.Code | TextStyle.Bold),
        ]);
        var html = TelegramRenderer.ToHtml(text);
        Assert.Equal("<b>&lt;script&gt;&amp;&lt;/script&gt;</b> tap<a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\"> read</a><code> x&lt;y</code>", html);
        var links = new List<string>();
        Assert.Equal("<script>&</script> tap read x<y", FakeBotApi.ParseHtml(html, links));
        Assert.Equal(["https://example.org/a?b=1&c=\"2\""], links);
    }

    [Fact]
    public void Callback_data_over_64_bytes_is_refused()
    {
        var ok = new Reply { Text = RichText.Plain("x"), Buttons = [[new ReplyButton("a", new string('é', 32))]] };
        Assert.IsType<RenderOutcome.Rendered>(TelegramRenderer.Render(ok));
        var tooBig = new Reply { Text = RichText.Plain("x"), Buttons = [[new ReplyButton("a", new string('é', 32) + "!")]] };
        var refused = Assert.IsType<RenderOutcome.Refused>(TelegramRenderer.Render(tooBig));
        Assert.Contains("65 bytes", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram:BotToken", "not-a-token", "Telegram:BotToken")]
    [InlineData("Telegram:ApiBaseUrl", "ftp://x", "Telegram:ApiBaseUrl")]
    [InlineData("Telegram:Mode", "Webhook", "Telegram:WebhookUrl")]
    [InlineData("Telegram:PollingTimeoutSeconds", "90", "PollingTimeoutSeconds")]
    public void A_bad_setting_is_reported_with_its_key(string key, string value, string named)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123:abc",
            [key] = value,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddTelegram(runService: false);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TelegramOptions>>().Value);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_token_nothing_is_validated_beyond_ranges()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telegram:Mode"] = "Webhook" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddTelegram(runService: false);
        using var provider = services.BuildServiceProvider();
        Assert.False(provider.GetRequiredService<IOptions<TelegramOptions>>().Value.Enabled);
    }
}
