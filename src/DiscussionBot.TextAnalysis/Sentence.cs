namespace DiscussionBot.TextAnalysis;

/// <summary>One sentence of a text: its own characters, where it starts in the text, and its position.</summary>
public sealed record Sentence(string Text, int Start, int Index)
{
    public int End => Start + Text.Length;
}
