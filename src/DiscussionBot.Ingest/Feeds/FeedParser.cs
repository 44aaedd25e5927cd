using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using DiscussionBot.Ingest.Extraction;

namespace DiscussionBot.Ingest.Feeds;

/// <summary>One entry of a feed, reduced to what the bot uses.</summary>
/// <param name="Id">RSS guid or Atom id; may be missing or change between polls.</param>
/// <param name="Text">The item's own text as plain paragraphs: the full content when the feed carries it,
/// else the summary (often only a teaser).</param>
public sealed record FeedItem(string? Id, string? Link, string Title, string Text, DateTimeOffset? Published, string? Author);

/// <param name="TimeToLive">The feed's own <c>&lt;ttl&gt;</c>: how long it asks readers to wait between polls.</param>
public sealed record ParsedFeed(string Title, IReadOnlyList<FeedItem> Items, TimeSpan? TimeToLive);

public sealed record FeedParseOutcome(ParsedFeed? Feed, string? Problem);

/// <summary>Reads RSS 2.0 and Atom 1.0 with System.ServiceModel.Syndication. Malformed XML and documents that
/// are not feeds come back as a problem in words; missing or unparsable dates come back as null.</summary>
public static class FeedParser
{
    private const string ContentModule = "http://purl.org/rss/1.0/modules/content/";

    public static FeedParseOutcome Parse(byte[] xml, Uri feedUrl)
    {
        var settings = new XmlReaderSettings
        {
            // No DTDs and no external entities: a feed must not make us read local files or expand entity bombs.
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
        };
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, settings, feedUrl.AbsoluteUri);
            reader.MoveToContent();
            SyndicationFeedFormatter formatter = new Rss20FeedFormatter { DateTimeParser = LenientDate };
            if (!formatter.CanRead(reader))
            {
                formatter = new Atom10FeedFormatter { DateTimeParser = LenientDate };
                if (!formatter.CanRead(reader))
                {
                    return new(null, $"it is not an RSS 2.0 or Atom feed (the document starts with <{reader.LocalName}>)");
                }
            }
            formatter.ReadFrom(reader);
            var feed = formatter.Feed;
            var items = feed.Items.Select(i => ToItem(i, feedUrl)).Where(i => i.Title.Length > 0 || i.Text.Length > 0).ToList();
            return new(new ParsedFeed(Plain(feed.Title) ?? feedUrl.Host, items, TimeToLive(feed)), null);
        }
        catch (XmlException ex)
        {
            return new(null, $"the feed is not well-formed XML (line {ex.LineNumber}: {FirstSentence(ex.Message)})");
        }
        catch (Exception ex) when (ex is NotSupportedException or FormatException or InvalidOperationException or ArgumentException)
        {
            // The Syndication readers throw these for documents that are XML but not a feed they can read,
            // e.g. <rss> without version="2.0".
            return new(null, $"the feed cannot be read ({FirstSentence(ex.Message)})");
        }
    }

    private static FeedItem ToItem(SyndicationItem item, Uri feedUrl)
    {
        var alternate = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate");
        // Atom allows relative links; without an xml:base they are relative to the feed's own address.
        var link = alternate?.GetAbsoluteUri()
            ?? (alternate?.Uri is { } relative ? new Uri(feedUrl, relative) : null)
            ?? (Uri.TryCreate(item.Id, UriKind.Absolute, out var idUri) && idUri.Scheme is "http" or "https" ? idUri : null);
        var html = Encoded(item) ?? (item.Content as TextSyndicationContent)?.Text ?? item.Summary?.Text ?? "";
        var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : (DateTimeOffset?)null;
        return new FeedItem(
            string.IsNullOrWhiteSpace(item.Id) ? null : item.Id.Trim(),
            link?.AbsoluteUri,
            Plain(item.Title) ?? "",
            HtmlText.ToText(html),
            published,
            item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)));
    }

    // RSS puts full HTML in <content:encoded>, which the Syndication model keeps as an extension element.
    private static string? Encoded(SyndicationItem item)
    {
        var encoded = item.ElementExtensions.Where(e => e.OuterName == "encoded" && e.OuterNamespace == ContentModule).ToList();
        return encoded.Count == 0 ? null : encoded[0].GetObject<string>();
    }

    private static string? Plain(TextSyndicationContent? content)
    {
        if (content is null || string.IsNullOrWhiteSpace(content.Text))
        {
            return null;
        }
        // Titles are sometimes escaped HTML ("Rents &amp; zoning"); read them through the HTML parser once.
        var text = content.Type is "html" or "xhtml" || content.Text.Contains('&') || content.Text.Contains('<')
            ? HtmlText.ToText(content.Text)
            : content.Text;
        return HtmlText.Collapse(text);
    }

    private static TimeSpan? TimeToLive(SyndicationFeed feed)
    {
        var ttl = feed.ElementExtensions.FirstOrDefault(e => e.OuterName == "ttl" && e.OuterNamespace.Length == 0);
        return ttl is not null && int.TryParse(ttl.GetObject<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;
    }

    /// <summary>Publishers write dates in every format; an unreadable date is treated as missing, never as a
    /// reason to drop the whole feed (the library's default throws).</summary>
    private static bool LenientDate(XmlDateTimeData data, out DateTimeOffset value)
    {
        var text = data.DateTimeString?.Trim() ?? "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value))
        {
            return true;
        }
        // RFC 822 with a zone name: "Tue, 10 Mar 2026 09:00:00 GMT" parses above; "EST"/"PDT" style zones do not.
        var zone = text.LastIndexOf(' ');
        if (zone > 0 && DateTimeOffset.TryParse(text[..zone], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }
        value = default;
        return true;
    }

    private static string FirstSentence(string message)
    {
        // "Error in line 1 position 23. The Rss20Serializer does not support RSS version ''." — the second
        // sentence is the one that says what is wrong.
        if (message.StartsWith("Error in line", StringComparison.Ordinal) && message.IndexOf(". ", StringComparison.Ordinal) is > 0 and var cut)
        {
            message = message[(cut + 2)..];
        }
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }
}
