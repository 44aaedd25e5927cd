using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The members' fairness ratings (the buttons under /viewpoints) on the Sources page, beside the stance labels.</summary>
public sealed class DashboardFairnessTests
{
    private const string Community = DiscussionBot.Host.Cli.CommandLine.ConsoleCommunity;

    [Fact]
    public async Task The_sources_page_shows_ratings_per_source_and_label_and_flags_a_side_most_raters_found_unfair()
    {
        await using var host = await ConsoleHost.StartAsync();
        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        Assert.Contains("No member has rated a side yet", await client.GetPageAsync("/dashboard/sources"));

        var log = host.Services.GetRequiredService<IInsightLog>();
        void Rate(string voter, string source, string label, bool fair) => log.Rate(new FairnessRating
        {
            Id = FairnessRating.KeyOf(Community, "st1", source, voter),
            CommunityId = Community,
            StoryId = "st1",
            Source = source,
            StanceLabel = label,
            Voter = voter,
            Fair = fair,
            At = DateTimeOffset.UtcNow,
        });
        Rate("v_a", "Harbour <i>Gazette</i>", "pro-port", fair: false);
        Rate("v_b", "Harbour <i>Gazette</i>", "pro-port", fair: false);
        Rate("v_c", "Harbour <i>Gazette</i>", "pro-port", fair: true);
        Rate("v_a", "Tenants Voice", "tenant advocacy", fair: true);

        var page = await client.GetPageAsync("/dashboard/sources");
        Assert.Matches("id=\"fairness-sources\".*Harbour &lt;i&gt;Gazette&lt;/i&gt;</td><td class=\"num\">1</td><td class=\"num\">2</td>", page.ReplaceLineEndings(""));
        Assert.Contains("<td>tenant advocacy</td><td class=\"num\">1</td><td class=\"num\">0</td>", page);
        Assert.Matches("id=\"fairness-flags\".*story st1: <strong>Harbour &lt;i&gt;Gazette&lt;/i&gt;</strong> \\(pro-port\\) — unfair to 2 of 3", page.ReplaceLineEndings(""));
        Assert.DoesNotContain("<i>Gazette</i>", page);
    }
}
