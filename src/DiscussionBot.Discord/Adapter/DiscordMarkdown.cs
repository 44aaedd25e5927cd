using System.Text;
using DiscussionBot.Core.Chat;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Renders Core's <see cref="RichText"/> as Discord markdown. Every span's text is escaped, so article titles and
/// member input can neither format the message nor form a mention (<c>@everyone</c>, <c>&lt;@id&gt;</c>,
/// <c>&lt;#channel&gt;</c>); <c>allowed_mentions: {"parse": []}</c> is the second guard against pings.
/// </summary>
public static class DiscordMarkdown
{
    // Discord's markdown treats a backslash before ASCII punctuation as an escape and hides it. Inline markup and
    // mention characters are escaped everywhere; block markup (headings, lists, quotes) only where a line starts,
    // so ordinary hyphens and full stops stay readable in notification previews, which show the raw text.
    private const string Inline = "\\*_~`|[]<@";
    private const string LineStart = "#->+";

    public static string Render(RichText text)
    {
        var sb = new StringBuilder();
        TextSpan? previous = null;
        foreach (var span in Merge(text.Spans))
        {
            // Two styled spans back to back (**a***b*) would read as other markup; a zero-width space keeps them apart.
            if (previous is { } p && (p.Style != TextStyle.Plain || p.Url is not null) && (span.Style != TextStyle.Plain || span.Url is not null)
                && sb.Length > 0 && !char.IsWhiteSpace(sb[^1]))
            {
                sb.Append('\u200B');
            }

            AppendSpan(sb, span);
            previous = span;
        }

        return sb.ToString();
    }

    /// <summary>Escapes plain text for a Discord message; <paramref name="atLineStart"/> says whether it begins a line.</summary>
    public static string Escape(string text, bool atLineStart = true)
    {
        var sb = new StringBuilder(text.Length + 8);
        var lineStart = atLineStart;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Inline.Contains(c, StringComparison.Ordinal) || (lineStart && LineStart.Contains(c, StringComparison.Ordinal)))
            {
                sb.Append('\\');
            }
            else if (lineStart && char.IsAsciiDigit(c))
            {
                // "1. text" starts a numbered list: escape the full stop after the number.
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                sb.Append(text, i, end - i);
                i = end - 1;
                if (end < text.Length && text[end] == '.')
                {
                    sb.Append("\\.");
                    i = end;
                }

                lineStart = false;
                continue;
            }

            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }

        return sb.ToString();
    }

    /// <summary>Plain text for places without markdown (poll questions and answers, button labels): only mentions are defused.</summary>
    public static string Unformatted(string text) =>
        text.Replace("@", "@\u200B", StringComparison.Ordinal);

    private static void AppendSpan(StringBuilder sb, TextSpan span)
    {
        if (span.Text.Length == 0)
        {
            return;
        }

        if (span.Url is { } url)
        {
            AppendLink(sb, span.Text, url);
            return;
        }

        if (span.Style == TextStyle.Plain)
        {
            sb.Append(Escape(span.Text, sb.Length == 0 || sb[^1] == '\n'));
            return;
        }

        // Markers must touch the text: "** x **" is not bold. Surrounding white space goes outside them.
        var core = span.Text.Trim();
        if (core.Length == 0)
        {
            sb.Append(span.Text);
            return;
        }

        var leading = span.Text[..span.Text.IndexOf(core, StringComparison.Ordinal)];
        var trailing = span.Text[(leading.Length + core.Length)..];
        sb.Append(leading);
        if (span.Style.HasFlag(TextStyle.Code))
        {
            // Escapes do not work inside code; a backtick in the text would end the span, so it becomes a look-alike.
            sb.Append('`').Append(core.Replace('`', 'ˋ').Replace('\n', ' ')).Append('`');
        }
        else
        {
            var marker = (span.Style.HasFlag(TextStyle.Bold) ? "**" : "") + (span.Style.HasFlag(TextStyle.Italic) ? "*" : "");
            var reversed = new string(marker.Reverse().ToArray());
            sb.Append(marker).Append(Escape(core, atLineStart: false)).Append(reversed);
        }

        sb.Append(trailing);
    }

    private static void AppendLink(StringBuilder sb, string text, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            sb.Append(Escape(text, sb.Length == 0 || sb[^1] == '\n'));
            return;
        }

        // Angle brackets keep Discord from unfurling every link into an embed; the URL is percent-encoded where it
        // could close the markdown early.
        var safe = uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal);
        if (text == url || text == uri.AbsoluteUri)
        {
            sb.Append('<').Append(safe).Append('>');
        }
        else
        {
            sb.Append('[').Append(Escape(text, atLineStart: false).Replace("\n", " ", StringComparison.Ordinal)).Append("](<").Append(safe).Append(">)");
        }
    }

    private static IEnumerable<TextSpan> Merge(IReadOnlyList<TextSpan> spans)
    {
        TextSpan? pending = null;
        foreach (var span in spans)
        {
            if (pending is { } p && p.Url is null && span.Url is null && p.Style == span.Style)
            {
                pending = p with { Text = p.Text + span.Text };
                continue;
            }

            if (pending is not null)
            {
                yield return pending;
            }

            pending = span;
        }

        if (pending is not null)
        {
            yield return pending;
        }
    }
}
