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

        // Choose the cuts on the whole text, so a paragraph break in one span wins over a space in another.
        var whole = string.Concat(text.Spans.Select(s => s.Text));
        var ranges = new List<(int Start, int End)>();
        var position = 0;
        while (position < whole.Length)
        {
            while (position < whole.Length && whole[position] is ' ' or '\n')
            {
                position++;
            }
            if (position >= whole.Length)
            {
                break;
            }
            var rest = whole.Length - position;
            var cut = rest <= maxChars ? rest : FindCut(whole.Substring(position, maxChars), maxChars);
            if (cut <= 0)
            {
                cut = maxChars; // one unbroken word longer than a whole message
            }
            var end = position + cut;
            var trimmedEnd = end;
            while (trimmedEnd > position && whole[trimmedEnd - 1] is ' ' or '\n')
            {
                trimmedEnd--;
            }
            ranges.Add((position, trimmedEnd));
            position = end;
        }

        var parts = new List<RichText>(ranges.Count);
        foreach (var (from, to) in ranges)
        {
            var spans = new List<TextSpan>();
            var offset = 0;
            foreach (var span in text.Spans)
            {
                var spanStart = offset;
                var spanEnd = offset + span.Text.Length;
                offset = spanEnd;
                var a = Math.Max(spanStart, from);
                var b = Math.Min(spanEnd, to);
                if (a < b)
                {
                    spans.Add(span with { Text = span.Text[(a - spanStart)..(b - spanStart)] });
                }
            }
            parts.Add(new RichText(spans.ToArray()));
        }
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
