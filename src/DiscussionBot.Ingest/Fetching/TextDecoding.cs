using System.Text;
using System.Text.RegularExpressions;

namespace DiscussionBot.Ingest.Fetching;

internal static partial class TextDecoding
{
    static TextDecoding()
    {
        // windows-1252, koi8-r, shift_jis… are common on news sites and not built into .NET.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string Decode(byte[] body, string? charset)
    {
        var span = body.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(span[3..]);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(span[2..]);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }
        var encoding = Find(charset) ?? Find(SniffMetaCharset(span)) ?? Encoding.UTF8;
        return encoding.GetString(span);
    }

    private static Encoding? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x"> in the first 2 KB,
    // the way browsers pre-scan (ASCII-compatible encodings only, which is what such pages use).
    private static string? SniffMetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, 2048)]);
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups["cs"].Value : null;
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<cs>[A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
