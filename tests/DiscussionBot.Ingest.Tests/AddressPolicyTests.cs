using System.Net;
using DiscussionBot.Ingest.Fetching;

namespace DiscussionBot.Ingest.Tests;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("198.51.100.10")]
    [InlineData("203.0.113.10")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::10.1.2.3")]
    [InlineData("64:ff9b:1::8.8.8.8")]
    [InlineData("2002:7f00:0001::1")]
    [InlineData("2002:c0a8:0101::1")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:db8:ffff::1")]
    [InlineData("3fff::1")]
    [InlineData("100::1")]
    [InlineData("2001:2::1")]
    public void Special_purpose_addresses_are_forbidden(string address) =>
        Assert.True(AddressPolicy.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.215.14")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    public void Public_unicast_addresses_are_allowed(string address) =>
        Assert.False(AddressPolicy.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.1")]
    [InlineData("0x7f000001")]
    [InlineData("017700000001")]
    public void Shorthand_forms_of_loopback_parse_to_a_forbidden_address(string form)
    {
        Assert.True(IPAddress.TryParse(form, out var address), form);
        Assert.True(AddressPolicy.IsForbidden(address), $"{form} = {address}");
    }
}
