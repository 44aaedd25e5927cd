using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace DiscussionBot.Web;

/// <summary>The reverse proxies whose <c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c> and <c>-Prefix</c> the endpoint
/// believes (<c>Web:KnownProxies</c>: comma-separated addresses and CIDR networks). Empty: no one's; the headers are then ignored.</summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<System.Net.IPNetwork> Networks)
{
    public static readonly TrustedProxies None = new([], []);

    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    /// <summary>Reads the key's value; <paramref name="problems"/> names each entry that is neither an address nor a network.</summary>
    public static TrustedProxies Parse(string? value, out IReadOnlyList<string> problems)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        var wrong = new List<string>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    wrong.Add($"'{entry}' is not a CIDR network (an address, then /prefix length: 10.0.0.0/8, fd00::/8)");
                }
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                wrong.Add($"'{entry}' is not an IP address (host names are not resolved: give the proxy's address, such as 127.0.0.1 or 172.17.0.1)");
            }
        }
        problems = wrong;
        return wrong.Count > 0 || (addresses.Count == 0 && networks.Count == 0) ? None : new TrustedProxies(addresses, networks);
    }

    /// <summary>ASP.NET Core's forwarded-headers options for exactly these proxies, its loopback defaults cleared (a member
    /// on the bot's own machine is not a proxy). Never for <see cref="None"/>: with both lists empty the middleware
    /// checks no sender at all, so the endpoint leaves it out instead.</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("No proxies to trust: the forwarded-headers middleware must not run (it would trust every sender).");
        }
        // Host and prefix too, so a dashboard served at https://example.org/bot/ builds its links, redirects and cookie
        // paths under /bot (the prefix becomes Request.PathBase; routing matches the rest, which nginx passes stripped).
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
            | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in Addresses)
        {
            options.KnownProxies.Add(address);
        }
        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }
        // Walk the X-Forwarded-For chain from the right while each hop is a listed proxy (a CDN in front of nginx, say),
        // and stop at the first one that is not: what a client wrote there itself is never taken.
        options.ForwardLimit = null;
    }

    public override string ToString() => string.Join(", ", Addresses.Select(a => a.ToString()).Concat(Networks.Select(n => n.ToString())));
}
