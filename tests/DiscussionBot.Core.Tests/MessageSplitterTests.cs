using DiscussionBot.Core.Chat;

namespace DiscussionBot.Core.Tests;

public sealed class MessageSplitterTests
{
    [Fact]
    public void A_short_reply_stays_whole()
    {
        var text = RichText.Plain("short");
        Assert.Same(text, Assert.Single(MessageSplitter.Split(text, 100)));
    }

    [Fact]
    public void A_long_reply_is_split_under_the_limit_at_paragraphs_and_keeps_every_word()
    {
        var b = new RichTextBuilder();
        for (var i = 0; i < 200; i++)
        {
            b.Bold($"Point {i}. ").Text($"Sentence number {i} says something about the story. Another sentence follows it here.").NewLine().NewLine();
        }
        var text = b.Build();
        var parts = MessageSplitter.Split(text, 4096);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p.Length <= 4096, $"part of {p.Length} characters"));
        Assert.Equal(Words(text.ToPlainText()), parts.SelectMany(p => Words(p.ToPlainText())));
        Assert.All(parts.Skip(1), p => Assert.StartsWith("Point", p.ToPlainText(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_word_longer_than_a_message_is_cut_hard()
    {
        var parts = MessageSplitter.Split(RichText.Plain(new string('x', 250)), 100);
        Assert.Equal([100, 100, 50], parts.Select(p => p.Length));
    }

    [Fact]
    public void Styles_survive_a_split()
    {
        var parts = MessageSplitter.Split(new RichText([new TextSpan(string.Join(' ', Enumerable.Repeat("bold", 100)), TextStyle.Bold)]), 120);
        Assert.All(parts.SelectMany(p => p.Spans), s => Assert.Equal(TextStyle.Bold, s.Style));
    }

    private static IEnumerable<string> Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
