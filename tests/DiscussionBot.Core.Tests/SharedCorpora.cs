namespace DiscussionBot.Core.Tests;

/// <summary>Finds ../shared/corpora beside the checkout (research data is read from there, never copied in).</summary>
public static class SharedCorpora
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpora");
            if (Directory.Exists(candidate))
            {
                return System.IO.Path.Combine([candidate, .. parts]);
            }
        }
        throw new DirectoryNotFoundException("../shared/corpora was not found above " + AppContext.BaseDirectory);
    }
}
