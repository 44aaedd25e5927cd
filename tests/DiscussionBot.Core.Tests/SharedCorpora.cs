namespace DiscussionBot.Core.Tests;

/// <summary>Finds ../shared/corpora beside the checkout (research data is read from there, never copied in).</summary>
public static class SharedCorpora
{
    public static string Path(params string[] parts) => DiscussionBot.Testing.SharedFiles.Find(["corpora", .. parts]);
}
