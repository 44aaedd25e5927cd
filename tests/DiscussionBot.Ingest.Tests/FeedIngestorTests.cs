using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Ingest.Feeds;
using DiscussionBot.Ingest.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Ingest.Tests;

public sealed class FeedIngestorTests : IAsyncLifetime
{
    private static readonly string[] DartsParagraphs =
    [
        "The Harbour Arms team won the regional darts final on Saturday night, beating the holders by five legs to three.",
    ];

    private LoopbackServer _server = null!;
    private IngestBot _bot = null!;
    private string _feedXml = "";

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _server.Map("/feed", ctx =>
        {
            ctx.Response.ContentType = "application/rss+xml; charset=utf-8";
            return ctx.Response.WriteAsync(_feedXml);
        });
        _server.Map("/council", "text/html; charset=utf-8", Pages.CouncilPage());
        _server.Map("/darts", "text/html; charset=utf-8", Pages.NewsPage("Harbour Arms win the darts final", Enumerable.Repeat(DartsParagraphs[0], 4)));
        _feedXml = Feed("ferry-1", "council-1", "Thu, 12 Mar 2026 08:30:00 GMT");
        _bot = new IngestBot(_server.Port);
        await Say("/topic add harbour Harbour, ferries and the valley");
        await Say("/topic keywords harbour ferry, library");
    }

    public async Task DisposeAsync()
    {
        _bot.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>A full-text ferry item, a teaser council item (its page has the article) and an off-topic darts item.</summary>
    private string Feed(string ferryGuid, string councilGuid, string date, string linkSuffix = "") => Pages.Rss([
        Pages.RssItem(Pages.FerryTitle, _server.Url("/ferry") + linkSuffix, ferryGuid, date, "The ferry returns on Monday.", Pages.Html(Pages.FerryParagraphs)),
        Pages.RssItem(Pages.CouncilTitle, _server.Url("/council") + linkSuffix, councilGuid, date, "Councillors voted on the future of the Station Road library."),
        Pages.RssItem("Harbour Arms win the darts final", _server.Url("/darts") + linkSuffix, "darts-" + ferryGuid, date, "A night to remember at the oche."),
    ]);

    private async Task<string> Say(string line)
    {
        var reply = await _bot.SendAsync(line);
        Assert.NotNull(reply);
        return reply.Text.ToPlainText();
    }

    private Task<IReadOnlyList<FeedPollReport>> PollAsync() =>
        _bot.InScopeAsync(sp => sp.GetRequiredService<FeedIngestor>().PollDueAsync(CancellationToken.None));

    private Topic Topic => _bot.Get<ITopicStore>().Find(IngestBot.Where.CommunityKey, "harbour")!;

    private async Task AddFeedAsync() =>
        Assert.StartsWith("Added the feed to harbour", await Say($"/topic feed add harbour {_server.Url("/feed")}"));

    [Fact]
    public async Task New_items_become_articles_of_the_topic_and_a_teaser_is_replaced_by_its_page()
    {
        await AddFeedAsync();

        var report = Assert.Single(await PollAsync());

        Assert.Null(report.Problem);
        Assert.Equal(2, report.Added);
        var articles = _bot.Articles.All().ToList();
        Assert.Equal(2, articles.Count);
        Assert.All(articles, a => Assert.Contains(Topic.Id, a.TopicIds));
        var council = Assert.Single(articles, a => a.Title == Pages.CouncilTitle);
        Assert.Contains(Pages.CouncilParagraphs[3], council.Text);
        Assert.Equal(1, _server.Hits("/council"));
        var ferry = Assert.Single(articles, a => a.Title == Pages.FerryTitle);
        Assert.Equal(0, _server.Hits("/ferry"));
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 8, 30, 0, TimeSpan.Zero), ferry.Published);
        Assert.Equal("feed", ferry.AddedBy);
    }

    [Fact]
    public async Task Items_that_do_not_match_the_topic_keywords_are_left_out()
    {
        await AddFeedAsync();

        await PollAsync();

        Assert.DoesNotContain(_bot.Articles.All(), a => a.Title.Contains("darts", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Unfiltered_feed_articles_stay_in_their_topic_when_its_keywords_change_and_filtered_ones_follow_the_keywords()
    {
        _bot.Dispose();
        _bot = new IngestBot(_server.Port, new Dictionary<string, string?> { ["Feeds:FilterByKeywords"] = "false" });
        await Say("/topic add harbour Harbour, ferries and the valley");
        await Say("/topic keywords harbour ferry, library");
        await AddFeedAsync();
        await PollAsync();
        Assert.Equal(3, _bot.Articles.ByTopic(Topic.Id, 10).Count); // the darts item too: no filter

        var reply = await Say("/topic keywords harbour lighthouse");

        // The feed is why they are in the topic, not their words: they stay.
        Assert.Contains("3 article(s) match", reply, StringComparison.Ordinal);
        Assert.Equal(3, _bot.Articles.ByTopic(Topic.Id, 10).Count);
        // An article pasted in by hand belongs by its words only.
        Assert.IsType<AddOutcome.Added>(_bot.Get<ArticleLibrary>().Add(new ArticleDraft("Lighthouse keepers return",
            "The old lighthouse on the point has keepers again after thirty years, the harbour trust said on Friday morning."), "test"));
        await Say("/topic keywords harbour ferry");
        Assert.Equal(3, _bot.Articles.ByTopic(Topic.Id, 10).Count);
        Assert.DoesNotContain(_bot.Articles.ByTopic(Topic.Id, 10), a => a.Title.StartsWith("Lighthouse", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_keyword_filter_on_feed_articles_follow_the_keywords()
    {
        await AddFeedAsync();
        await PollAsync();
        Assert.Equal(2, _bot.Articles.ByTopic(Topic.Id, 10).Count);

        await Say("/topic keywords harbour lighthouse");

        Assert.Empty(_bot.Articles.ByTopic(Topic.Id, 10));
    }

    [Fact]
    public async Task A_publisher_that_rewrites_guids_timestamps_and_links_does_not_create_duplicates()
    {
        await AddFeedAsync();
        await PollAsync();

        _feedXml = Feed("ferry-REWRITTEN", "council-REWRITTEN", "Sat, 14 Mar 2026 10:00:00 GMT", "?utm_source=rss");
        _bot.Time.Advance(TimeSpan.FromMinutes(31));
        var report = Assert.Single(await PollAsync());

        Assert.Equal(0, report.Added);
        Assert.Equal(2, _bot.Articles.Count());
        Assert.Equal(1, _server.Hits("/council"));
    }

    [Fact]
    public async Task An_item_with_a_new_guid_and_a_new_link_but_the_same_text_is_recognized_by_its_content()
    {
        await AddFeedAsync();
        await PollAsync();

        _feedXml = Pages.Rss([Pages.RssItem(Pages.FerryTitle, _server.Url("/moved/ferry-story"), "brand-new-guid", null, "The ferry returns on Monday.", Pages.Html(Pages.FerryParagraphs))]);
        _bot.Time.Advance(TimeSpan.FromMinutes(31));
        var report = Assert.Single(await PollAsync());

        Assert.Equal(0, report.Added);
        Assert.Equal(2, _bot.Articles.Count());
    }

    [Fact]
    public async Task A_feed_is_not_polled_again_before_its_interval()
    {
        await AddFeedAsync();
        await PollAsync();

        _bot.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(await PollAsync());

        _bot.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await PollAsync());
    }

    [Fact]
    public async Task A_feed_that_asks_for_a_longer_ttl_is_polled_less_often()
    {
        _feedXml = Pages.Rss([], "<ttl>120</ttl>");
        await AddFeedAsync();
        await PollAsync();

        _bot.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Empty(await PollAsync());
        _bot.Time.Advance(TimeSpan.FromMinutes(60));
        Assert.Single(await PollAsync());
    }

    [Fact]
    public async Task Polls_are_conditional_and_an_unchanged_feed_is_not_parsed_again()
    {
        _server.Map("/feed", ctx =>
        {
            if (ctx.Request.Headers.IfNoneMatch == "\"harbour-7\"")
            {
                ctx.Response.StatusCode = 304;
                return Task.CompletedTask;
            }
            ctx.Response.Headers.ETag = "\"harbour-7\"";
            ctx.Response.Headers.LastModified = "Thu, 12 Mar 2026 08:30:00 GMT";
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync(_feedXml);
        });
        await AddFeedAsync();
        await PollAsync();

        _bot.Time.Advance(TimeSpan.FromMinutes(31));
        var report = Assert.Single(await PollAsync());

        Assert.True(report.NotModified);
        var last = _server.Requests.Last(r => r.Path == "/feed");
        Assert.Equal("\"harbour-7\"", last.IfNoneMatch);
        Assert.Equal("Thu, 12 Mar 2026 08:30:00 GMT", last.IfModifiedSince);
    }

    [Fact]
    public async Task A_failing_feed_backs_off_exponentially_and_recovers()
    {
        await AddFeedAsync();
        var failing = true;
        _server.Map("/feed", ctx =>
        {
            if (failing)
            {
                ctx.Response.StatusCode = 500;
                return Task.CompletedTask;
            }
            ctx.Response.ContentType = "application/rss+xml";
            return ctx.Response.WriteAsync(_feedXml);
        });

        var first = Assert.Single(await PollAsync());
        Assert.Contains("HTTP 500", first.Problem);

        // 1st failure: wait 2 × 30 min.
        _bot.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(await PollAsync());
        _bot.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await PollAsync());

        // 2nd failure: wait 4 × 30 min.
        _bot.Time.Advance(TimeSpan.FromMinutes(119));
        Assert.Empty(await PollAsync());
        failing = false;
        _bot.Time.Advance(TimeSpan.FromMinutes(2));
        var recovered = Assert.Single(await PollAsync());

        Assert.Null(recovered.Problem);
        Assert.Equal(2, recovered.Added);
        var state = FeedState.Load(_bot.Get<IStateStore>(), FeedState.Key(Topic.Id, _server.Url("/feed")));
        Assert.Equal(0, state.Failures);
    }

    [Fact]
    public async Task A_feed_that_turns_into_malformed_xml_reports_the_problem_and_stores_nothing()
    {
        await AddFeedAsync();
        _feedXml = "<rss version=\"2.0\"><channel><title>Harbour</title><item><title>Ferry</channel>";

        var report = Assert.Single(await PollAsync());

        Assert.Contains("not well-formed XML", report.Problem);
        Assert.Equal(0, _bot.Articles.Count());
    }

    [Fact]
    public async Task A_teaser_whose_page_cannot_be_fetched_is_retried_and_then_given_up()
    {
        _server.Map("/council", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        await AddFeedAsync();

        for (var i = 0; i < 4; i++)
        {
            await PollAsync();
            _bot.Time.Advance(TimeSpan.FromMinutes(31));
        }

        Assert.Equal(3, _server.Hits("/council"));
        Assert.DoesNotContain(_bot.Articles.All(), a => a.Title == Pages.CouncilTitle);
    }

    [Fact]
    public async Task With_digest_on_the_new_articles_are_posted_to_the_community_chat()
    {
        await Say("/settings digest on");
        await AddFeedAsync();

        var report = Assert.Single(await PollAsync());

        Assert.True(report.DigestSent);
        var (where, reply) = Assert.Single(_bot.Messenger.Sent);
        Assert.Equal(IngestBot.Where, where);
        var text = reply.Text.ToPlainText();
        Assert.Contains("New in harbour (2 articles)", text);
        Assert.Contains(Pages.FerryTitle, text);
        Assert.Contains(Pages.CouncilTitle, text);
    }

    [Fact]
    public async Task With_digest_off_nothing_is_posted()
    {
        await AddFeedAsync();

        await PollAsync();

        Assert.Empty(_bot.Messenger.Sent);
    }

    [Fact]
    public async Task A_web_page_is_refused_as_a_feed_when_a_moderator_adds_it()
    {
        var text = await Say($"/topic feed add harbour {_server.Url("/council")}");

        Assert.Contains("That feed cannot be added", text);
        Assert.Contains("not an RSS 2.0 or Atom feed", text);
        Assert.Empty(Topic.Feeds);
    }

    [Fact]
    public async Task A_missing_feed_is_refused_when_a_moderator_adds_it()
    {
        var text = await Say($"/topic feed add harbour {_server.Url("/no-feed-here")}");

        Assert.Contains("not found (HTTP 404)", text);
        Assert.Empty(Topic.Feeds);
    }

    [Fact]
    public async Task The_hosted_poller_polls_on_start_and_then_every_tick()
    {
        await AddFeedAsync();
        var poller = _bot.Services.GetServices<IHostedService>().OfType<FeedPoller>().Single();

        await poller.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => _bot.Articles.Count() == 2);
            _feedXml = Pages.Rss([Pages.RssItem("Second ferry added to the winter timetable", _server.Url("/ferry2"), "ferry-2", null, "More ferries.", Pages.Html(Pages.FerryParagraphs.Select(p => p.Replace("Monday", "Friday", StringComparison.Ordinal))))]);
            // The poller sets the timer of its next tick only once its round is over: an advance made before that moves the
            // clock past no timer. So advance again on every look until the next tick's round has added the article.
            await WaitUntil(() =>
            {
                if (_bot.Articles.Count() == 3)
                {
                    return true;
                }
                _bot.Time.Advance(TimeSpan.FromMinutes(31));
                return false;
            });
        }
        finally
        {
            await poller.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Looks every 50 ms, for 30 s at most (a loaded machine can take seconds for one round of fetches).</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(50);
        }
    }
}
