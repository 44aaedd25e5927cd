// Its own namespace: compiled into the tools and the test helpers too, it must not bring a "Host" namespace into them
// (that would hide Microsoft.Extensions.Hosting.Host from their code).
namespace DiscussionBot.Shared;

/// <summary>
/// Finds <c>../shared</c>: the specs and research corpora kept beside the repository (read at run time, never copied
/// into it) that benchmarks, tools and tests use. The one finder: the tools and tests/DiscussionBot.Testing compile
/// this same file in (<c>&lt;Compile Include=… Link=…&gt;</c>). It takes the first folder named <c>shared</c> that
/// holds the path asked for, in the working directory, the program's folder or any folder above either;
/// <c>DISCUSSIONBOT_SHARED</c> names the shared folder outright (a published binary run from elsewhere).
/// </summary>
internal static class SharedFolder
{
    public const string Variable = "DISCUSSIONBOT_SHARED";

    /// <summary>The full path of <c>shared/</c><paramref name="parts"/> (a file or a folder), or null when none is found.</summary>
    public static string? TryFind(params string[] parts) =>
        Roots().Select(root => Path.Combine([root, .. parts])).FirstOrDefault(path => File.Exists(path) || Directory.Exists(path));

    /// <summary>The full path of <c>shared/</c><paramref name="parts"/>, or an error that names what was looked for and where.</summary>
    public static string Find(params string[] parts) => TryFind(parts) ?? throw new DirectoryNotFoundException(Missing(parts));

    /// <summary>What is missing and where it was looked for, for a tool's error line.</summary>
    public static string Missing(params string[] parts) =>
        $"shared/{string.Join('/', parts)} was not found: looked in {Variable} ({Environment.GetEnvironmentVariable(Variable) ?? "not set"}) and " +
        $"in a folder named shared in or above {Environment.CurrentDirectory} and {AppContext.BaseDirectory}. " +
        "It is ../shared beside the repository (the specs and corpora); set " + Variable + " to its path when running from elsewhere.";

    private static IEnumerable<string> Roots()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            yield return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                yield return Path.Combine(dir.FullName, "shared");
            }
        }
    }
}
