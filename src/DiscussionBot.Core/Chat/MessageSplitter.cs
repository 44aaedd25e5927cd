namespace DiscussionBot.Core.Chat;

/// <summary>Splits a long reply into parts under a platform's message limit, at a paragraph, then a line,
/// then a sentence, then a word boundary — never inside a span's markup, because splitting works on spans.</summary>
public static class MessageSplitter
{
    public static IReadOnlyList<RichText> Split(RichText text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 16);
        if (text.Length <= maxChars)
        {
            return [text];
        }

        var parts = new List<RichText>();
        var current = new List<TextSpan>();
        var currentLength = 0;

        void Flush()
        {
            while (current.Count > 0 && string.IsNullOrWhiteSpace(current[^1].Text))
            {
                currentLength -= current[^1].Text.Length;
                current.RemoveAt(current.Count - 1);
            }
            if (current.Count > 0)
            {
                parts.Add(new RichText(current.ToArray()));
            }
            current.Clear();
            currentLength = 0;
        }

        foreach (var span in text.Spans)
        {
            var rest = span.Text;
            while (rest.Length > 0)
            {
                var room = maxChars - currentLength;
                if (rest.Length <= room)
                {
                    current.Add(span with { Text = rest });
                    currentLength += rest.Length;
                    break;
                }
                var cut = FindCut(rest, room);
                if (cut <= 0)
                {
                    if (currentLength > 0)
                    {
                        Flush();
                        continue;
                    }
                    cut = room; // one unbroken word longer than a whole message
                }
                current.Add(span with { Text = rest[..cut] });
                currentLength += cut;
                Flush();
                rest = rest[cut..].TrimStart(' ', '\n');
            }
        }
        Flush();
        return parts;
    }

    private static int FindCut(string text, int room)
    {
        if (room <= 0)
        {
            return 0;
        }
        var window = text[..Math.Min(room, text.Length)];
        // Prefer the latest boundary that keeps at least a third of the room filled.
        var minimum = room / 3;
        foreach (var boundary in new[] { "\n\n", "\n", ". ", "! ", "? ", "; ", " " })
        {
            var at = window.LastIndexOf(boundary, StringComparison.Ordinal);
            if (at >= minimum)
            {
                return Math.Min(at + boundary.Length, room);
            }
        }
        return 0;
    }
}
