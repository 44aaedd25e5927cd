using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace DiscussionBot.Ingest.Extraction;

/// <summary>HTML to plain text with paragraph breaks: one paragraph per block element, inline markup flattened,
/// white space collapsed. Used for the readable part SmartReader found and for feed item content.</summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "li", "ul", "ol",
        "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "br", "hr",
    };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "button", "form", "select",
    };

    public static IReadOnlyList<string> Paragraphs(string html)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument(html);
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        Walk(document.Body ?? (INode)document, current, paragraphs);
        Flush(current, paragraphs);
        return paragraphs;
    }

    public static string ToText(string html) => string.Join("\n\n", Paragraphs(html));

    private static void Walk(INode node, StringBuilder current, List<string> paragraphs)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    current.Append(text.Data);
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    Flush(current, paragraphs);
                    Walk(element, current, paragraphs);
                    Flush(current, paragraphs);
                    break;
                case IElement element:
                    Walk(element, current, paragraphs);
                    break;
            }
        }
    }

    private static void Flush(StringBuilder current, List<string> paragraphs)
    {
        var text = Collapse(current.ToString());
        current.Clear();
        if (text.Length > 0)
        {
            paragraphs.Add(text);
        }
    }

    internal static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
