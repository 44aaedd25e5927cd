using System.Text;
using DiscussionBot.Core.Chat;
using Telegram.Bot.Types.ReplyMarkups;

namespace DiscussionBot.Telegram;

/// <summary>A reply turned into what the Bot API takes: HTML message parts under the length limit and an
/// inline keyboard, or the reason it cannot be shown (a bug in the handler that built it).</summary>
public abstract record RenderOutcome
{
    public sealed record Rendered(IReadOnlyList<string> Parts, InlineKeyboardMarkup? Keyboard) : RenderOutcome;

    public sealed record Refused(string Reason) : RenderOutcome;
}

/// <summary>Renders Core's formatting model as Telegram HTML. Every piece of text is escaped, so an article
/// title with markup or a <c>tg://</c> link shows literally; links come only from <see cref="TextSpan.Url"/>
/// and only with http or https.</summary>
public static class TelegramRenderer
{
    /// <summary>Telegram's limit is 4096 characters after entity parsing; a margin keeps a part safely under it.</summary>
    public const int MaxMessageChars = 4000;

    /// <summary>Captions of photos and documents.</summary>
    public const int MaxCaptionChars = 1024;

    public const int MaxButtonLabelChars = 64;

    /// <summary>sendPoll takes 1–12 options (Bot API 10.1).</summary>
    public const int MaxPollOptions = 12;

    public static RenderOutcome Render(Reply reply, int maxChars = MaxMessageChars)
    {
        var keyboard = RenderKeyboard(reply.Buttons, out var problem);
        if (problem is not null)
        {
            return new RenderOutcome.Refused(problem);
        }
        if (reply.Poll is { } poll && (poll.Options.Count is < 1 or > MaxPollOptions || poll.Question.Length == 0 || poll.Options.Any(o => o.Length == 0)))
        {
            return new RenderOutcome.Refused($"a Telegram poll needs a question and 1–{MaxPollOptions} non-empty options, this one has {poll.Options.Count}");
        }
        var parts = reply.Text.Length == 0
            ? []
            : MessageSplitter.Split(reply.Text, maxChars).Select(ToHtml).ToArray();
        return new RenderOutcome.Rendered(parts, keyboard);
    }

    public static InlineKeyboardMarkup? RenderKeyboard(IReadOnlyList<IReadOnlyList<ReplyButton>> rows, out string? problem)
    {
        problem = null;
        if (rows.Count == 0 || rows.All(r => r.Count == 0))
        {
            return null;
        }
        var result = new List<InlineKeyboardButton[]>();
        foreach (var row in rows.Where(r => r.Count > 0))
        {
            var buttons = new List<InlineKeyboardButton>();
            foreach (var button in row)
            {
                var bytes = Encoding.UTF8.GetByteCount(button.Data);
                if (bytes is 0 or > ReplyButton.MaxDataBytes)
                {
                    problem = $"button \"{button.Label}\" carries {bytes} bytes of callback data; Telegram takes 1–{ReplyButton.MaxDataBytes}";
                    return null;
                }
                if (string.IsNullOrWhiteSpace(button.Label))
                {
                    problem = "a button has no label";
                    return null;
                }
                var label = button.Label.Length > MaxButtonLabelChars ? button.Label[..(MaxButtonLabelChars - 1)] + "…" : button.Label;
                buttons.Add(InlineKeyboardButton.WithCallbackData(label, button.Data));
            }
            result.Add(buttons.ToArray());
        }
        return new InlineKeyboardMarkup(result);
    }

    public static string ToHtml(RichText text)
    {
        var sb = new StringBuilder(text.Length + 64);
        foreach (var span in text.Spans)
        {
            AppendSpan(sb, span);
        }
        return sb.ToString();
    }

    private static void AppendSpan(StringBuilder sb, TextSpan span)
    {
        var escaped = Escape(span.Text);
        if (span.Url is { } url && IsSafeLink(url))
        {
            escaped = $"<a href=\"{Escape(url)}\">{escaped}</a>";
        }
        // Telegram does not allow tags inside <code>, so code wins over the other styles.
        if (span.Style.HasFlag(TextStyle.Code))
        {
            sb.Append("<code>").Append(Escape(span.Text)).Append("</code>");
            return;
        }
        if (span.Style.HasFlag(TextStyle.Bold))
        {
            escaped = $"<b>{escaped}</b>";
        }
        if (span.Style.HasFlag(TextStyle.Italic))
        {
            escaped = $"<i>{escaped}</i>";
        }
        sb.Append(escaped);
    }

    /// <summary>Escapes &lt;, &gt;, &amp; and quotes: the only characters Telegram's HTML parser treats specially.
    /// (WebUtility.HtmlEncode would also turn accents and emoji into numeric entities.)</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => null,
            });
            if (c is not ('<' or '>' or '&' or '"'))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public static bool IsSafeLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Plain text for places without formatting (callback toasts, poll questions).</summary>
    public static string Plain(RichText text, int max)
    {
        var plain = text.ToPlainText();
        return plain.Length <= max ? plain : plain[..(max - 1)] + "…";
    }
}
