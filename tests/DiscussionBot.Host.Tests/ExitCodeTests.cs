using System.Diagnostics;
using DiscussionBot.Core.Operations;
using DiscussionBot.Host.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Host.Tests;

/// <summary>The exit codes an operator and systemd's Restart=on-failure act on (README, "Exit codes").</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("< /dev/null")]
    [InlineData("<&-")]
    [InlineData("< empty.txt")]
    public async Task With_no_platform_and_no_terminal_the_bot_says_so_in_one_line_and_exits_4(string stdin)
    {
        using var runner = new HostRunner();
        File.WriteAllText(runner.File("empty.txt"), "");
        await using var process = new HostProcess(Shell(runner, stdin));

        Assert.Equal(BotExitCodes.NothingToRun, await process.ExitCodeAsync());
        var line = Assert.Single(process.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Cli.CommandLine.NothingToRunMessage, line);
        Assert.Contains("No platform is configured", line, StringComparison.Ordinal);
        Assert.Contains("standard input is not a terminal", line, StringComparison.Ordinal);
        Assert.Empty(process.Stdout);
    }

    [Fact]
    public async Task A_script_piped_into_the_default_command_still_runs_as_the_console_chat()
    {
        using var runner = new HostRunner();
        await using var process = new HostProcess(runner.StartInfo());
        await process.Process.StandardInput.WriteAsync("/help\n");
        process.Process.StandardInput.Close();

        Assert.Equal(0, await process.ExitCodeAsync());
        Assert.StartsWith("[#1] DiscussionBot", process.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_pipe_into_the_default_command_is_nothing_to_run_but_an_empty_console_session_is_a_clean_stop()
    {
        using var runner = new HostRunner();
        await using (var empty = new HostProcess(runner.StartInfo()))
        {
            empty.Process.StandardInput.Close();
            Assert.Equal(BotExitCodes.NothingToRun, await empty.ExitCodeAsync());
            Assert.Contains(Cli.CommandLine.NothingToRunMessage, empty.Stderr, StringComparison.Ordinal);
        }
        await using var console = new HostProcess(runner.StartInfo("console"));
        console.Process.StandardInput.Close();
        Assert.Equal(0, await console.ExitCodeAsync());
    }

    [Fact]
    public async Task A_service_that_dies_of_an_unhandled_exception_ends_the_process_with_70()
    {
        using var runner = new HostRunner();
        using var input = new BlockingReader();
        var builder = BotHost.CreateBuilder([.. HostRunner.WithPrivatePort([$"--Storage:DatabasePath={runner.DatabasePath}"])], HostMode.Console, new ConsoleIO(input, TextWriter.Null, Interactive: false));
        builder.Services.AddHostedService<Crashing>();
        using var host = builder.Build();

        var code = await Cli.CommandLine.RunHostAsync(host, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(BotExitCodes.Crashed, code);
    }

    [Fact]
    public async Task A_service_whose_start_throws_ends_the_process_with_70_too()
    {
        using var runner = new HostRunner();
        using var input = new BlockingReader();
        var builder = BotHost.CreateBuilder([.. HostRunner.WithPrivatePort([$"--Storage:DatabasePath={runner.DatabasePath}"])], HostMode.Console, new ConsoleIO(input, TextWriter.Null, Interactive: false));
        builder.Services.AddHostedService<FailsToStart>();
        using var host = builder.Build();

        var code = await Cli.CommandLine.RunHostAsync(host, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(BotExitCodes.Crashed, code);
    }

    [Fact]
    public async Task The_code_a_platform_sets_before_stopping_the_host_is_the_exit_code()
    {
        using var runner = new HostRunner();
        using var input = new BlockingReader();
        var builder = BotHost.CreateBuilder([.. HostRunner.WithPrivatePort([$"--Storage:DatabasePath={runner.DatabasePath}"])], HostMode.Console, new ConsoleIO(input, TextWriter.Null, Interactive: false));
        builder.Services.AddHostedService<RefusedToken>();
        using var host = builder.Build();
        var before = Environment.ExitCode;

        var code = await Cli.CommandLine.RunHostAsync(host, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(BotExitCodes.PlatformRefused, code);
        Assert.Equal(before, Environment.ExitCode);
    }

    [Fact]
    public async Task An_unknown_console_formatter_is_a_configuration_error_naming_the_key()
    {
        using var runner = new HostRunner();
        var (code, output) = await runner.RunAsync("/help\n", "console", "--Logging:Console:FormatterName=fancy");
        Assert.Equal(BotExitCodes.Configuration, code);
        Assert.StartsWith("Configuration error: Logging:Console:FormatterName: 'fancy'", output, StringComparison.Ordinal);
    }

    private static ProcessStartInfo Shell(HostRunner runner, string stdin)
    {
        var host = runner.StartInfo();
        var shell = new ProcessStartInfo("/bin/sh") { WorkingDirectory = runner.Directory };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"exec \"$0\" \"$@\" {stdin}");
        shell.ArgumentList.Add(host.FileName);
        foreach (var arg in host.ArgumentList)
        {
            shell.ArgumentList.Add(arg);
        }
        return shell;
    }

    private sealed class Crashing : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a bug in a service");
        }
    }

    private sealed class FailsToStart : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("a bug at start");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>What an adapter does when the platform refuses its token (the shared contract of BotExitCodes).</summary>
    private sealed class RefusedToken(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            Environment.ExitCode = BotExitCodes.PlatformRefused;
            lifetime.StopApplication();
        }
    }
}
