namespace DiscussionBot.Encoder.MiniLm.Tests;

/// <summary>The workspace's read-only research corpora (../shared/corpora above the test binaries). Fails, never skips, when missing.</summary>
internal static class SharedCorpora
{
    public static string Path(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpora", name);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"../shared/corpora/{name} was not found above {AppContext.BaseDirectory}");
    }
}
