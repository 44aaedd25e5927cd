using System.Text;

namespace DiscussionBot.Core.Chat;

[Flags]
public enum TextStyle
{
    Plain = 0,
    Bold = 1,
    Italic = 2,
    Code = 4,
}

/// <summary>One run of text with one style. <see cref="Url"/> makes it a link. Text is never markup:
/// each adapter escapes it for its platform, so article text cannot inject formatting.</summary>
public sealed record TextSpan(string Text, TextStyle Style = TextStyle.Plain, string? Url = null);

/// <summary>The small formatting model every reply uses; rendered natively by each adapter.</summary>
public sealed record RichText(IReadOnlyList<TextSpan> Spans)
{
    public static RichText Plain(string text) => new([new TextSpan(text)]);

    public string ToPlainText()
    {
        var sb = new StringBuilder();
        foreach (var span in Spans)
        {
            sb.Append(span.Text);
            if (span.Url is not null && span.Url != span.Text)
            {
                sb.Append(" (").Append(span.Url).Append(')');
            }
        }
        return sb.ToString();
    }

    public int Length => Spans.Sum(s => s.Text.Length);
}

/// <summary>Builds a <see cref="RichText"/> line by line.</summary>
public sealed class RichTextBuilder
{
    private readonly List<TextSpan> _spans = [];

    public RichTextBuilder Text(string text, TextStyle style = TextStyle.Plain)
    {
        if (text.Length > 0)
        {
            _spans.Add(new TextSpan(text, style));
        }
        return this;
    }

    public RichTextBuilder Bold(string text) => Text(text, TextStyle.Bold);

    public RichTextBuilder Italic(string text) => Text(text, TextStyle.Italic);

    public RichTextBuilder Code(string text) => Text(text, TextStyle.Code);

    public RichTextBuilder Link(string text, string url)
    {
        _spans.Add(new TextSpan(text, TextStyle.Plain, url));
        return this;
    }

    public RichTextBuilder Line(string text = "", TextStyle style = TextStyle.Plain) => Text(text, style).NewLine();

    public RichTextBuilder Bullet(string text) => Text("• ").Text(text).NewLine();

    public RichTextBuilder NewLine()
    {
        _spans.Add(new TextSpan("\n"));
        return this;
    }

    public bool IsEmpty => _spans.Count == 0;

    public RichText Build()
    {
        // Trailing newlines add nothing on any platform.
        while (_spans.Count > 0 && _spans[^1].Text == "\n")
        {
            _spans.RemoveAt(_spans.Count - 1);
        }
        return new RichText(_spans.ToArray());
    }
}
