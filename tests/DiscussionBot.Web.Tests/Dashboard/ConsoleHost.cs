using System.Text.RegularExpressions;
using DiscussionBot.Host;
using DiscussionBot.Host.Console;
using DiscussionBot.Testing.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The real bot host in console mode, built by the host's own builder, with the web endpoint on a free loopback
/// port; lines are typed into its console chat and its printed replies awaited.</summary>
public sealed partial class ConsoleHost : IAsyncDisposable
{
    private readonly ConsoleInput _in;
    private readonly WatchedOutput _out;
    private readonly IHost _host;

    private readonly bool _ownsDirectory;

    private ConsoleHost(IHost host, ConsoleInput input, WatchedOutput output, string directory, bool ownsDirectory)
    {
        _host = host;
        _in = input;
        _out = output;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The host's own folder: database, attachments the console saved.</summary>
    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The endpoint's real address (port 0 was asked for).</summary>
    public Uri BaseUrl => new(Services.GetRequiredService<WebEndpointService>().Addresses[0]);

    public int OutputMark => _out.Length;

    public string OutputText => _out.Text;

    public static Task<ConsoleHost> StartAsync(TimeProvider? time = null, params string[] extraArgs) =>
        StartAsync(System.IO.Directory.CreateTempSubdirectory("discussionbot-dashboard-").FullName, ownsDirectory: true, time, extraArgs);

    /// <summary>A host on the folder of <paramref name="directory"/> (its database, its keys), as a restart of the bot finds
    /// it; the folder stays when the host is disposed, for the next start.</summary>
    public static Task<ConsoleHost> StartInAsync(string directory, params string[] extraArgs) =>
        StartAsync(directory, ownsDirectory: false, time: null, extraArgs);

    private static async Task<ConsoleHost> StartAsync(string directory, bool ownsDirectory, TimeProvider? time, string[] extraArgs)
    {
        var input = new ConsoleInput();
        var output = new WatchedOutput();
        string[] args =
        [
            "--Web:Urls=http://127.0.0.1:0",
            $"--Storage:DatabasePath={Path.Combine(directory, "data", "bot.db")}",
            $"--Console:AttachmentDirectory={Path.Combine(directory, "out")}",
            "--Feeds:Enabled=false",
            .. extraArgs,
        ];
        var builder = BotHost.CreateBuilder(args, HostMode.Console, new ConsoleIO(input, output, Interactive: false));
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(time));
        }
        var host = new ConsoleHost(builder.Build(), input, output, directory, ownsDirectory);
        await host._host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>Types a line and waits for the reply it causes (the next <c>[#n]</c> post, or a line matching <paramref name="until"/>).</summary>
    public async Task<string> SendAsync(string line, string? until = null)
    {
        var mark = _out.Length;
        _in.Add(line);
        var pattern = new Regex(until ?? @"\[#\d+\]");
        return await _out.WaitForAsync(mark, pattern, TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until the console has printed something matching <paramref name="pattern"/> after <paramref name="mark"/>.</summary>
    public Task<string> WaitForOutputAsync(int mark, string pattern) => _out.WaitForAsync(mark, new Regex(pattern), TimeSpan.FromSeconds(60));

    /// <summary>A sign-in link from <c>/dashboard</c>, as the console prints it.</summary>
    public async Task<Uri> DashboardLinkAsync()
    {
        var reply = await SendAsync("/dashboard", @"signin\?token=\S+");
        return new Uri(SignInLink().Matches(reply)[^1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        _in.Add(null);
        try
        {
            await _host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
            if (_ownsDirectory)
            {
                DeleteFolder(Directory);
            }
        }
    }

    /// <summary>Deletes a host's folder, as far as it can (a file still open is left to the OS's temp clean-up).</summary>
    public static void DeleteFolder(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"https?://[^\s/]+(?:/[^\s/]+)*?/dashboard/signin\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SignInLink();
}
