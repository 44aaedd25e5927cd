using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>A browser without a browser, for the HTTP-level checks: keeps cookies, follows no redirects, reads form tokens
/// out of the pages as a browser would submit them. <paramref name="from"/>: the loopback address its connections come
/// from (any of 127.0.0.0/8), to be a second client address; null: the system's choice.</summary>
public sealed partial class DashboardClient(Uri baseUrl, IPAddress? from = null) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        UseCookies = true,
        ConnectCallback = from is null ? null : BoundTo(from),
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>A GET with request headers of its own (a reverse proxy's <c>X-Forwarded-*</c>).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return _http.SendAsync(request);
    }

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The antiforgery token of a form on the page.</summary>
    public static string TokenIn(string html) => FormToken().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page has no form token:\n" + html);

    public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    /// <summary>Opens the link, presses "Sign in"; returns the sign-in POST's response.</summary>
    public async Task<HttpResponseMessage> SignInAsync(Uri link)
    {
        var page = await _http.GetAsync(link.PathAndQuery);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK)
        {
            return page;
        }
        var token = Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value;
        return await PostAsync("/dashboard/signin", ("__af", TokenIn(html)), ("token", token));
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    /// <summary>A connect callback whose connections come from <paramref name="from"/> (a loopback address of 127.0.0.0/8).</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> BoundTo(IPAddress from) => async (context, ct) =>
    {
        var socket = new Socket(from.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
