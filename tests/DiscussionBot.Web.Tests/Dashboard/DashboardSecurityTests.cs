using System.Net;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Dashboard;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using DiscussionBot.Web.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The dashboard's security, over HTTP against the real host: one-time and expiring links, sessions scoped to a
/// community, antiforgery on every form, encoded output.</summary>
public sealed class DashboardSecurityTests
{
    [Fact]
    public async Task A_sign_in_link_works_once_and_sets_a_strict_http_only_session_cookie()
    {
        await using var host = await ConsoleHost.StartAsync();
        var link = await host.DashboardLinkAsync();
        using var first = new DashboardClient(host.BaseUrl);

        using var signedIn = await first.SignInAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardModule.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Overview", await first.GetPageAsync("/dashboard"));

        using var second = new DashboardClient(host.BaseUrl);
        using var reused = await second.SignInAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("used already", await reused.Content.ReadAsStringAsync());
        using var page = await second.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_and_an_expired_session_are_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ConsoleHost.StartAsync(time);
        var stale = await host.DashboardLinkAsync();
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var late = new DashboardClient(host.BaseUrl);
        using var refused = await late.SignInAsync(stale);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync());

        using var client = new DashboardClient(host.BaseUrl);
        using var signedIn = await client.SignInAsync(await host.DashboardLinkAsync());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        time.Advance(TimeSpan.FromHours(11));
        Assert.Contains("Overview", await client.GetPageAsync("/dashboard"));
        time.Advance(TimeSpan.FromHours(1));
        using var ended = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
    }

    [Fact]
    public async Task Dashboard_revoke_in_the_chat_ends_the_moderators_sessions()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        Assert.Contains("Overview", await client.GetPageAsync("/dashboard"));

        var reply = await host.SendAsync("/dashboard revoke");
        Assert.Contains("Ended 1 dashboard session", reply);
        using var page = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_not_only_in_the_browser()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        var token = DashboardClient.TokenIn(await client.GetPageAsync("/dashboard"));

        using var signedOut = await client.PostAsync("/dashboard/signout", ("__af", token));
        Assert.Contains("You are signed out", await signedOut.Content.ReadAsStringAsync());
        using var page = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        // The same /dashboard revoke finds no session left to end.
        Assert.Contains("Ended 0 dashboard session", await host.SendAsync("/dashboard revoke"));
    }

    [Fact]
    public async Task A_moderator_of_one_community_gets_403_for_another_communitys_poll_claim_and_topic()
    {
        await using var host = await ConsoleHost.StartAsync();
        // Another community on the same deployment, with a topic, a claim and a poll of its own.
        var other = new ChatLocation("telegram", "-100777", "-100777");
        var otherModerator = new ChatUser("99", "@elsewhere", IsModerator: true);
        var topic = host.Services.GetRequiredService<ITopicStore>().Insert(new Topic { CommunityId = other.CommunityKey, Slug = "harbour", Keywords = ["harbour"] });
        var claim = host.Services.GetRequiredService<IClaimStore>().Insert(new Claim { CommunityId = other.CommunityKey, Key = "k1", Text = "The harbour will close", TopicId = topic.Id, Status = ClaimStatus.Candidate });
        var poll = host.Services.GetRequiredService<PollService>().Create(other, otherModerator, new PollRequest("Close the harbour?", ["yes", "no"], TimeSpan.FromDays(1), false, false, false));

        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        var token = DashboardClient.TokenIn(await client.GetPageAsync("/dashboard/claims"));

        using var pollPage = await client.GetAsync($"/dashboard/polls/{poll.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, pollPage.StatusCode);
        using var chart = await client.GetAsync($"/dashboard/charts/poll-{poll.Id}.png");
        Assert.Equal(HttpStatusCode.Forbidden, chart.StatusCode);
        using var approve = await client.PostAsync($"/dashboard/claims/{claim.Id}/approve", ("__af", token));
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        using var remove = await client.PostAsync($"/dashboard/topics/{topic.Id}/remove", ("__af", token));
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);

        Assert.Equal(ClaimStatus.Candidate, host.Services.GetRequiredService<IClaimStore>().Get(claim.Id)!.Status);
        Assert.NotNull(host.Services.GetRequiredService<ITopicStore>().Get(topic.Id));
        Assert.DoesNotContain("Close the harbour?", await client.GetPageAsync("/dashboard/polls"));

        // That community's own moderator may.
        var link = host.Services.GetRequiredService<DashboardAccess>().IssueLink(other, otherModerator);
        using var theirs = new DashboardClient(host.BaseUrl);
        await theirs.SignInAsync(new Uri(host.BaseUrl, $"/dashboard/signin?token={link}"));
        Assert.Contains("Close the harbour?", await theirs.GetPageAsync($"/dashboard/polls/{poll.Id}"));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        var token = DashboardClient.TokenIn(await client.GetPageAsync("/dashboard/topics"));

        using var without = await client.PostAsync("/dashboard/topics/add", ("slug", "forged"), ("description", "from another site"));
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        using var wrong = await client.PostAsync("/dashboard/topics/add", ("__af", "CfDJ8-not-a-token"), ("slug", "forged"), ("description", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Null(host.Services.GetRequiredService<ITopicStore>().Find(CommunityKey, "forged"));

        using var with = await client.PostAsync("/dashboard/topics/add", ("__af", token), ("slug", "genuine"), ("description", "from the dashboard"));
        Assert.Equal(HttpStatusCode.Redirect, with.StatusCode);
        Assert.NotNull(host.Services.GetRequiredService<ITopicStore>().Find(CommunityKey, "genuine"));
    }

    [Fact]
    public async Task Titles_and_source_names_with_markup_are_shown_as_text()
    {
        await using var host = await ConsoleHost.StartAsync();
        var added = host.Services.GetRequiredService<ArticleLibrary>().Add(new ArticleDraft(
            "<script>alert('owned')</script> Tower vote delayed",
            "The council delayed its vote on the tower again. Residents asked for more time to read the plans.",
            Source: "<b>Bold Gazette</b>"), "test");
        Assert.IsType<AddOutcome.Added>(added);
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());

        var overview = await client.GetPageAsync("/dashboard");
        Assert.Contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt; Tower vote delayed", overview);
        Assert.DoesNotContain("<script>alert", overview);
        var sources = await client.GetPageAsync("/dashboard/sources");
        Assert.Contains("&lt;b&gt;Bold Gazette&lt;/b&gt;", sources);
        Assert.DoesNotContain("<b>Bold Gazette</b>", sources);
    }

    [Fact]
    public async Task Every_dashboard_page_carries_a_content_security_policy_without_inline_scripts()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        foreach (var path in new[] { "/dashboard", "/dashboard/topics", "/dashboard/sources", "/dashboard/claims", "/dashboard/polls", "/dashboard/reactions", "/dashboard/export", "/dashboard/audit" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
        }
    }

    [Fact]
    public async Task Behind_an_https_proxy_links_use_the_public_url_and_the_session_cookie_is_secure()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:PublicUrl=https://bot.example.org");
        var reply = await host.SendAsync("/dashboard", @"signin\?token=\S+");
        var link = System.Text.RegularExpressions.Regex.Match(reply, @"https://bot\.example\.org/dashboard/signin\?token=(\S+)");
        Assert.True(link.Success, reply);

        // The proxy forwards to the loopback endpoint; the cookie still says Secure, as the browser reached it over https.
        using var client = new DashboardClient(host.BaseUrl);
        using var signedIn = await client.SignInAsync(new Uri(host.BaseUrl, "/dashboard/signin?token=" + link.Groups[1].Value));
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardModule.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_claim_added_and_a_source_labelled_on_the_dashboard_go_through_the_chat_commands_and_are_audited_as_dashboard_changes()
    {
        await using var host = await ConsoleHost.StartAsync();
        await host.SendAsync("/demo");
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        var token = DashboardClient.TokenIn(await client.GetPageAsync("/dashboard/claims"));

        using var added = await client.PostAsync("/dashboard/claims/add", ("__af", token), ("topic", "housing"), ("text", "The tower will raise rents on the east bank"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await client.GetPageAsync("/dashboard/claims?topic=housing");
        Assert.Contains("Added claim", page);
        Assert.Contains("The tower will raise rents on the east bank", page);

        using var tooLong = await client.PostAsync("/dashboard/claims/add", ("__af", token), ("topic", "housing"), ("text", new string('x', 400)));
        Assert.Contains("1–300 characters", await client.GetPageAsync("/dashboard/claims?topic=housing"));

        using var labelled = await client.PostAsync("/dashboard/sources/label", ("__af", token), ("source", "https://www.Harbour-Watch.example/about"), ("label", "harbour sceptic"));
        Assert.Contains("harbour-watch.example is now labelled", await client.GetPageAsync("/dashboard/sources"));

        var audit = host.Services.GetRequiredService<IAuditLog>().Recent(CommunityKey, 20);
        Assert.Equal(ChatUser.ViaDashboard, audit.Single(e => e.Action == "claim add").Origin);
        Assert.Equal(ChatUser.ViaDashboard, audit.Single(e => e.Action == "source set").Origin);
        Assert.Equal(ChatUser.ViaChat, audit.Single(e => e.Action == "demo").Origin);
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=3");
        using var client = new DashboardClient(host.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync("/dashboard/signin?token=guess" + i);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_sign_in_limit_counts_each_client_address_on_its_own()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Dashboard:SignInPerMinute=2");
        using var first = new DashboardClient(host.BaseUrl, IPAddress.Parse("127.0.0.1"));
        using var second = new DashboardClient(host.BaseUrl, IPAddress.Parse("127.0.0.2"));

        async Task<HttpStatusCode> TryAsync(DashboardClient client)
        {
            using var response = await client.GetAsync("/dashboard/signin?token=guess");
            return response.StatusCode;
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests],
            [await TryAsync(first), await TryAsync(first), await TryAsync(first)]);
        Assert.Equal(HttpStatusCode.BadRequest, await TryAsync(second));
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(first));
    }

    private const string CommunityKey = "console:local";
}

/// <summary>The sign-in service on the real LiteDB store.</summary>
public sealed class DashboardAccessTests
{
    [Fact]
    public async Task Of_many_simultaneous_redemptions_of_one_link_exactly_one_signs_in()
    {
        await using var host = await ConsoleHost.StartAsync();
        var access = host.Services.GetRequiredService<DashboardAccess>();
        var secret = access.IssueLink(new ChatLocation("console", "local", "local"), new ChatUser("local", "moderator", true));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => access.Redeem(secret))));

        Assert.Single(outcomes.OfType<SignInOutcome.SignedIn>());
        Assert.All(outcomes.OfType<SignInOutcome.Refused>(), r => Assert.Contains("used already", r.Reason));
    }

    [Fact]
    public async Task Secrets_are_stored_only_as_hashes()
    {
        await using var host = await ConsoleHost.StartAsync();
        var access = host.Services.GetRequiredService<DashboardAccess>();
        var secret = access.IssueLink(new ChatLocation("console", "local", "local"), new ChatUser("local", "moderator", true));
        var session = Assert.IsType<SignInOutcome.SignedIn>(access.Redeem(secret));

        var store = host.Services.GetRequiredService<IDashboardGrantStore>();
        Assert.Null(store.Find(secret));
        Assert.Null(store.Find(session.Secret));
        Assert.Equal(GrantKind.Session, store.Find(session.Session.Id)!.Kind);
        Assert.DoesNotContain(secret, session.Session.Id, StringComparison.Ordinal);
    }
}
