using System.Net;

namespace DiscussionBot.Ingest.Tests.Support;

/// <summary>News-like pages and feeds the team wrote for these tests: every outlet, name and event is invented.
/// The pages carry what real ones do around the article: a menu, a cookie banner, ads, a "most read" box,
/// comments and a footer, so extraction has something to throw away.</summary>
public static class Pages
{
    public const string FerryTitle = "Island ferry service to resume after three-week repair";

    public static readonly string[] FerryParagraphs =
    [
        "The ferry linking Port Calder with Skerrow Island will sail again on Monday after three weeks in dry dock, the harbour authority said on Thursday.",
        "Engineers replaced a cracked propeller shaft that had forced the MV Guillemot out of service in early March, leaving about 1,400 islanders dependent on a small water taxi.",
        "Harbour master Ines Vardy said the vessel had passed its sea trials and would run the full timetable of six daily crossings from the first morning.",
        "Shopkeepers on the island said deliveries of fresh food had fallen by half during the closure, and the school had moved two exams because teachers could not reach the island.",
        "The regional council has promised to review why no replacement vessel was available, and a report is due before the summer season begins.",
    ];

    public const string CouncilTitle = "Valley council votes to keep the old library open";

    public static readonly string[] CouncilParagraphs =
    [
        "Members of the Brenmoor valley council voted on Tuesday evening to keep the Station Road library open for at least five more years.",
        "The building had been earmarked for sale as part of a plan to close a budget gap of 2.1 million in the coming year.",
        "Councillor Rhoda Amsel, who proposed the motion, said the library was the only warm public space in the district during winter afternoons.",
        "Opponents argued that the money needed for a new roof would be better spent on the mobile library van that visits outlying farms.",
        "The vote passed by nine to four after a debate that lasted almost three hours, with more than sixty residents watching from the gallery.",
    ];

    /// <summary>A full news page around the article.</summary>
    public static string NewsPage(string title, IEnumerable<string> paragraphs, string author = "Marta Quill", string published = "2026-03-12T08:30:00Z", string siteName = "The Calder Courier", string lang = "en")
    {
        var body = string.Join("\n", paragraphs.Select(p => $"      <p>{WebUtility.HtmlEncode(p)}</p>"));
        return $$"""
            <!DOCTYPE html>
            <html lang="{{lang}}">
            <head>
              <meta charset="utf-8">
              <title>{{WebUtility.HtmlEncode(title)}} | {{siteName}}</title>
              <meta property="og:site_name" content="{{siteName}}">
              <meta property="og:title" content="{{WebUtility.HtmlEncode(title)}}">
              <meta name="author" content="{{author}}">
              <meta property="article:published_time" content="{{published}}">
              <script>window.tracker = { id: "ct-0001" };</script>
              <style>.ad { float: right; }</style>
            </head>
            <body>
              <div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <a href="/privacy">Privacy policy</a></div>
              <header class="site-header">
                <nav class="menu"><ul>
                  <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
                  <li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe</a></li>
                </ul></nav>
              </header>
              <aside class="ad advertisement sponsored">Advertisement: Holiday cottages on Skerrow from 49 a night. Book now and save!</aside>
              <main>
                <article class="article">
                  <h1 class="headline">{{WebUtility.HtmlEncode(title)}}</h1>
                  <p class="byline">By <span class="author">{{author}}</span>, <time datetime="{{published}}">12 March 2026</time></p>
            {{body}}
                </article>
                <section class="most-read sidebar"><h3>Most read</h3><ul>
                  <li><a href="/a">Gull steals sandwich from mayor</a></li><li><a href="/b">Tide tables for April</a></li>
                </ul></section>
                <section id="comments" class="comments">
                  <h3>Comments (3)</h3>
                  <div class="comment">About time! Had to row across last week. — seadog77</div>
                  <div class="comment">Who is paying for the repair though? — curious_cat</div>
                  <div class="comment">First! — anon</div>
                </section>
              </main>
              <footer class="site-footer">© 2026 {{siteName}}. All rights reserved. <a href="/contact">Contact</a> · <a href="/terms">Terms</a></footer>
            </body>
            </html>
            """;
    }

    public static string FerryPage() => NewsPage(FerryTitle, FerryParagraphs);

    public static string CouncilPage() => NewsPage(CouncilTitle, CouncilParagraphs, "Dev Okoro", "2026-03-10T19:00:00Z", "Brenmoor Gazette");

    /// <summary>A page with menus, a login wall and a footer, but no article.</summary>
    public const string NoArticlePage = """
        <!DOCTYPE html><html><head><title>Sign in | The Calder Courier</title></head>
        <body>
          <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
          <form><label>Email <input name="email"></label><label>Password <input type="password" name="pw"></label><button>Sign in</button></form>
          <footer>© 2026 The Calder Courier</footer>
        </body></html>
        """;

    public static string Rss(IEnumerable<string> items, string extra = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel>
            <title>The Calder Courier — Harbour</title>
            <link>https://courier.example/harbour</link>
            <description>Harbour news</description>
            {extra}
            {string.Join("\n", items)}
          </channel>
        </rss>
        """;

    /// <summary>An RSS item; <paramref name="content"/> goes in content:encoded (full text), <paramref name="summary"/> in description.</summary>
    public static string RssItem(string title, string link, string? guid, string? pubDate, string summary, string? content = null) => $"""
        <item>
          <title>{WebUtility.HtmlEncode(title)}</title>
          <link>{link}</link>
          {(guid is null ? "" : $"<guid isPermaLink=\"false\">{guid}</guid>")}
          {(pubDate is null ? "" : $"<pubDate>{pubDate}</pubDate>")}
          <description>{WebUtility.HtmlEncode(summary)}</description>
          {(content is null ? "" : $"<content:encoded><![CDATA[{content}]]></content:encoded>")}
        </item>
        """;

    public static string Html(IEnumerable<string> paragraphs) => string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
}
