using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The dashboard hands its changes to the command handlers as command records built from the form's fields, so
/// text that a chat command line would read differently (quotes, a leading slash, words like options) arrives as typed.
/// In a real browser against the real console host.</summary>
public sealed class DashboardFieldTextTests
{
    private const string Community = "console:local";

    [Fact]
    public async Task A_topic_and_a_claim_whose_text_holds_quotes_a_leading_slash_and_option_like_words_are_stored_as_typed_and_audited_under_the_moderator()
    {
        const string description = "/topic remove housing \"as the mayor put it\" --hidden --duration=2d";
        const string claimText = "/poll 1 --anonymous \"The bridge\" will cost -- twice --as much";
        await using var host = await ConsoleHost.StartAsync();
        var link = await host.DashboardLinkAsync();
        using var browser = new Browser(Path.Combine(AppContext.BaseDirectory, "screenshots", "field-text"));
        browser.Open(link);
        browser.Submit(browser.Find("#signin"));

        browser.Open(new Uri(host.BaseUrl, "/dashboard/topics"));
        browser.Find("#new-topic-slug").SendKeys("bridge-budget");
        browser.Find("#new-topic-description").SendKeys(description);
        browser.Submit(browser.Find("form[action='/dashboard/topics/add'] button"));
        Assert.Contains("Added topic bridge-budget", browser.Find("#flash").Text);
        var keywords = browser.Find("tr[data-topic='bridge-budget'] input[name='keywords']");
        keywords.Clear();
        keywords.SendKeys("\"zoning board\", --rent, /toll");
        browser.Submit(browser.Find("tr[data-topic='bridge-budget'] form[action$='/keywords'] button"));
        Assert.Contains("Keywords of bridge-budget", browser.Find("#flash").Text);
        Assert.Equal(description, browser.Find("tr[data-topic='bridge-budget'] input[name='description']").GetAttribute("value"));
        browser.Screenshot("01-topic");

        browser.Open(new Uri(host.BaseUrl, "/dashboard/claims?topic=bridge-budget"));
        browser.Find("#new-claim-text").SendKeys(claimText);
        browser.Submit(browser.Find("form[action='/dashboard/claims/add'] button"));
        Assert.Contains("Added claim", browser.Find("#flash").Text);
        Assert.Contains(claimText, browser.Find("#claims-approved").Text);
        browser.Screenshot("02-claim");

        // A poll on it whose options look like flags: they stay options, and the poll keeps the community's defaults.
        var claimRow = browser.Find("#claims-approved tr[data-claim]");
        claimRow.FindElement(OpenQA.Selenium.By.CssSelector("input[name='options']")).SendKeys("\"Yes\", --hidden, /no");
        claimRow.FindElement(OpenQA.Selenium.By.CssSelector("input[name='duration']")).SendKeys("2d");
        browser.Submit(claimRow.FindElement(OpenQA.Selenium.By.CssSelector("form[action$='/poll'] button")));
        Assert.Contains("Posted in the chat", browser.Find("#flash").Text);

        var topic = host.Services.GetRequiredService<ITopicStore>().Find(Community, "bridge-budget");
        Assert.NotNull(topic);
        Assert.Equal(description, topic.Description);
        Assert.Equal(["zoning board", "--rent", "/toll"], topic.Keywords);
        var claim = Assert.Single(host.Services.GetRequiredService<IClaimStore>().ByTopic(Community, topic.Id), c => c.Origin == ClaimOrigin.Moderator);
        Assert.Equal(claimText, claim.Text);
        var poll = Assert.Single(host.Services.GetRequiredService<IPollStore>().ByCommunity(Community));
        Assert.Equal((claim.Id, claimText), (poll.ClaimId, poll.Question));
        Assert.Equal(["\"Yes\"", "--hidden", "/no"], poll.Options);
        Assert.False(poll.HiddenUntilClose);
        Assert.Equal(TimeSpan.FromDays(2), poll.ClosesAt - poll.CreatedAt);

        var audit = host.Services.GetRequiredService<IAuditLog>().Recent(Community, 20);
        var topicAdded = Assert.Single(audit, e => e.Action == "topic add");
        Assert.Equal($"bridge-budget: {description}", topicAdded.Detail);
        var claimAdded = Assert.Single(audit, e => e.Action == "claim add");
        Assert.Equal($"{claim.Id} in bridge-budget: {claimText}", claimAdded.Detail);
        Assert.All([topicAdded, claimAdded, Assert.Single(audit, e => e.Action == "topic keywords")], e =>
        {
            Assert.Equal(("local", "moderator", ChatUser.ViaDashboard), (e.ActorId, e.ActorName, e.Origin));
        });
        browser.Open(new Uri(host.BaseUrl, "/dashboard/audit"));
        var row = browser.Find("#audit").Text.Split('\n').Single(l => l.Contains("claim add", StringComparison.Ordinal));
        Assert.Contains("moderator", row);
        Assert.Contains(claimText, row);
        browser.Screenshot("03-audit");
    }
}
