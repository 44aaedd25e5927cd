using System.Net;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>What survives a restart of the bot (and with it of the web endpoint): the keys that sign form tokens live
/// beside the database, so a page a moderator has open stays usable. Real Kestrel, the real host started twice on one
/// folder and one port.</summary>
public sealed class DashboardRestartTests
{
    [Fact]
    public async Task A_form_fetched_before_a_restart_is_accepted_after_it_because_its_keys_are_kept_beside_the_database()
    {
        var directory = Directory.CreateTempSubdirectory("discussionbot-restart-").FullName;
        try
        {
            string token;
            Uri baseUrl;
            DashboardClient client;
            await using (var before = await ConsoleHost.StartInAsync(directory))
            {
                baseUrl = before.BaseUrl;
                client = new DashboardClient(baseUrl);
                await client.SignInAsync(await before.DashboardLinkAsync());
                token = DashboardClient.TokenIn(await client.GetPageAsync("/dashboard/topics"));
            }
            using var _ = client;
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(directory, "data", "web-keys"), "key-*.xml"));

            await using var after = await ConsoleHost.StartInAsync(directory, $"--Web:Urls=http://127.0.0.1:{baseUrl.Port}");
            using var forged = await client.PostAsync("/dashboard/topics/add", ("__af", token[..^4] + "AAAA"), ("slug", "forged"), ("description", ""));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            using var added = await client.PostAsync("/dashboard/topics/add", ("__af", token), ("slug", "after-restart"), ("description", "posted from a page of the last run"));

            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            var topics = after.Services.GetRequiredService<ITopicStore>();
            Assert.Equal("posted from a page of the last run", topics.Find("console:local", "after-restart")?.Description);
            Assert.Null(topics.Find("console:local", "forged"));
        }
        finally
        {
            ConsoleHost.DeleteFolder(directory);
        }
    }
}
