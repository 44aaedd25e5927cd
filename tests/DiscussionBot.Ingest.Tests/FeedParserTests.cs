using System.Text;
using DiscussionBot.Ingest.Feeds;
using DiscussionBot.Ingest.Tests.Support;

namespace DiscussionBot.Ingest.Tests;

public sealed class FeedParserTests
{
    private static readonly Uri FeedUrl = new("https://courier.example/harbour/rss");

    private static ParsedFeed Parse(string xml)
    {
        var outcome = FeedParser.Parse(Encoding.UTF8.GetBytes(xml), FeedUrl);
        Assert.Null(outcome.Problem);
        return outcome.Feed!;
    }

    [Fact]
    public void An_rss_feed_gives_items_with_guid_link_date_and_full_content_as_plain_paragraphs()
    {
        var feed = Parse(Pages.Rss([
            Pages.RssItem(Pages.FerryTitle, "https://courier.example/harbour/ferry", "ferry-1", "Thu, 12 Mar 2026 08:30:00 GMT", "The ferry returns.", Pages.Html(Pages.FerryParagraphs)),
        ], "<ttl>90</ttl>"));

        var item = Assert.Single(feed.Items);
        Assert.Equal("The Calder Courier — Harbour", feed.Title);
        Assert.Equal(TimeSpan.FromMinutes(90), feed.TimeToLive);
        Assert.Equal("ferry-1", item.Id);
        Assert.Equal("https://courier.example/harbour/ferry", item.Link);
        Assert.Equal(Pages.FerryTitle, item.Title);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 8, 30, 0, TimeSpan.Zero), item.Published);
        Assert.Equal(string.Join("\n\n", Pages.FerryParagraphs), item.Text);
    }

    [Fact]
    public void An_atom_feed_is_read_too()
    {
        var feed = Parse($"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Brenmoor Gazette</title>
              <id>urn:brenmoor:feed</id>
              <updated>2026-03-10T19:00:00Z</updated>
              <entry>
                <title>{Pages.CouncilTitle}</title>
                <id>urn:brenmoor:library-vote</id>
                <link rel="alternate" href="/news/library-vote"/>
                <updated>2026-03-10T19:00:00Z</updated>
                <author><name>Dev Okoro</name></author>
                <summary type="html">&lt;p&gt;The council kept the library open.&lt;/p&gt;</summary>
              </entry>
            </feed>
            """);

        var item = Assert.Single(feed.Items);
        Assert.Equal("Brenmoor Gazette", feed.Title);
        Assert.Equal("urn:brenmoor:library-vote", item.Id);
        Assert.Equal("https://courier.example/news/library-vote", item.Link);
        Assert.Equal("Dev Okoro", item.Author);
        Assert.Equal("The council kept the library open.", item.Text);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 19, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Missing_and_unreadable_dates_become_null_instead_of_failing_the_feed()
    {
        var feed = Parse(Pages.Rss([
            Pages.RssItem("No date", "https://courier.example/a", "a", null, "Teaser a."),
            Pages.RssItem("Bad date", "https://courier.example/b", "b", "the day after tomorrow", "Teaser b."),
            Pages.RssItem("Zone name", "https://courier.example/c", "c", "Tue, 10 Mar 2026 09:00:00 EST", "Teaser c."),
        ]));

        Assert.Equal(3, feed.Items.Count);
        Assert.Null(feed.Items[0].Published);
        Assert.Null(feed.Items[1].Published);
        Assert.NotNull(feed.Items[2].Published);
    }

    [Fact]
    public void An_item_without_guid_keeps_its_link_and_a_teaser_stays_a_teaser()
    {
        var feed = Parse(Pages.Rss([Pages.RssItem("Teaser only", "https://courier.example/t", null, null, "Read the whole story on our site…")]));

        var item = Assert.Single(feed.Items);
        Assert.Null(item.Id);
        Assert.Equal("https://courier.example/t", item.Link);
        Assert.Equal("Read the whole story on our site…", item.Text);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>Broken<item></channel></rss>", "not well-formed XML")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel>", "does not support RSS version")]
    [InlineData("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut off", "not well-formed XML")]
    [InlineData("", "not well-formed XML")]
    [InlineData("<html><body><p>A web page, not a feed</p></body></html>", "not an RSS 2.0 or Atom feed")]
    public void Malformed_xml_and_documents_that_are_not_feeds_are_a_clear_problem(string xml, string expected)
    {
        var outcome = FeedParser.Parse(Encoding.UTF8.GetBytes(xml), FeedUrl);

        Assert.Null(outcome.Feed);
        Assert.Contains(expected, outcome.Problem);
    }

    [Fact]
    public void A_document_type_with_entities_is_not_expanded()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <rss version="2.0"><channel><title>&lol2;</title></channel></rss>
            """;

        var outcome = FeedParser.Parse(Encoding.UTF8.GetBytes(xml), FeedUrl);

        Assert.Null(outcome.Feed);
        Assert.NotNull(outcome.Problem);
    }
}
