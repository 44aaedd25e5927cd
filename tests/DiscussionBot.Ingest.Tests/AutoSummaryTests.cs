using DiscussionBot.Core.Chat;
using DiscussionBot.Ingest.AutoSummary;
using DiscussionBot.Ingest.Tests.Support;

namespace DiscussionBot.Ingest.Tests;

/// <summary>Plain messages through the real router: <see cref="MessagePosted"/> reaches the auto-summary handler.</summary>
public sealed class AutoSummaryTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private IngestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _server.Map("/ferry", "text/html; charset=utf-8", Pages.FerryPage());
        _server.Map("/photo.png", "image/png", "not really a png");
        _bot = new IngestBot(_server.Port);
    }

    public async Task DisposeAsync()
    {
        _bot.Dispose();
        await _server.DisposeAsync();
    }

    private async Task TurnOnAsync()
    {
        var reply = await _bot.SendAsync("/settings autosummary on");
        Assert.Equal("autosummary is now on.", reply!.Text.ToPlainText());
    }

    [Fact]
    public async Task With_autosummary_on_a_posted_link_is_answered_with_a_short_summary_and_a_viewpoints_button()
    {
        await TurnOnAsync();

        var reply = await _bot.PostAsync(_server.Url("/ferry"));

        Assert.NotNull(reply);
        var article = Assert.Single(_bot.Articles.All());
        var text = reply.Text.ToPlainText();
        Assert.StartsWith(Pages.FerryTitle, text);
        var bullets = text.Split('\n').Where(l => l.StartsWith("• ", StringComparison.Ordinal)).ToList();
        Assert.InRange(bullets.Count, 1, 3);
        Assert.All(bullets, b => Assert.Contains(b[2..], article.Text));
        var button = Assert.Single(Assert.Single(reply.Buttons));
        Assert.Equal("Other viewpoints", button.Label);
        Assert.Equal($"{AutoSummaryHandler.ViewpointsButton}:{article.Id}", button.Data);
        Assert.Equal(new PostSubject(PostKind.Summary, ArticleId: article.Id, Source: article.Source), reply.About);
        Assert.NotNull(article.Summary);
    }

    [Fact]
    public async Task The_same_link_posted_twice_is_fetched_once()
    {
        await TurnOnAsync();

        await _bot.PostAsync(_server.Url("/ferry"));
        var second = await _bot.PostAsync(_server.Url("/ferry"));

        Assert.NotNull(second);
        Assert.Equal(1, _server.Hits("/ferry"));
        Assert.Equal(1, _bot.Articles.Count());
    }

    [Fact]
    public async Task Autosummary_is_off_by_default_and_a_link_gets_no_answer()
    {
        var reply = await _bot.PostAsync(_server.Url("/ferry"));

        Assert.Null(reply);
        Assert.Empty(_server.Requests);
        Assert.Equal(0, _bot.Articles.Count());
    }

    [Theory]
    [InlineData("Has anyone read about the ferry?")]
    [InlineData("look at this http://127.0.0.1/ferry")]
    [InlineData("")]
    public async Task A_message_that_is_not_just_a_link_gets_no_answer(string text)
    {
        await TurnOnAsync();

        Assert.Null(await _bot.PostAsync(text));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_link_that_cannot_be_read_is_passed_over_in_silence_and_nothing_is_stored()
    {
        await TurnOnAsync();

        Assert.Null(await _bot.PostAsync(_server.Url("/photo.png")));
        Assert.Null(await _bot.PostAsync(_server.Url("/missing")));
        Assert.Equal(0, _bot.Articles.Count());
    }
}
