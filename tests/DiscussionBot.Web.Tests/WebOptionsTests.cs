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
