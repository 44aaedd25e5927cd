namespace DiscussionBot.Host.Tests;

/// <summary>The deploy files stay in step with the code (no Docker engine runs in CI, so these are read, not run).</summary>
public sealed class DeployFilesTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void The_dockerfile_restores_every_project_under_src_in_its_own_layer_and_publishes_self_contained_on_runtime_deps()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile"));
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            Assert.True(
                dockerfile.Contains($"COPY {relative} ", StringComparison.Ordinal),
                $"deploy/Dockerfile restores without {relative}: add `COPY {relative} {Path.GetDirectoryName(relative)!.Replace('\\', '/')}/` beside the other project files before its `dotnet restore`.");
        }
        Assert.True(dockerfile.IndexOf("dotnet restore", StringComparison.Ordinal) < dockerfile.IndexOf("COPY src/ src/", StringComparison.Ordinal));
        Assert.Contains("-r linux-x64 --self-contained", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", dockerfile, StringComparison.Ordinal);
        Assert.Contains("CMD [\"/app/discussionbot\", \"healthcheck\"]", dockerfile, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, ".dockerignore")));
    }

    [Fact]
    public void The_compose_file_checks_health_and_rotates_logs_and_the_unit_runs_the_self_contained_binary()
    {
        var compose = File.ReadAllText(Path.Combine(Root, "deploy", "compose.yaml"));
        Assert.Contains("healthcheck:", compose, StringComparison.Ordinal);
        Assert.Contains("driver: json-file", compose, StringComparison.Ordinal);
        Assert.Contains("max-size:", compose, StringComparison.Ordinal);
        Assert.Contains("max-file:", compose, StringComparison.Ordinal);
        var unit = File.ReadAllText(Path.Combine(Root, "deploy", "discussionbot.service"));
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/opt/discussionbot/discussionbot\n", unit, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64 --self-contained", unit, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64 --self-contained", File.ReadAllText(Path.Combine(Root, "README.md")), StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiscussionBot.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }
}
