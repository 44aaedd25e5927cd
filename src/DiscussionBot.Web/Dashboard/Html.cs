using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace DiscussionBot.Web.Dashboard;

/// <summary>A piece of HTML that is safe to send: every value put into it through an interpolation hole is encoded,
/// unless the value is itself <see cref="Html"/>. So <c>Html.Of($"&lt;td&gt;{article.Title}&lt;/td&gt;")</c> shows a title
/// containing <c>&lt;script&gt;</c> as text. The literal parts of the template are written as they are.</summary>
/// <remarks>Written by hand: the framework's HtmlEncoder does the encoding; this only makes "encode by default" the
/// one way to build a page, without a Razor build step.</remarks>
public readonly struct Html
{
    /// <summary>Encodes what HTML gives meaning to (&lt; &gt; &amp; quotes) and leaves other text readable (accents, dashes;
    /// characters outside the basic plane, such as emoji, still become numeric references).</summary>
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty => new("");

    public static Html Of(HtmlHandler handler) => new(handler.Build());

    /// <summary>Markup written by this assembly (never user data).</summary>
    public static Html Raw(string trusted) => new(trusted);

    public static Html Text(string? text) => new(Html.Encoder.Encode(text ?? ""));

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.ToString())));

    public static Html Join<T>(IEnumerable<T> items, Func<T, Html> each) => Join(items.Select(each));

    public static Html When(bool condition, Html html) => condition ? html : Empty;

    public override string ToString() => _value ?? "";
}

[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    private readonly StringBuilder _sb;

    public HtmlHandler(int literalLength, int formattedCount)
    {
        _sb = new StringBuilder(literalLength + formattedCount * 16);
    }

    public readonly void AppendLiteral(string literal) => _sb.Append(literal);

    public readonly void AppendFormatted(Html html) => _sb.Append(html.ToString());

    public readonly void AppendFormatted(string? text) => _sb.Append(Html.Encoder.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value switch
        {
            null => "",
            Html html => html.ToString(),
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        _sb.Append(value is Html ? text : Html.Encoder.Encode(text ?? ""));
    }

    public readonly string Build() => _sb.ToString();
}
