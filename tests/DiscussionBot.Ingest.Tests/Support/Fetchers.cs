using System.Net;
using System.Net.Sockets;
using DiscussionBot.Ingest.Fetching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Ingest.Tests.Support;

/// <summary>Builds a <see cref="SafeFetcher"/> the way the container does, with short test timeouts.</summary>
public static class Fetchers
{
    public static FetchOptions Options(int port, bool allowLoopback = true, int maxBody = 1024 * 1024, double totalTimeout = 5, double connectTimeout = 2) => new()
    {
        AllowLoopback = allowLoopback,
        AllowedPorts = [port],
        MaxBodyBytes = maxBody,
        TotalTimeoutSeconds = totalTimeout,
        ConnectTimeoutSeconds = connectTimeout,
    };

    public static SafeFetcher Create(FetchOptions options, IHostResolver? resolver = null) =>
        new(new HttpClient(SafeFetcher.CreateHandler(options, resolver ?? new MapResolver())) { Timeout = Timeout.InfiniteTimeSpan },
            Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<SafeFetcher>.Instance);

    public static SafeFetcher Create(LoopbackServer server, bool allowLoopback = true, IHostResolver? resolver = null) =>
        Create(Options(server.Port, allowLoopback), resolver);
}

/// <summary>A resolver with a fixed table; names not in it do not exist. Lets a test make a public-looking name
/// point anywhere without touching real DNS.</summary>
public sealed class MapResolver(Dictionary<string, IPAddress[]>? map = null) : IHostResolver
{
    private readonly Dictionary<string, IPAddress[]> _map = map ?? new(StringComparer.OrdinalIgnoreCase);

    public MapResolver Add(string host, params string[] addresses)
    {
        _map[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _map.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}

/// <summary>A resolver that never answers (a black-holed name server).</summary>
public sealed class HangingResolver : IHostResolver
{
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return [];
    }
}
