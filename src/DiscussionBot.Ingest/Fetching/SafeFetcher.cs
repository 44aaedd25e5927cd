using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Ingest.Fetching;

/// <summary>Fetches URLs that members and moderators supply, without letting them reach the bot's own machine
/// or network (SSRF) or exhaust it. The address check lives in the connection callback of
/// <see cref="CreateHandler"/>, so it applies to the addresses actually connected to, after DNS, on every hop;
/// the URL checks here only refuse early with a clearer message.</summary>
public sealed partial class SafeFetcher(HttpClient http, IOptions<FetchOptions> options, ILogger<SafeFetcher> logger)
{
    private static readonly string[] PageTypes = ["text/html", "application/xhtml+xml", "text/plain"];
    private static readonly string[] FeedTypes = [.. PageTypes, "application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml"];

    private readonly FetchOptions _options = options.Value;

    /// <summary>The handler under the typed client. Redirects and cookies are off (redirects are followed by hand so
    /// every hop is checked; cookies would let one site's state leak into the next fetch), decompression is on,
    /// and connecting goes through <paramref name="resolver"/> and <see cref="AddressPolicy"/>. The proxy is off
    /// because through a proxy the callback would only see the proxy's address; requests stay HTTP/1.1 or 2
    /// because HTTP/3 (QUIC) does not go through the ConnectCallback.</summary>
    public static SocketsHttpHandler CreateHandler(FetchOptions options, IHostResolver resolver) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxResponseHeadersLength = 64,
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options, resolver, ct),
    };

    public async Task<FetchResult> FetchAsync(string url, FetchPurpose purpose, string? etag = null, DateTimeOffset? lastModified = null, CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return Fail(FetchFailure.InvalidUrl, "that is not a valid web address");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds));
        var visited = new HashSet<string>(StringComparer.Ordinal) { uri.AbsoluteUri };
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (CheckUrl(uri) is { } refused)
                {
                    return refused;
                }
                using var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                request.Headers.Accept.ParseAdd(purpose == FetchPurpose.Feed
                    ? "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
                    : "text/html, application/xhtml+xml, text/plain;q=0.9, */*;q=0.1");
                if (etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }
                if (lastModified is { } since)
                {
                    request.Headers.IfModifiedSince = since;
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return Fail(FetchFailure.HttpStatus, $"the site answered with a redirect (HTTP {status}) but did not say where to", status);
                    }
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (!visited.Add(next.AbsoluteUri))
                    {
                        return Fail(FetchFailure.RedirectLoop, "the site redirects in a loop");
                    }
                    if (hop >= _options.MaxRedirects)
                    {
                        return Fail(FetchFailure.TooManyRedirects, $"the site redirects more than {_options.MaxRedirects} times");
                    }
                    LogRedirect(uri, next);
                    uri = next;
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FetchResult.NotModified(uri);
                }
                if (!response.IsSuccessStatusCode)
                {
                    return Fail(FetchFailure.HttpStatus, DescribeStatus(status), status);
                }
                return await ReadBodyAsync(uri, response, purpose, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own total timeout, or the handler's connect timeout.
            return Fail(FetchFailure.Timeout, timeout.IsCancellationRequested
                ? $"the site took longer than {_options.TotalTimeoutSeconds:0.#} s to answer"
                : $"could not connect to {uri.Host} within {_options.ConnectTimeoutSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return Describe(ex, uri);
        }
    }

    private FetchResult.Failed? CheckUrl(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return Fail(FetchFailure.InvalidUrl, "only http and https links can be fetched");
        }
        if (uri.UserInfo.Length > 0)
        {
            return Fail(FetchFailure.InvalidUrl, "links with a user name or password are not fetched");
        }
        if (!_options.EffectivePorts.Contains(uri.Port))
        {
            return Fail(FetchFailure.ForbiddenPort, $"port {uri.Port} is not allowed (only {string.Join(", ", _options.EffectivePorts)})");
        }
        // An address literal can be refused before any connection. Names are checked after DNS, in ConnectAsync.
        if (ParseLiteral(uri.Host) is { } literal && !IsAllowed(literal, _options))
        {
            return Fail(FetchFailure.ForbiddenAddress, ForbiddenMessage(uri.Host, literal));
        }
        return null;
    }

    private async Task<FetchResult> ReadBodyAsync(Uri uri, HttpResponseMessage response, FetchPurpose purpose, CancellationToken ct)
    {
        var contentType = response.Content.Headers.ContentType;
        var mediaType = contentType?.MediaType?.ToLowerInvariant() ?? "";
        var allowed = purpose == FetchPurpose.Feed ? FeedTypes : PageTypes;
        if (mediaType.Length > 0 && !allowed.Contains(mediaType))
        {
            return Fail(FetchFailure.UnsupportedContent, DescribeContentType(mediaType));
        }
        var cap = _options.MaxBodyBytes;
        // A declared length over the cap is refused without reading. After decompression the handler drops the
        // header, so the real guard is the counted read below.
        if (response.Content.Headers.ContentLength is { } declared && declared > cap)
        {
            return TooLarge(cap);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, ct);
            if (read == 0)
            {
                break;
            }
            if (buffer.Length + read > cap)
            {
                return TooLarge(cap);
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return Fail(FetchFailure.Empty, "the page is empty");
        }
        var body = buffer.ToArray();
        if (mediaType.Length == 0 && body.AsSpan(0, Math.Min(body.Length, 1024)).Contains((byte)0))
        {
            return Fail(FetchFailure.UnsupportedContent, "it is a binary file, not a web page");
        }
        return new FetchResult.Fetched(uri, mediaType, contentType?.CharSet, body, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
    }

    private FetchResult.Failed TooLarge(int cap) =>
        Fail(FetchFailure.TooLarge, $"the page is larger than {FormatBytes(cap)} (counted after decompression)");

    private FetchResult.Failed Describe(HttpRequestException ex, Uri uri)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is ConnectRefusedException refused)
            {
                return Fail(refused.Reason, refused.Message);
            }
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                        Fail(FetchFailure.DnsFailure, $"the host name {uri.Host} could not be found (DNS lookup failed)"),
                    SocketError.ConnectionRefused => Fail(FetchFailure.Unreachable, $"{uri.Host} refused the connection"),
                    SocketError.TimedOut => Fail(FetchFailure.Timeout, $"could not connect to {uri.Host} in time"),
                    _ => Fail(FetchFailure.Unreachable, $"{uri.Host} could not be reached ({socket.SocketErrorCode})"),
                };
            }
        }
        LogTransportFailure(ex, uri);
        return Fail(FetchFailure.Unreachable, $"{uri.Host} could not be reached ({ex.HttpRequestError})");
    }

    private FetchResult.Failed Fail(FetchFailure reason, string message, int? status = null)
    {
        LogFailed(reason, message);
        return new FetchResult.Failed(reason, message, status);
    }

    /// <summary>Resolves the host itself, refuses if ANY address is forbidden (a name that mixes a public and a
    /// private address is an attack, not a mistake), then connects to one of the checked addresses — never to the
    /// name again, so a second DNS answer cannot differ from the one checked (DNS rebinding).</summary>
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, FetchOptions options, IHostResolver resolver, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (ParseLiteral(endpoint.Host) is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(endpoint.Host, ct);
            }
            catch (SocketException ex)
            {
                throw new ConnectRefusedException(FetchFailure.DnsFailure, $"the host name {endpoint.Host} could not be found (DNS lookup failed: {ex.SocketErrorCode})", ex);
            }
        }
        if (addresses.Length == 0)
        {
            throw new ConnectRefusedException(FetchFailure.DnsFailure, $"the host name {endpoint.Host} has no addresses");
        }
        foreach (var address in addresses)
        {
            if (!IsAllowed(address, options))
            {
                throw new ConnectRefusedException(FetchFailure.ForbiddenAddress, ForbiddenMessage(endpoint.Host, address));
            }
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private static bool IsAllowed(IPAddress address, FetchOptions options) =>
        !AddressPolicy.IsForbidden(address) || (options.AllowLoopback && IPAddress.IsLoopback(address) && !address.IsIPv4MappedToIPv6);

    /// <summary>The host as an address when it is one. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> reads
    /// the same shorthand forms as the resolver (<c>127.1</c>, <c>0x7f.1</c>, <c>2130706433</c>, octal), so they are
    /// judged as the address the socket would reach.</summary>
    private static IPAddress? ParseLiteral(string host)
    {
        var h = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(h, out var address) ? address : null;
    }

    private static string ForbiddenMessage(string host, IPAddress address) =>
        IPAddress.TryParse(host.Trim('[', ']'), out _)
            ? $"the address {address} is not a public internet address, so it is not fetched"
            : $"{host} points to {address}, which is not a public internet address, so it is not fetched";

    private static string DescribeStatus(int status) => status switch
    {
        404 => "the page was not found (HTTP 404)",
        410 => "the page is gone (HTTP 410)",
        401 or 403 => $"the site refused access (HTTP {status}); it may need a login or block bots",
        429 => "the site asks us to slow down (HTTP 429); try again later",
        >= 500 => $"the site had an error (HTTP {status}); try again later",
        _ => $"the site answered HTTP {status}",
    };

    private static string DescribeContentType(string mediaType) => mediaType switch
    {
        "application/pdf" => "it is a PDF document (application/pdf), not a web page; paste its text instead",
        _ when mediaType.StartsWith("image/", StringComparison.Ordinal) => $"it is an image ({mediaType}), not an article",
        _ when mediaType.StartsWith("video/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal) => $"it is a media file ({mediaType}), not an article",
        _ => $"it is not a web page (the content type is {mediaType})",
    };

    internal static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Following a redirect from {From} to {To}")]
    private partial void LogRedirect(Uri from, Uri to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetch failed ({Reason}): {Problem}")]
    private partial void LogFailed(FetchFailure reason, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Url} failed in transport")]
    private partial void LogTransportFailure(Exception exception, Uri url);
}

/// <summary>Thrown inside the connect callback to carry a refusal out through HttpClient, which wraps it.</summary>
internal sealed class ConnectRefusedException(FetchFailure reason, string message, Exception? inner = null) : IOException(message, inner)
{
    public FetchFailure Reason { get; } = reason;
}
