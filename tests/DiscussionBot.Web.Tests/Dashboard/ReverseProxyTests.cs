using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DiscussionBot.Host;
using DiscussionBot.Host.Console;
using DiscussionBot.Web.Dashboard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The endpoint behind a reverse proxy (<c>Web:KnownProxies</c>), over real connections to the real Kestrel
/// endpoint: the test client plays the proxy from 127.0.0.1 and a member who reaches the port directly from 127.0.0.2.</summary>
public sealed partial class ReverseProxyTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Through_a_listed_proxy_each_forwarded_client_address_gets_its_own_sign_in_limit()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2", "--Web:KnownProxies=127.0.0.1");
        using var proxy = new DashboardClient(host.BaseUrl, Proxy);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(proxy, ForwardedFor("203.0.113.7")), await TryAsync(proxy, ForwardedFor("203.0.113.7")), await TryAsync(proxy, ForwardedFor("203.0.113.7"))]);
        // Another moderator behind the same proxy still signs in: the limit is theirs, not the proxy's.
        Assert.Equal(HttpStatusCode.BadRequest, await TryAsync(proxy, ForwardedFor("203.0.113.8")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(proxy, ForwardedFor("203.0.113.7")));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_listed_proxy_are_ignored()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2", "--Web:KnownProxies=127.0.0.1");
        using var member = new DashboardClient(host.BaseUrl, Elsewhere);

        // A new made-up address on every attempt does not buy new attempts: they all count against 127.0.0.2.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(member, ForwardedFor("203.0.113.1")), await TryAsync(member, ForwardedFor("203.0.113.2")), await TryAsync(member)]);
        // And they did not spend the limit of the address they named.
        using var proxy = new DashboardClient(host.BaseUrl, Proxy);
        Assert.Equal(HttpStatusCode.BadRequest, await TryAsync(proxy, ForwardedFor("203.0.113.1")));
    }

    [Fact]
    public async Task A_client_cannot_put_its_own_address_in_front_of_the_one_the_proxy_forwards()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2", "--Web:KnownProxies=127.0.0.0/8");
        using var proxy = new DashboardClient(host.BaseUrl, Proxy);

        // nginx's $proxy_add_x_forwarded_for appends the address it saw to whatever the client sent: only that last,
        // untrusted hop counts.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(proxy, ForwardedFor("198.51.100.1, 203.0.113.7")), await TryAsync(proxy, ForwardedFor("198.51.100.2, 203.0.113.7")),
             await TryAsync(proxy, ForwardedFor("198.51.100.3, 203.0.113.7"))]);
    }

    [Fact]
    public async Task Through_a_chain_of_listed_proxies_the_first_address_outside_them_is_the_client()
    {
        // A load balancer in 10.0.0.0/8 in front of the proxy on 127.0.0.1: both hops are walked, the client's address counts.
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2", "--Web:KnownProxies=127.0.0.1, 10.0.0.0/8");
        using var proxy = new DashboardClient(host.BaseUrl, Proxy);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(proxy, ForwardedFor("203.0.113.7, 10.0.0.5")), await TryAsync(proxy, ForwardedFor("203.0.113.7, 10.0.0.6")),
             await TryAsync(proxy, ForwardedFor("203.0.113.7, 10.0.0.5"))]);
        Assert.Equal(HttpStatusCode.BadRequest, await TryAsync(proxy, ForwardedFor("203.0.113.8, 10.0.0.5")));
    }

    [Fact]
    public async Task Without_known_proxies_forwarded_headers_are_ignored_even_from_loopback()
    {
        // ASP.NET Core trusts loopback by default; the bot does not, so a proxy must be named to be believed.
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2");
        using var local = new DashboardClient(host.BaseUrl, Proxy);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(local, ForwardedFor("203.0.113.1")), await TryAsync(local, ForwardedFor("203.0.113.2")), await TryAsync(local, ForwardedFor("203.0.113.3"))]);
    }

    [Fact]
    public async Task X_Forwarded_Proto_https_from_the_listed_proxy_makes_the_session_and_form_cookies_secure()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:KnownProxies=127.0.0.1");

        var (formCookie, sessionCookie) = await SignInAsync(host, Proxy, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"));
        Assert.Contains("; secure", formCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task X_Forwarded_Proto_https_from_an_address_that_is_not_listed_leaves_the_cookies_as_plain_http_ones()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:KnownProxies=127.0.0.1");

        var (formCookie, sessionCookie) = await SignInAsync(host, Elsewhere, ("X-Forwarded-Proto", "https"));
        Assert.DoesNotContain("; secure", formCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Through_a_listed_proxy_on_a_sub_path_every_link_redirect_and_cookie_of_the_dashboard_goes_under_the_forwarded_prefix()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:KnownProxies=127.0.0.1", "--Web:PublicUrl=https://example.org/bot/");
        (string, string)[] fromNginx = [("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "example.org"), ("X-Forwarded-Prefix", "/bot")];
        var link = await host.DashboardLinkAsync();
        Assert.StartsWith("https://example.org/bot/dashboard/signin?token=", link.ToString(), StringComparison.Ordinal);

        // nginx passes the path on without its /bot prefix.
        var signIn = await SignInWithPagesAsync(host, link.PathAndQuery["/bot".Length..], Proxy, fromNginx);

        Assert.Contains("action=\"/bot/dashboard/signin\"", signIn.SignInPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/bot/dashboard/static/dashboard.css\"", signIn.SignInPage, StringComparison.Ordinal);
        // Antiforgery scopes its cookie to the request's PathBase; the session cookie is the dashboard's alone.
        Assert.Contains("; path=/bot;", signIn.FormCookie + ";", StringComparison.Ordinal);
        Assert.Equal("/bot/dashboard", signIn.Location);
        Assert.Contains("; path=/bot/dashboard;", signIn.SessionCookie, StringComparison.Ordinal);
        var links = Links(signIn.Overview);
        Assert.True(links.Count >= 10, "the overview links its pages, styles, script, chart and sign-out form: " + string.Join(", ", links));
        Assert.All(links, l => Assert.StartsWith("/bot/dashboard", l, StringComparison.Ordinal));
        Assert.Contains("/bot/dashboard/static/dashboard.js", links);
        Assert.Contains("/bot/dashboard/polls", links);
    }

    [Fact]
    public async Task A_forwarded_prefix_from_an_address_that_is_not_a_listed_proxy_is_ignored()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:KnownProxies=127.0.0.1");

        var signIn = await SignInWithPagesAsync(host, (await host.DashboardLinkAsync()).PathAndQuery, Elsewhere, ("X-Forwarded-Prefix", "/evil"), ("X-Forwarded-Host", "evil.example"));

        Assert.Contains("action=\"/dashboard/signin\"", signIn.SignInPage, StringComparison.Ordinal);
        Assert.Contains("; path=/;", signIn.FormCookie + ";", StringComparison.Ordinal);
        Assert.Equal("/dashboard", signIn.Location);
        Assert.Contains("; path=/dashboard;", signIn.SessionCookie, StringComparison.Ordinal);
        Assert.All(Links(signIn.Overview), l => Assert.StartsWith("/dashboard", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_name_in_known_proxies_stops_the_start_with_a_message_naming_the_key_and_the_entry()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("discussionbot-proxy-");
        try
        {
            var builder = BotHost.CreateBuilder(
                ["--Web:Urls=http://127.0.0.1:0", $"--Storage:DatabasePath={Path.Combine(directory.FullName, "bot.db")}", "--Feeds:Enabled=false",
                 "--Web:KnownProxies=127.0.0.1, proxy.internal"],
                HostMode.Console, new ConsoleIO(TextReader.Null, TextWriter.Null, Interactive: false));
            using var host = builder.Build();
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.StartsWith("Configuration error: Web:KnownProxies: 'proxy.internal' is not an IP address", BotHost.Describe(refused), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (string Name, string Value)[] ForwardedFor(string chain) => [("X-Forwarded-For", chain)];

    private static async Task<HttpStatusCode> TryAsync(DashboardClient client, params (string Name, string Value)[] headers)
    {
        using var response = await client.GetAsync("/dashboard/signin?token=guess", headers);
        return response.StatusCode;
    }

    /// <summary>Opens a fresh sign-in link and presses its button from <paramref name="from"/> with <paramref name="headers"/>
    /// on both requests; returns the antiforgery cookie and the session cookie as set. Cookies are carried by hand: a
    /// cookie jar would not send a Secure cookie back over the plain http the proxy speaks to the endpoint.</summary>
    private static async Task<(string FormCookie, string SessionCookie)> SignInAsync(ConsoleHost host, IPAddress from, params (string Name, string Value)[] headers)
    {
        var link = await host.DashboardLinkAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, ConnectCallback = DashboardClient.BoundTo(from) })
        {
            BaseAddress = host.BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

        using var open = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        AddHeaders(open, headers);
        using var page = await http.SendAsync(open);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var formCookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dbot_af=", StringComparison.Ordinal));
        var token = DashboardClient.TokenIn(await page.Content.ReadAsStringAsync());

        using var press = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin")
        {
            Content = new FormUrlEncodedContent([new("__af", token), new("token", LinkToken().Match(link.Query).Groups[1].Value)]),
        };
        AddHeaders(press, headers);
        press.Headers.Add("Cookie", formCookie.Split(';')[0]);
        using var signedIn = await http.SendAsync(press);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var sessionCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardModule.CookieName + "=", StringComparison.Ordinal));
        return (formCookie, sessionCookie);
    }

    private sealed record SignInPages(string SignInPage, string FormCookie, string Location, string SessionCookie, string Overview);

    /// <summary>The sign-in round as a browser behind the proxy makes it, every request with <paramref name="headers"/>
    /// (paths as the proxy passes them on, its prefix stripped): the link's page, the button's redirect, the overview.</summary>
    private static async Task<SignInPages> SignInWithPagesAsync(ConsoleHost host, string linkPath, IPAddress from, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, ConnectCallback = DashboardClient.BoundTo(from) })
        {
            BaseAddress = host.BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var open = new HttpRequestMessage(HttpMethod.Get, linkPath);
        AddHeaders(open, headers);
        using var page = await http.SendAsync(open);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var signInPage = await page.Content.ReadAsStringAsync();
        var formCookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dbot_af=", StringComparison.Ordinal));

        using var press = new HttpRequestMessage(HttpMethod.Post, "/dashboard/signin")
        {
            Content = new FormUrlEncodedContent([new("__af", DashboardClient.TokenIn(signInPage)), new("token", LinkToken().Match(linkPath).Groups[1].Value)]),
        };
        AddHeaders(press, headers);
        press.Headers.Add("Cookie", formCookie.Split(';')[0]);
        using var signedIn = await http.SendAsync(press);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var sessionCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardModule.CookieName + "=", StringComparison.Ordinal));

        using var overview = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        AddHeaders(overview, headers);
        overview.Headers.Add("Cookie", sessionCookie.Split(';')[0]);
        using var overviewPage = await http.SendAsync(overview);
        Assert.Equal(HttpStatusCode.OK, overviewPage.StatusCode);
        return new SignInPages(signInPage, formCookie, signedIn.Headers.Location!.OriginalString, sessionCookie, await overviewPage.Content.ReadAsStringAsync());
    }

    /// <summary>Every address a page makes the browser ask for or go to: links, scripts, images, form actions.</summary>
    private static List<string> Links(string html) => [.. LinkAttribute().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("(?:href|src|action)=\"([^\"]*)\"")]
    private static partial Regex LinkAttribute();

    private static void AddHeaders(HttpRequestMessage request, (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
    }

    [GeneratedRegex("token=([^&]+)")]
    private static partial Regex LinkToken();
}
