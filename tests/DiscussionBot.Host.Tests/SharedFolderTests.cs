using DiscussionBot.Shared;

namespace DiscussionBot.Host.Tests;

/// <summary>The one finder of ../shared (specs and corpora beside the repository) that the tools, benchmarks and tests use.</summary>
public sealed class SharedFolderTests
{
    [Fact]
    public void It_finds_the_shared_corpora_above_the_test_folder()
    {
        var seeds = SharedFolder.Find("corpora", "seeds");

        Assert.True(Directory.Exists(seeds));
        Assert.Equal("shared", new DirectoryInfo(seeds).Parent!.Parent!.Name);
    }

    [Fact]
    public void A_missing_path_fails_with_a_message_naming_what_was_looked_for_and_where()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => SharedFolder.Find("corpora", "no-such-corpus.jsonl"));

        Assert.Contains("shared/corpora/no-such-corpus.jsonl was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(AppContext.BaseDirectory, error.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.CurrentDirectory, error.Message, StringComparison.Ordinal);
        Assert.Contains(SharedFolder.Variable, error.Message, StringComparison.Ordinal);
        Assert.Null(SharedFolder.TryFind("corpora", "no-such-corpus.jsonl"));
    }
}
