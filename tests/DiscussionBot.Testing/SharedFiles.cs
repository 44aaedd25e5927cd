using DiscussionBot.Shared;

namespace DiscussionBot.Testing;

/// <summary>The tests' way to <c>../shared</c> (specs, corpora): the product's one finder, <see cref="SharedFolder"/>,
/// compiled into this project, so every test project looks for it the same way and fails with the same clear message.</summary>
public static class SharedFiles
{
    /// <summary>The full path of <c>shared/</c><paramref name="parts"/>; throws, naming what was looked for and where, when it is missing.</summary>
    public static string Find(params string[] parts) => SharedFolder.Find(parts);
}
