using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using DiscussionBot.Ingest.Fetching;
using DiscussionBot.Ingest.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace DiscussionBot.Ingest.Tests;

public sealed class SafeFetcherTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static T Is<T>(FetchResult result)
        where T : FetchResult => Assert.IsType<T>(result);

    private static FetchResult.Failed Failed(FetchResult result, FetchFailure reason)
    {
        var failed = Assert.IsType<FetchResult.Failed>(result);
        Assert.Equal(reason, failed.Reason);
        Assert.False(string.IsNullOrWhiteSpace(failed.Message));
        return failed;
    }

    [Fact]
    public async Task A_page_on_an_allowed_address_is_fetched_with_a_descriptive_user_agent_and_no_cookies()
    {
        _server.Map("/story", ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.SetCookie = "session=abc; Path=/";
            return ctx.Response.WriteAsync(Pages.FerryPage());
        });
        var fetcher = Fetchers.Create(_server);

        var first = Is<FetchResult.Fetched>(await fetcher.FetchAsync(_server.Url("/story"), FetchPurpose.Page));
        await fetcher.FetchAsync(_server.Url("/story"), FetchPurpose.Page);

        Assert.Equal("text/html", first.MediaType);
        Assert.Contains(Pages.FerryTitle, first.Text);
        Assert.All(_server.Requests, r => Assert.StartsWith("DiscussionBot/", r.UserAgent));
        Assert.All(_server.Requests, r => Assert.Equal("", r.Cookie));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.1")]
    [InlineData("127.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    [InlineData("[::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("localhost")]
    public async Task Every_form_of_a_forbidden_address_is_refused_and_nothing_reaches_the_listener(string host)
    {
        _server.Map("/", "text/html", Pages.FerryPage());
        // The real resolver, so "localhost" is looked up the way production does it.
        var fetcher = Fetchers.Create(Fetchers.Options(_server.Port, allowLoopback: false), new SystemHostResolver());

        var failed = Failed(await fetcher.FetchAsync($"http://{host}:{_server.Port}/", FetchPurpose.Page), FetchFailure.ForbiddenAddress);

        Assert.Contains("not a public internet address", failed.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_public_looking_name_that_resolves_to_loopback_is_refused_before_connecting()
    {
        _server.Map("/", "text/html", Pages.FerryPage());
        var resolver = new MapResolver().Add("news.calder-courier.com", "127.0.0.1");
        var fetcher = Fetchers.Create(_server, allowLoopback: false, resolver);

        var failed = Failed(await fetcher.FetchAsync($"http://news.calder-courier.com:{_server.Port}/", FetchPurpose.Page), FetchFailure.ForbiddenAddress);

        Assert.Contains("news.calder-courier.com points to 127.0.0.1", failed.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_name_with_one_public_and_one_private_address_is_refused()
    {
        var resolver = new MapResolver().Add("mixed.calder-courier.com", "93.184.215.14", "10.0.0.7");
        var fetcher = Fetchers.Create(_server, allowLoopback: false, resolver);

        var failed = Failed(await fetcher.FetchAsync($"http://mixed.calder-courier.com:{_server.Port}/", FetchPurpose.Page), FetchFailure.ForbiddenAddress);

        Assert.Contains("10.0.0.7", failed.Message);
    }

    [Fact]
    public async Task A_redirect_to_a_forbidden_address_is_refused_and_the_target_is_never_requested()
    {
        // Loopback is allowed for the test server itself; the IPv4-mapped form of it is not.
        _server.Map("/start", ctx =>
        {
            ctx.Response.Redirect($"http://[::ffff:127.0.0.1]:{_server.Port}/secret");
            return Task.CompletedTask;
        });
        _server.Map("/secret", "text/html", Pages.FerryPage());
        var fetcher = Fetchers.Create(_server);

        Failed(await fetcher.FetchAsync(_server.Url("/start"), FetchPurpose.Page), FetchFailure.ForbiddenAddress);

        Assert.Equal(1, _server.Hits("/start"));
        Assert.Equal(0, _server.Hits("/secret"));
    }

    [Fact]
    public async Task A_redirect_to_a_name_that_resolves_to_the_metadata_service_is_refused()
    {
        var resolver = new MapResolver().Add("cdn.calder-courier.com", "169.254.169.254");
        _server.Map("/start", ctx =>
        {
            ctx.Response.Redirect($"http://cdn.calder-courier.com:{_server.Port}/latest/meta-data/");
            return Task.CompletedTask;
        });
        var fetcher = Fetchers.Create(_server, resolver: resolver);

        var failed = Failed(await fetcher.FetchAsync(_server.Url("/start"), FetchPurpose.Page), FetchFailure.ForbiddenAddress);

        Assert.Contains("169.254.169.254", failed.Message);
    }

    [Fact]
    public async Task A_port_that_is_not_allowed_is_refused_without_connecting()
    {
        _server.Map("/", "text/html", Pages.FerryPage());
        var fetcher = Fetchers.Create(Fetchers.Options(443));

        var failed = Failed(await fetcher.FetchAsync(_server.Url("/"), FetchPurpose.Page), FetchFailure.ForbiddenPort);

        Assert.Contains($"port {_server.Port} is not allowed", failed.Message);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("ftp://courier.example/story")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://courier.example/")]
    [InlineData("not a url")]
    public async Task Only_http_and_https_urls_are_fetched(string url)
    {
        var failed = Failed(await Fetchers.Create(_server).FetchAsync(url, FetchPurpose.Page), FetchFailure.InvalidUrl);

        Assert.Matches("only http and https links|not a valid web address", failed.Message);
    }

    [Fact]
    public async Task A_missing_page_says_not_found()
    {
        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/gone"), FetchPurpose.Page), FetchFailure.HttpStatus);

        Assert.Equal(404, failed.StatusCode);
        Assert.Contains("not found (HTTP 404)", failed.Message);
    }

    [Fact]
    public async Task A_server_error_says_the_site_had_an_error()
    {
        _server.Map("/broken", ctx =>
        {
            ctx.Response.StatusCode = 500;
            return ctx.Response.WriteAsync("oops");
        });

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/broken"), FetchPurpose.Page), FetchFailure.HttpStatus);

        Assert.Contains("the site had an error (HTTP 500)", failed.Message);
    }

    [Fact]
    public async Task Redirects_are_followed_by_hand_relative_ones_included()
    {
        _server.Map("/short", ctx =>
        {
            ctx.Response.Redirect("/news/ferry");
            return Task.CompletedTask;
        });
        _server.Map("/news/ferry", "text/html", Pages.FerryPage());

        var page = Is<FetchResult.Fetched>(await Fetchers.Create(_server).FetchAsync(_server.Url("/short"), FetchPurpose.Page));

        Assert.Equal(_server.Url("/news/ferry"), page.Url.AbsoluteUri);
    }

    [Fact]
    public async Task A_redirect_loop_is_reported_as_a_loop()
    {
        _server.Map("/a", ctx => { ctx.Response.Redirect("/b"); return Task.CompletedTask; });
        _server.Map("/b", ctx => { ctx.Response.Redirect("/a"); return Task.CompletedTask; });

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/a"), FetchPurpose.Page), FetchFailure.RedirectLoop);

        Assert.Contains("redirects in a loop", failed.Message);
        Assert.True(_server.Requests.Count <= 3);
    }

    [Fact]
    public async Task More_than_three_redirects_are_refused()
    {
        for (var i = 0; i < 6; i++)
        {
            var next = $"/hop{i + 1}";
            _server.Map($"/hop{i}", ctx => { ctx.Response.Redirect(next); return Task.CompletedTask; });
        }

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/hop0"), FetchPurpose.Page), FetchFailure.TooManyRedirects);

        Assert.Contains("more than 3 times", failed.Message);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task A_twenty_megabyte_page_is_refused_as_too_large()
    {
        var chunk = new byte[1024 * 1024];
        Array.Fill(chunk, (byte)'a');
        _server.Map("/huge", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            ctx.Response.ContentLength = 20L * chunk.Length;
            for (var i = 0; i < 20 && !ctx.RequestAborted.IsCancellationRequested; i++)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/huge"), FetchPurpose.Page), FetchFailure.TooLarge);

        Assert.Contains("larger than 1 MB", failed.Message);
    }

    [Fact]
    public async Task An_endless_body_without_a_length_stops_at_the_cap()
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'z');
        _server.Map("/endless", async ctx =>
        {
            ctx.Response.ContentType = "text/plain";
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                await ctx.Response.Body.WriteAsync(chunk, ctx.RequestAborted);
            }
        });

        Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/endless"), FetchPurpose.Page), FetchFailure.TooLarge);
    }

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 16; i++)
            {
                gzip.Write(block);
            }
        }
        return output.ToArray();
    });

    [Fact]
    public async Task A_gzip_bomb_stops_at_the_cap_counted_after_decompression()
    {
        var bomb = GzipBomb.Value;
        Assert.True(bomb.Length < 1024 * 1024, "the compressed body is well under the cap");
        _server.Map("/bomb", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentLength = bomb.Length;
            await ctx.Response.Body.WriteAsync(bomb, ctx.RequestAborted);
        });

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/bomb"), FetchPurpose.Page), FetchFailure.TooLarge);

        Assert.Contains("after decompression", failed.Message);
    }

    [Fact]
    public async Task A_gzip_compressed_page_under_the_cap_is_decompressed()
    {
        var html = System.Text.Encoding.UTF8.GetBytes(Pages.FerryPage());
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(html);
        }
        _server.Map("/gz", async ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(compressed.ToArray());
        });

        var page = Is<FetchResult.Fetched>(await Fetchers.Create(_server).FetchAsync(_server.Url("/gz"), FetchPurpose.Page));

        Assert.Contains(Pages.FerryParagraphs[0], page.Text);
    }

    [Theory]
    [InlineData("application/pdf", "PDF document")]
    [InlineData("image/png", "an image (image/png)")]
    [InlineData("image/jpeg", "an image (image/jpeg)")]
    [InlineData("application/octet-stream", "not a web page")]
    [InlineData("application/zip", "not a web page")]
    public async Task Documents_that_are_not_web_pages_are_refused_by_content_type(string contentType, string expected)
    {
        _server.Map("/file", contentType, "%PDF-1.7 binary-ish");

        var failed = Failed(await Fetchers.Create(_server).FetchAsync(_server.Url("/file"), FetchPurpose.Page), FetchFailure.UnsupportedContent);

        Assert.Contains(expected, failed.Message);
    }

    [Fact]
    public async Task A_feed_content_type_is_accepted_for_feeds_but_not_for_pages()
    {
        _server.Map("/feed", "application/rss+xml", Pages.Rss([]));
        var fetcher = Fetchers.Create(_server);

        Is<FetchResult.Fetched>(await fetcher.FetchAsync(_server.Url("/feed"), FetchPurpose.Feed));
        Failed(await fetcher.FetchAsync(_server.Url("/feed"), FetchPurpose.Page), FetchFailure.UnsupportedContent);
    }

    [Fact]
    public async Task A_body_that_trickles_in_slowly_times_out()
    {
        _server.Map("/slow", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body><p>Once upon a time");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted);
        });
        var fetcher = Fetchers.Create(Fetchers.Options(_server.Port, totalTimeout: 0.5));

        var failed = Failed(await fetcher.FetchAsync(_server.Url("/slow"), FetchPurpose.Page), FetchFailure.Timeout);

        Assert.Contains("longer than 0.5 s", failed.Message);
    }

    [Fact]
    public async Task A_server_that_never_sends_headers_times_out()
    {
        _server.Map("/stall", async ctx => await Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted));
        var fetcher = Fetchers.Create(Fetchers.Options(_server.Port, totalTimeout: 0.5));

        Failed(await fetcher.FetchAsync(_server.Url("/stall"), FetchPurpose.Page), FetchFailure.Timeout);
    }

    [Fact]
    public async Task A_host_that_cannot_be_connected_in_time_gives_a_connect_timeout()
    {
        var fetcher = Fetchers.Create(Fetchers.Options(80, connectTimeout: 0.3), new HangingResolver());

        var failed = Failed(await fetcher.FetchAsync("http://slow.calder-courier.com/", FetchPurpose.Page), FetchFailure.Timeout);

        Assert.Contains("could not connect to slow.calder-courier.com within 0.3 s", failed.Message);
    }

    [Fact]
    public async Task A_name_that_does_not_exist_is_a_dns_failure()
    {
        var fetcher = Fetchers.Create(Fetchers.Options(80), new MapResolver());

        var failed = Failed(await fetcher.FetchAsync("http://no-such-paper.calder-courier.com/", FetchPurpose.Page), FetchFailure.DnsFailure);

        Assert.Contains("no-such-paper.calder-courier.com could not be found", failed.Message);
    }

    [Fact]
    public async Task A_port_where_nothing_listens_is_unreachable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var failed = Failed(await Fetchers.Create(Fetchers.Options(port)).FetchAsync($"http://127.0.0.1:{port}/", FetchPurpose.Page), FetchFailure.Unreachable);

        Assert.Contains("refused the connection", failed.Message);
    }

    [Fact]
    public async Task A_conditional_request_sends_the_etag_and_reports_not_modified()
    {
        _server.Map("/feed", ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                ctx.Response.StatusCode = 304;
                return Task.CompletedTask;
            }
            ctx.Response.Headers.ETag = "\"v1\"";
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync(Pages.Rss([]));
        });
        var fetcher = Fetchers.Create(_server);

        var first = Is<FetchResult.Fetched>(await fetcher.FetchAsync(_server.Url("/feed"), FetchPurpose.Feed));
        var second = await fetcher.FetchAsync(_server.Url("/feed"), FetchPurpose.Feed, first.ETag);

        Assert.Equal("\"v1\"", first.ETag);
        Assert.IsType<FetchResult.NotModified>(second);
    }

    [Fact]
    public async Task A_page_in_a_legacy_charset_is_decoded_by_its_declared_charset()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = System.Text.Encoding.GetEncoding("windows-1252").GetBytes("<html><body><p>Café déjà vu — “quoted”</p></body></html>");
        _server.Map("/legacy", async ctx =>
        {
            ctx.Response.ContentType = "text/html; charset=windows-1252";
            await ctx.Response.Body.WriteAsync(bytes);
        });

        var page = Is<FetchResult.Fetched>(await Fetchers.Create(_server).FetchAsync(_server.Url("/legacy"), FetchPurpose.Page));

        Assert.Contains("Café déjà vu — “quoted”", page.Text);
    }
}
