using System.Net;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>Runs alone: it sets an environment variable of the whole test process for the duration of one host start.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// ASP.NET Core applies forwarded headers by itself when <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (a setting
/// container guides recommend), and then believes every sender. The endpoint's own list (<c>Web:KnownProxies</c>) still
/// decides whose headers count.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ForwardedHeadersEnvironmentTests
{
    private const string Variable = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    [Fact]
    public async Task With_ASPNETCORE_FORWARDEDHEADERS_ENABLED_and_no_known_proxies_a_forwarded_address_still_buys_no_new_sign_in_attempts()
    {
        Environment.SetEnvironmentVariable(Variable, "true");
        ConsoleHost host;
        try
        {
            host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }

        await using (host)
        {
            using var local = new DashboardClient(host.BaseUrl, IPAddress.Loopback);
            Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
                [await TryAsync(local, "203.0.113.1"), await TryAsync(local, "203.0.113.2"), await TryAsync(local, "203.0.113.3")]);
        }
    }

    private static async Task<HttpStatusCode> TryAsync(DashboardClient client, string forwardedFor)
    {
        using var response = await client.GetAsync("/dashboard/signin?token=guess", ("X-Forwarded-For", forwardedFor));
        return response.StatusCode;
    }
}
