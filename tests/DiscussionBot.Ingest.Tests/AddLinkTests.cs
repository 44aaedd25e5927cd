using System.IO.Compression;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Ingest.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Ingest.Tests;

/// <summary><c>/add &lt;url&gt;</c> through the real router, the real ingest registration and the real LiteDB store.</summary>
public sealed class AddLinkTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private IngestBot _bot = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 8; i++)
            {
                gzip.Write(block);
            }
        }
        var huge = new string('x', 3 * 1024 * 1024);
        _server
            .Map("/ferry", "text/html; charset=utf-8", Pages.FerryPage())
            .Map("/error", ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; })
            .Map("/report.pdf", "application/pdf", "%PDF-1.7")
            .Map("/photo.jpg", "image/jpeg", "\xFF\xD8\xFF")
            .Map("/login", "text/html", Pages.NoArticlePage)
            .Map("/huge", "text/html", "<html><body><p>" + huge + "</p></body></html>")
            .Map("/bomb", async ctx =>
            {
                ctx.Response.ContentType = "text/html";
                ctx.Response.Headers.ContentEncoding = "gzip";
                await ctx.Response.Body.WriteAsync(bomb.ToArray());
            })
            .Map("/loop", ctx => { ctx.Response.Redirect("/loop2"); return Task.CompletedTask; })
            .Map("/loop2", ctx => { ctx.Response.Redirect("/loop"); return Task.CompletedTask; })
            .Map("/slow", async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted))
            .Map("/to-private", ctx => { ctx.Response.Redirect($"http://intranet.calder-courier.com:{_server.Port}/"); return Task.CompletedTask; });
        var resolver = new MapResolver()
            .Add("intranet.calder-courier.com", "192.168.10.5")
            .Add("courier-cdn.com", "127.0.0.1");
        _bot = new IngestBot(_server.Port, resolver: resolver);
    }

    public async Task DisposeAsync()
    {
        _bot.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_link_becomes_an_article_with_title_author_date_and_the_domain_as_source()
    {
        var reply = await _bot.SendAsync($"/add {_server.Url("/ferry")}", IngestBot.Member);

        Assert.NotNull(reply);
        Assert.Equal(ReplyKind.Normal, reply.Kind);
        var article = Assert.Single(_bot.Articles.All());
        Assert.Equal(Pages.FerryTitle, article.Title);
        Assert.Equal("Marta Quill", article.Author);
        Assert.Equal("127.0.0.1", article.Source);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 8, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Contains(Pages.FerryParagraphs[2], article.Text);
        Assert.DoesNotContain("seadog77", article.Text);
    }

    [Theory]
    [InlineData("/missing", "not found (HTTP 404)")]
    [InlineData("/error", "the site had an error (HTTP 500)")]
    [InlineData("/report.pdf", "PDF document")]
    [InlineData("/photo.jpg", "an image (image/jpeg)")]
    [InlineData("/login", "no readable article text")]
    [InlineData("/huge", "larger than 1 MB")]
    [InlineData("/bomb", "larger than 1 MB (counted after decompression)")]
    [InlineData("/loop", "redirects in a loop")]
    [InlineData("/to-private", "intranet.calder-courier.com points to 192.168.10.5")]
    public async Task Each_bad_link_gets_a_clear_message_and_nothing_is_stored(string path, string expected)
    {
        var reply = await _bot.SendAsync($"/add {_server.Url(path)}", IngestBot.Member);

        Assert.NotNull(reply);
        Assert.Equal(ReplyKind.Problem, reply.Kind);
        Assert.StartsWith("Could not add that link: ", reply.Text.ToPlainText());
        Assert.Contains(expected, reply.Text.ToPlainText());
        Assert.Equal(0, _bot.Articles.Count());
    }

    [Theory]
    [InlineData("http://no-such-host.calder-courier.com:{port}/story", "could not be found")]
    [InlineData("http://10.0.0.1:{port}/story", "not a public internet address")]
    [InlineData("http://169.254.169.254:{port}/latest/meta-data/", "not a public internet address")]
    [InlineData("http://[fd00::1]:{port}/", "not a public internet address")]
    [InlineData("http://courier.example:22/", "port 22 is not allowed")]
    public async Task Unreachable_and_forbidden_hosts_get_a_clear_message_and_nothing_is_stored(string url, string expected)
    {
        var reply = await _bot.SendAsync($"/add {url.Replace("{port}", $"{_server.Port}", StringComparison.Ordinal)}", IngestBot.Member);

        Assert.NotNull(reply);
        Assert.Contains(expected, reply.Text.ToPlainText());
        Assert.Equal(0, _bot.Articles.Count());
    }

    [Fact]
    public async Task A_page_that_takes_too_long_gets_a_clear_message_and_nothing_is_stored()
    {
        using var bot = new IngestBot(_server.Port, new Dictionary<string, string?> { ["Fetch:TotalTimeoutSeconds"] = "0.5" });

        var reply = await bot.SendAsync($"/add {_server.Url("/slow")}", IngestBot.Member);

        Assert.Contains("took longer than 0.5 s", reply!.Text.ToPlainText());
        Assert.Equal(0, bot.Articles.Count());
    }

    [Fact]
    public async Task A_public_looking_name_for_the_bots_own_machine_is_refused_with_loopback_off()
    {
        await using var listener = await LoopbackServer.StartAsync();
        listener.Map("/", "text/html", Pages.FerryPage());
        var resolver = new MapResolver().Add("courier-cdn.com", "127.0.0.1");
        using var bot = new IngestBot(listener.Port, new Dictionary<string, string?> { ["Fetch:AllowLoopback"] = "false" }, resolver);

        var reply = await bot.SendAsync($"/add http://courier-cdn.com:{listener.Port}/", IngestBot.Member);

        Assert.Contains("courier-cdn.com points to 127.0.0.1", reply!.Text.ToPlainText());
        Assert.Empty(listener.Requests);
        Assert.Equal(0, bot.Articles.Count());
    }

    [Theory]
    [InlineData("add", "https://x.example/", true)]
    [InlineData("add", "Title\nPasted text is added at once.", false)]
    [InlineData("topic", "feed add housing https://x.example/feed", true)]
    [InlineData("topic", "add housing", false)]
    [InlineData("summary", "https://x.example/", true)]
    [InlineData("viewpoints", "https://x.example/", true)]
    [InlineData("viewpoints", "housing", false)]
    public async Task The_commands_that_fetch_are_marked_slow_so_adapters_show_working_first(string command, string arguments, bool expected)
    {
        var slow = await _bot.InScopeAsync(sp =>
        {
            var router = sp.GetRequiredService<ChatRouter>();
            return Task.FromResult(router.IsSlow(new CommandReceived(IngestBot.Where, IngestBot.Member, _bot.Time.GetUtcNow(), command, arguments)));
        });

        Assert.Equal(expected, slow);
    }

    [Fact]
    public async Task The_ingest_registration_provides_every_core_port()
    {
        await using var scope = _bot.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;

        Assert.IsType<Extraction.WebArticleFetcher>(Assert.Single(sp.GetServices<IArticleFetcher>()));
        Assert.IsType<Extraction.ArticleExtractor>(Assert.Single(sp.GetServices<IHtmlArticleReader>()));
        Assert.IsType<Feeds.TopicFeedValidator>(Assert.Single(sp.GetServices<ITopicFeeds>()));
        Assert.IsType<AutoSummary.AutoSummaryHandler>(Assert.Single(sp.GetServices<IMessageHandler>()));
    }
}
