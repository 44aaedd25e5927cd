using System.Net;
using System.Net.Sockets;

namespace DiscussionBot.Ingest.Fetching;

/// <summary>Which IP addresses the bot must never connect to: anything that is not a public, globally routed
/// unicast address. Written by hand because neither .NET nor a maintained package ships an SSRF address policy;
/// the ranges come from the IANA special-purpose registries (RFC 6890 and its updates). Addresses are compared
/// as parsed values with <see cref="IPNetwork"/>, never as strings, so <c>0177.0.0.1</c> and <c>::ffff:7f00:1</c>
/// cannot slip past.</summary>
public static class AddressPolicy
{
    private static readonly IPNetwork[] ForbiddenV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", incl. the unspecified address
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, incl. the cloud metadata service 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),   // deprecated 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),   // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, incl. the broadcast address 255.255.255.255
    ];

    // Only 2000::/3 is allocated as global unicast; inside it, these are special.
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] ForbiddenV6 =
    [
        IPNetwork.Parse("2001::/23"),        // IETF protocol assignments, incl. Teredo 2001::/32 and benchmarking 2001:2::/48
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("3fff::/20"),        // documentation (RFC 9637)
    ];

    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>True when connecting to <paramref name="address"/> could reach something that is not a public
    /// web server: the bot's own machine, its network, the cloud metadata service, or a special-purpose range.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsForbiddenV4(address);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            // ::ffff:a.b.c.d — a DNS answer or URL has no business naming one; the socket would connect over
            // IPv4 to the embedded address, so it is refused outright rather than judged by that address.
            return true;
        }
        if (Nat64WellKnown.Contains(address))
        {
            // 64:ff9b::a.b.c.d reaches a.b.c.d through the network's NAT64 gateway: judge the embedded address.
            return IsForbiddenV4(Embedded(address, 12));
        }
        if (SixToFour.Contains(address))
        {
            // 2002:AABB:CCDD::/48 tunnels to a.b.c.d = AA.BB.CC.DD.
            return IsForbiddenV4(Embedded(address, 2));
        }
        // Everything outside 2000::/3 is forbidden: ::/128, ::1, IPv4-compatible ::a.b.c.d, the local-use
        // NAT64 prefix 64:ff9b:1::/48, discard-only 100::/64, unique-local fc00::/7, link-local fe80::/10,
        // site-local fec0::/10 and multicast ff00::/8.
        if (!GlobalUnicastV6.Contains(address))
        {
            return true;
        }
        foreach (var network in ForbiddenV6)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsForbiddenV4(IPAddress address)
    {
        foreach (var network in ForbiddenV4)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static IPAddress Embedded(IPAddress v6, int offset) => new(v6.GetAddressBytes().AsSpan(offset, 4));
}
