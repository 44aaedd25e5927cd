using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace DiscussionBot.Host.Tests;

/// <summary>Type=notify for real: the host, started the way systemd starts it, tells a NOTIFY_SOCKET receiver READY=1
/// once it runs and STOPPING=1 when it stops, and its log lines carry the journal's level prefixes.</summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task A_notify_socket_receiver_gets_ready_then_stopping_from_the_real_host_and_the_journal_gets_levels()
    {
        using var runner = new HostRunner();
        var socketPath = runner.File("notify.sock");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(socketPath));

        // Microsoft.Extensions.Hosting.Systemd knows systemd by the name of the parent process (/proc/<ppid>/comm):
        // the host's parent here is a shell whose file is named "systemd", which runs the host as a child and waits.
        var systemd = runner.File("systemd");
        File.Copy("/bin/sh", systemd);
        var host = runner.StartInfo("console");
        var launcher = new ProcessStartInfo(systemd) { RedirectStandardInput = true, WorkingDirectory = runner.Directory };
        launcher.ArgumentList.Add("-c");
        launcher.ArgumentList.Add("\"$0\" \"$@\"; exit $?");
        launcher.ArgumentList.Add(host.FileName);
        foreach (var arg in host.ArgumentList)
        {
            launcher.ArgumentList.Add(arg);
        }
        launcher.Environment["NOTIFY_SOCKET"] = socketPath;
        await using var process = new HostProcess(launcher);

        Assert.Equal("READY=1", await ReceiveAsync(receiver));
        // The systemd console formatter: "<6>" is the journal's "info".
        var line = await process.WaitForStderrAsync(l => l.Contains("Web endpoint listening on", StringComparison.Ordinal));
        Assert.StartsWith("<6>", line, StringComparison.Ordinal);

        process.Process.StandardInput.Close(); // the console chat ends, the host stops
        Assert.Equal("STOPPING=1", await ReceiveAsync(receiver));
        Assert.Equal(0, await process.ExitCodeAsync());
    }

    private static async Task<string> ReceiveAsync(Socket receiver)
    {
        var buffer = new byte[512];
        var length = await receiver.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(60));
        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }
}
