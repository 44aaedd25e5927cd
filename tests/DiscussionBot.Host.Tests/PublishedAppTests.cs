using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace DiscussionBot.Host.Tests;

/// <summary>The app as it ships: <c>dotnet publish -r linux-x64 --self-contained</c> (the Dockerfile's and the systemd
/// recipe's command), published once per test run and started with no dotnet on PATH, on a machine whose fonts are
/// hidden (a private mount namespace with an empty /usr/share/fonts, as in the runtime-deps image).</summary>
public sealed class PublishedAppTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    [Fact]
    public async Task The_self_contained_app_with_no_dotnet_on_path_answers_help_and_writes_a_results_chart_with_its_labels()
    {
        using var runner = new HostRunner();
        var info = new ProcessStartInfo("/usr/bin/unshare") { RedirectStandardInput = true, WorkingDirectory = runner.Directory };
        foreach (var arg in new[] { "--mount", "--propagation", "private", "/bin/sh", "-c", "mount -t tmpfs none /usr/share/fonts && exec \"$0\" \"$@\"", app.Binary, "console", "--Web:Urls=http://127.0.0.1:0", $"--Storage:DatabasePath={runner.DatabasePath}", $"--Console:AttachmentDirectory={runner.File("out")}" })
        {
            info.ArgumentList.Add(arg);
        }
        // No dotnet anywhere the app could find it: a PATH holding only `mount` (for the fonts), no DOTNET_ROOT.
        var tools = Directory.CreateDirectory(runner.File("path")).FullName;
        File.CreateSymbolicLink(Path.Combine(tools, "mount"), "/usr/bin/mount");
        info.Environment["PATH"] = tools;
        info.Environment.Remove("DOTNET_ROOT");
        info.Environment.Remove("DOTNET_HOST_PATH");
        await using var process = new HostProcess(info);
        await process.Process.StandardInput.WriteAsync("""
            /help
            /poll "Should the Harbor Point tower be built?" "Yes, build it" "No, too tall" "Not sure yet"
            /vote 1 1
            /as alice
            /vote 1 2
            /results 1

            """);
        process.Process.StandardInput.Close();

        Assert.Equal(0, await process.ExitCodeAsync(TimeSpan.FromMinutes(2)));
        Assert.StartsWith("[#1] DiscussionBot", process.Stdout, StringComparison.Ordinal);
        var chart = Regex.Match(process.Stdout, @"🖼 Results of poll 1: (?<path>\S+\.png)").Groups["path"].Value;
        var png = Path.IsPathRooted(chart) ? chart : Path.Combine(runner.Directory, chart);
        Assert.True(File.Exists(png), $"no chart at {png}:\n{process.Stdout}\n{process.Stderr}");
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(800, bitmap.Width);
        // With no system font at all, the title and the option labels are still drawn (our embedded font).
        Assert.True(DarkPixels(bitmap, 0, 40) > 200, "the chart has no title lettering");
        Assert.True(DarkPixels(bitmap, bitmap.Height - 45, bitmap.Height) > 100, "the chart has no option labels");
    }

    [Fact]
    public async Task The_published_healthcheck_command_answers_0_for_a_running_bot_and_1_when_none_listens()
    {
        using var runner = new HostRunner();
        var port = FreePort();
        var bot = new ProcessStartInfo(app.Binary) { RedirectStandardInput = true, WorkingDirectory = runner.Directory };
        bot.Environment["PATH"] = "/nonexistent";
        foreach (var arg in new[] { "console", $"--Web:Urls=http://0.0.0.0:{port}", $"--Storage:DatabasePath={runner.DatabasePath}" })
        {
            bot.ArgumentList.Add(arg);
        }
        await using var running = new HostProcess(bot);
        await running.WebAddressAsync();

        Assert.Equal(0, await HealthCheckAsync($"--Web:Urls=http://0.0.0.0:{port}"));
        Assert.Equal(0, await HealthCheckAsync($"--Web:Urls=http://0.0.0.0:{port}", "--ready"));
        running.Process.StandardInput.Close();
        Assert.Equal(0, await running.ExitCodeAsync());
        Assert.Equal(1, await HealthCheckAsync($"--Web:Urls=http://0.0.0.0:{port}"));

        async Task<int> HealthCheckAsync(params string[] args)
        {
            var info = new ProcessStartInfo(app.Binary) { WorkingDirectory = runner.Directory };
            info.ArgumentList.Add("healthcheck");
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            await using var check = new HostProcess(info);
            return await check.ExitCodeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int DarkPixels(SKBitmap bitmap, int top, int bottom)
    {
        var dark = 0;
        for (var y = top; y < bottom; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 100 && c.Green < 100 && c.Blue < 100)
                {
                    dark++;
                }
            }
        }
        return dark;
    }
}

/// <summary>One self-contained publish per test run, into a temporary folder.</summary>
public sealed class PublishedApp : IDisposable
{
    public PublishedApp()
    {
        Directory = Path.Combine(System.IO.Directory.CreateTempSubdirectory("discussionbot-publish-").FullName, "app");
        var project = Path.Combine(RepositoryRoot(), "src", "DiscussionBot.Host", "DiscussionBot.Host.csproj");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", Directory, "-nologo" })
        {
            info.ArgumentList.Add(arg);
        }
        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            publish.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish took longer than 8 minutes");
        }
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{output.Result}\n{error.Result}");
        }
        Binary = Path.Combine(Directory, "discussionbot");
    }

    public string Directory { get; }

    public string Binary { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiscussionBot.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (DiscussionBot.sln) is not above " + AppContext.BaseDirectory);
    }
}
