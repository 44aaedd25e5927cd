using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>Issue 15: the Overview and Sources pages count in the database (a library of 100,000 articles is never read
/// whole for a page) and show what a scan of every article would count.</summary>
public sealed class DashboardCountsTests
{
    private const string Community = DiscussionBot.Host.Cli.CommandLine.ConsoleCommunity;

    [Fact]
    public async Task Overview_and_sources_show_the_counts_of_the_library_and_of_the_community_topics_and_the_newest_articles()
    {
        await using var host = await ConsoleHost.StartAsync();
        var topics = host.Services.GetRequiredService<ITopicStore>();
        var ferry = topics.Insert(new Topic { CommunityId = Community, Slug = "ferry", Keywords = ["ferry"] });
        var library = host.Services.GetRequiredService<ArticleLibrary>();
        var sources = new[] { "Harbour Gazette", "harbour gazette", "Civic Ledger" };
        var drafts = Enumerable.Range(0, 30).Select(i => new ArticleDraft(
            i % 3 == 0 ? $"Ferry timetable change number {i}" : $"Council budget item number {i}",
            (i % 3 == 0 ? "The ferry company changes its timetable once more. " : "The council discussed its budget once more. ") + $"This is report number {i} of the week.",
            sources[i % 3], $"https://news.example/{i}")).ToList();
        Assert.All(library.AddMany(drafts.Select(library.Prepare).ToList(), "test"), o => Assert.IsType<AddOutcome.Added>(o));
        var all = host.Services.GetRequiredService<IArticleStore>().All().ToList();

        using var client = new DashboardClient(host.BaseUrl);
        await client.SignInAsync(await host.DashboardLinkAsync());
        var overview = (await client.GetPageAsync("/dashboard")).ReplaceLineEndings("");
        Assert.Matches($"id=\"articles\"><div class=\"value\">{all.Count}</div>", overview);
        Assert.Matches($"id=\"topic-articles\"><div class=\"value\">{all.Count(a => a.TopicIds.Contains(ferry.Id))}</div>", overview);
        // The ten newest, newest first.
        var latest = overview[overview.IndexOf("id=\"latest-articles\"", StringComparison.Ordinal)..];
        Assert.True(latest.IndexOf("number 29<", StringComparison.Ordinal) < latest.IndexOf("number 28<", StringComparison.Ordinal));
        Assert.Contains("number 20<", latest, StringComparison.Ordinal);
        Assert.DoesNotContain("number 19<", latest, StringComparison.Ordinal);

        // "Harbour Gazette" and "harbour gazette" are one source: 20 articles, 10 of them (every third) in the ferry topic.
        var page = (await client.GetPageAsync("/dashboard/sources")).ReplaceLineEndings("");
        Assert.Matches("tr data-source=\"harbour gazette\">.*?<td class=\"num\">10</td><td class=\"num\">20</td>", page);
        Assert.Matches("tr data-source=\"civic ledger\">.*?<td class=\"num\">0</td><td class=\"num\">10</td>", page);
    }
}
