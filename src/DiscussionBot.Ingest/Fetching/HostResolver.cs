using System.Net;

namespace DiscussionBot.Ingest.Fetching;

/// <summary>Turns a host name into addresses. The fetcher resolves names itself (rather than letting the socket
/// layer do it) so it can check every address before connecting; tests swap in a resolver that maps a
/// public-looking name to a forbidden address.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The operating system's resolver.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
