using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Web.Tests;

public sealed class WebOptionsTests
{
    [Fact]
    public void The_endpoint_listens_on_loopback_unless_configured_otherwise()
    {
        var uri = new Uri(new WebOptions().Urls);
        Assert.True(System.Net.IPAddress.Parse(uri.Host).Equals(System.Net.IPAddress.Loopback));
    }

    [Fact]
    public void A_public_url_that_is_not_a_url_is_refused()
    {
        var options = new WebOptions { PublicUrl = "not a url" };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(WebOptions.PublicUrl)));
    }
}

public sealed class TrustedProxiesTests
{
    [Fact]
    public void Known_proxies_read_addresses_and_cidr_networks_of_both_families()
    {
        var proxies = TrustedProxies.Parse(" 127.0.0.1, 10.0.0.0/8 ,fd00::/8,::1", out var problems);
        Assert.Empty(problems);
        Assert.Equal([System.Net.IPAddress.Loopback, System.Net.IPAddress.IPv6Loopback], proxies.Addresses);
        Assert.Equal([System.Net.IPNetwork.Parse("10.0.0.0/8"), System.Net.IPNetwork.Parse("fd00::/8")], proxies.Networks);
    }

    [Fact]
    public void Listed_proxies_replace_the_loopback_ones_aspnet_core_trusts_by_default()
    {
        var options = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions();
        TrustedProxies.Parse("172.17.0.1", out _).ApplyTo(options);
        Assert.Equal([System.Net.IPAddress.Parse("172.17.0.1")], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Fact]
    public void An_empty_list_of_known_proxies_is_none_and_is_never_handed_to_the_middleware()
    {
        var none = TrustedProxies.Parse(" , ", out var problems);
        Assert.Empty(problems);
        Assert.True(none.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => none.ApplyTo(new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions()));
    }

    [Theory]
    [InlineData("proxy.internal", "'proxy.internal' is not an IP address")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' is not a CIDR network")]
    [InlineData("127.0.0.1,300.1.1.1", "'300.1.1.1' is not an IP address")]
    public void A_known_proxy_that_is_neither_an_address_nor_a_network_is_refused_naming_the_entry(string value, string reason)
    {
        var options = new WebOptions { KnownProxies = value };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var result = Assert.Single(results);
        Assert.StartsWith(reason, result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([nameof(WebOptions.KnownProxies)], result.MemberNames);
    }
}
