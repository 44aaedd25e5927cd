using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Storage;
using DiscussionBot.Web.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>A moderator's whole round in a real browser against the real console host: sign in with the link from
/// /dashboard, add a topic, label a source, approve a claim and start its poll, members vote and react in the console,
/// the results chart and the heat map follow, a CSV export downloads. Screenshots of each page are kept in
/// <c>screenshots/dashboard</c> of the test output.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task A_moderator_signs_in_from_the_console_link_and_runs_a_poll_from_the_dashboard_that_members_vote_on_in_the_chat()
    {
        await using var host = await ConsoleHost.StartAsync();
        Assert.Contains("Demo loaded", await host.SendAsync("/demo"));
        var link = await host.DashboardLinkAsync();
        using var browser = new Browser(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard"));

        // Sign in: the link shows whom it signs in; the button does it.
        browser.Open(link);
        Assert.Contains("Sign in as moderator", browser.Find("#message").Text);
        browser.Screenshot("01-signin");
        browser.Submit(browser.Find("#signin"));
        Assert.Equal("Overview", browser.Find("h1").Text);
        Assert.True(ImageLoaded(browser, "#overview-chart"));
        browser.Screenshot("02-overview");

        // Topics: add one.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/topics"));
        browser.Find("#new-topic-slug").SendKeys("transit");
        browser.Find("#new-topic-description").SendKeys("Buses, trams and the new bridge");
        browser.Submit(browser.Find("form[action='/dashboard/topics/add'] button"));
        Assert.Contains("Added topic transit", browser.Find("#flash").Text);
        Assert.NotNull(browser.Find("tr[data-topic='transit']"));
        browser.Screenshot("03-topics");

        // Sources: label one.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/sources"));
        var label = browser.Find("tr[data-source='civic-ledger.example'] input[name='label']");
        label.Clear();
        label.SendKeys("data first");
        browser.Submit(browser.Find("tr[data-source='civic-ledger.example'] button"));
        Assert.Contains("labelled \"data first\"", browser.Find("#flash").Text);
        Assert.Equal("data first", browser.Find("tr[data-source='civic-ledger.example'] td.label").Text);
        browser.Screenshot("04-sources");

        // Claims: approve the first candidate of housing, then start a poll on it.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/claims?topic=housing"));
        var claimId = int.Parse(browser.Find("#claims-candidates tr[data-claim]").GetAttribute("data-claim")!, CultureInfo.InvariantCulture);
        browser.Submit(browser.Find($"tr[data-claim='{claimId}'] form[action$='/approve'] button"));
        Assert.Contains($"Claim {claimId} approved", browser.Find("#flash").Text);
        Assert.NotNull(browser.Find($"#claims-approved tr[data-claim='{claimId}']"));
        var mark = host.OutputMark;
        browser.Submit(browser.Find($"#claims-approved tr[data-claim='{claimId}'] form[action$='/poll'] button"));
        var flash = browser.Find("#flash").Text;
        Assert.Contains("Posted in the chat", flash);
        var pollId = int.Parse(PollOnClaim().Match(flash).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.NotNull(browser.Find($"#claims-polled tr[data-claim='{claimId}']"));
        browser.Screenshot("05-claims");
        // The poll was posted in the chat where /dashboard was sent: the console.
        var posted = await host.WaitForOutputAsync(mark, $@"\[#(\d+)\] Poll {pollId} on claim {claimId}");
        var postNumber = Regex.Match(posted, $@"\[#(\d+)\] Poll {pollId}").Groups[1].Value;

        browser.Open(new Uri(host.BaseUrl, "/dashboard/reactions"));
        Assert.NotNull(browser.Find("#no-reactions"));
        browser.Screenshot("06-reactions-before");

        // Members vote and react in the console.
        Assert.Contains("Voted", await host.SendAsync($"/vote {pollId} 1"));
        await host.SendAsync("/as alice", "member");
        Assert.Contains("Voted", await host.SendAsync($"/vote {pollId} 2"));
        Assert.Contains("you reacted", await host.SendAsync($"/react {postNumber} 👍", "you reacted"));
        await host.SendAsync("/as bob", "member");
        Assert.Contains("Voted", await host.SendAsync($"/vote {pollId} 2"));
        Assert.Contains("you reacted", await host.SendAsync($"/react {postNumber} 🤔", "you reacted"));
        // A reaction on a summary counts under its source, about no claim.
        var summary = await host.SendAsync("/summary 1");
        var summaryNumber = Regex.Match(summary, @"\[#(\d+)\]").Groups[1].Value;
        Assert.Contains("you reacted", await host.SendAsync($"/react {summaryNumber} 👍", "you reacted"));
        await host.SendAsync("/as moderator", "moderator again");
        var summarized = host.Services.GetRequiredService<IArticleStore>().Get(1)!;

        // Results: counts, the same chart /results posts, votes over time.
        browser.Open(new Uri(host.BaseUrl, $"/dashboard/polls/{pollId}"));
        Assert.Equal("1", browser.Find("td[data-option='1']").Text);
        Assert.Equal("2", browser.Find("td[data-option='2']").Text);
        Assert.True(ImageLoaded(browser, "#results-chart"));
        Assert.True(ImageLoaded(browser, "#timeline-chart"));
        browser.Screenshot("07-poll");
        Assert.Contains("🖼", await host.SendAsync($"/results {pollId}"));
        var chatChart = await File.ReadAllBytesAsync(Path.Combine(host.Directory, "out", $"poll-{pollId}.png"));
        using var client = SignedInClient(host, browser);
        Assert.Equal(chatChart, await client.GetByteArrayAsync($"/dashboard/charts/poll-{pollId}.png"));

        // The heat map now has the reactions under the claim.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/reactions"));
        var cell = browser.Find($"tr[data-row='claim {claimId}'] td[data-column='(no source)']");
        Assert.Equal("2", cell.GetAttribute("data-count"));
        Assert.Contains("👍1", cell.Text);
        Assert.Equal("1", browser.Find($"tr[data-row='no claim'] td[data-count='1']").GetAttribute("data-count"));
        var sourceColumn = Core.Library.SourceKeys.Normalize(summarized.Source);
        Assert.Contains(sourceColumn, browser.Find("#heatmap tr").Text);
        Assert.True(ImageLoaded(browser, "#heatmap-chart"));
        browser.Screenshot("08-reactions");
        // By stance label, the summary's source shows as its label.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/reactions?by=label"));
        var stance = host.Services.GetRequiredService<ISourceStore>().Find("console:local", sourceColumn)!.StanceLabel;
        Assert.Contains(stance, browser.Find("#heatmap tr").Text);
        browser.Screenshot("08b-reactions-by-label");
        // The filters submit themselves (the dashboard's script runs under its CSP).
        browser.Find("#emoji-filter").Click();
        browser.Find("#emoji-filter option[value='🤔']").Click();
        browser.Wait(d => d.Url.Contains("emoji=", StringComparison.Ordinal) ? d.Url : null, "the filtered page");
        Assert.Equal("1", browser.Find($"tr[data-row='claim {claimId}'] td[data-column='(no source)']").GetAttribute("data-count"));
        browser.Screenshot("09-reactions-filtered");

        // Export: the votes as CSV, downloaded by the browser.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/export"));
        browser.Screenshot("10-export");
        browser.Find("#export-votes-csv").Click();
        var csv = browser.Wait(_ => File.Exists(Path.Combine(browser.Downloads, "votes.csv")) ? File.ReadAllText(Path.Combine(browser.Downloads, "votes.csv")) : null, "the downloaded votes.csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("event_id,poll_id,voter,options,at", lines[0]);
        Assert.Equal(3, lines.Count(l => l.Split(',')[1] == pollId.ToString(CultureInfo.InvariantCulture)));

        // Audit: the dashboard's changes, marked as such, beside the chat's.
        browser.Open(new Uri(host.BaseUrl, "/dashboard/audit"));
        Assert.Contains("dashboard", browser.Find("#audit").Text);
        browser.Screenshot("11-audit");
        var audit = host.Services.GetRequiredService<IAuditLog>().Recent("console:local", 50);
        Assert.Equal(ChatUser.ViaDashboard, audit.Single(e => e.Action == "topic add" && e.Detail.StartsWith("transit", StringComparison.Ordinal)).Origin);
        Assert.Equal(ChatUser.ViaDashboard, audit.Single(e => e.Action == "source set").Origin);
        Assert.Equal(ChatUser.ViaDashboard, audit.Single(e => e.Action == "claim approve").Origin);
        Assert.All(audit.Where(e => e.Action == "topic add" && !e.Detail.StartsWith("transit", StringComparison.Ordinal)), e => Assert.Equal(ChatUser.ViaChat, e.Origin));
        Assert.Contains("(on the dashboard)", await host.SendAsync("/audit"));
    }

    private static bool ImageLoaded(Browser browser, string css)
    {
        browser.Find(css);
        return browser.Wait(d => ((IJavaScriptExecutor)d).ExecuteScript($"var i = document.querySelector(\"{css}\"); return i.complete && i.naturalWidth > 0;") is true ? "loaded" : null, "the image " + css) is not null;
    }

    /// <summary>An HTTP client with the browser's session cookie, to fetch a chart's bytes.</summary>
    private static HttpClient SignedInClient(ConsoleHost host, Browser browser)
    {
        var cookies = new CookieContainer();
        var session = browser.Driver.Manage().Cookies.GetCookieNamed(DashboardModule.CookieName) ?? throw new InvalidOperationException("The browser has no session cookie.");
        cookies.Add(host.BaseUrl, new System.Net.Cookie(session.Name, session.Value, "/dashboard"));
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    [GeneratedRegex(@"Poll (\d+) on claim")]
    private static partial Regex PollOnClaim();
}
