using System.CommandLine;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Operations;
using DiscussionBot.Host.Console;
using DiscussionBot.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Host.Cli;

/// <summary>The CLI contract of DESIGN.md.</summary>
public static class CommandLine
{
    public const string ConsoleCommunity = "console:local";

    public static async Task<int> InvokeAsync(string[] args, ConsoleIO? io = null)
    {
        var (configArgs, cliArgs) = SplitConfigurationArguments(args);
        var stdout = io?.Out ?? System.Console.Out;
        var stderr = io is null ? System.Console.Error : io.Out;

        var demo = new Option<bool>("--demo") { Description = "load the demo articles, topics and source labels first" };
        var root = new RootCommand("DiscussionBot: summaries, contrasting viewpoints, contested claims and polls for discussion groups.");
        root.Options.Add(demo);
        root.SetAction((parse, ct) => RunChatAsync(configArgs, HostMode.Run, parse.GetValue(demo), io, stderr, ct));

        var console = new Command("console", "the console chat (the same commands; /as, /vote and /react simulate members)");
        console.Options.Add(demo);
        console.SetAction((parse, ct) => RunChatAsync(configArgs, HostMode.Console, parse.GetValue(demo), io, stderr, ct));
        root.Subcommands.Add(console);

        var inputs = new Argument<string[]>("inputs") { Arity = ArgumentArity.OneOrMore, Description = "files (.txt .md .html .jsonl), folders or URLs" };
        var importSource = new Option<string?>("--source") { Description = "source name for the files and rows that name none (default: unknown; the domain for web links)" };
        var import = new Command("import", "add articles to the library") { inputs, importSource };
        import.SetAction((parse, ct) => WithServicesAsync(configArgs, stderr, services =>
            new ImportCommand(
                services.GetRequiredService<ArticleLibrary>(),
                services.GetRequiredService<Core.Analysis.StoryIndex>(),
                services.GetServices<IArticleFetcher>(),
                services.GetServices<IHtmlArticleReader>(),
                stdout,
                stderr) { DefaultSource = parse.GetValue(importSource) }.RunAsync(parse.GetValue(inputs)!, ct)));
        root.Subcommands.Add(import);

        var target = new Argument<string>("path") { Description = "where to write the copy" };
        var backup = new Command("backup", "write a consistent copy of the database, with the web keys and voter.key beside it") { target };
        backup.SetAction((parse, ct) => WithServicesAsync(configArgs, stderr, services =>
            Task.FromResult(BackupCommand.Run(services.GetRequiredService<BotDatabase>(), services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), parse.GetValue(target)!, stdout, stderr))));
        root.Subcommands.Add(backup);

        var events = new Option<int>("--events") { Description = "events a round", DefaultValueFactory = _ => 200_000 };
        var rounds = new Option<int>("--rounds") { Description = "alternating rounds; medians are reported", DefaultValueFactory = _ => 3 };
        var ingest = new Command("ingest", "votes and reactions through the durable writer beside raw LiteDB InsertBulk") { events, rounds };
        ingest.SetAction((parse, ct) => IngestBench.RunAsync(Math.Max(1, parse.GetValue(events)), Math.Max(1, parse.GetValue(rounds)), stdout, ct));
        var bench = new Command("bench", "performance figures") { ingest };
        root.Subcommands.Add(bench);

        var probeDb = new Option<string>("--db") { Required = true };
        var probeRun = new Option<string>("--run") { Required = true };
        var probe = new Command("probe-writer", "crash-test helper: prints each acknowledged event") { probeDb, probeRun, events };
        probe.Hidden = true;
        probe.SetAction((parse, ct) => WriterProbe.RunAsync(parse.GetValue(probeDb)!, parse.GetValue(probeRun)!, parse.GetValue(events), stdout, ct));
        root.Subcommands.Add(probe);

        var exportKind = new Argument<string>("what") { Description = "polls, votes or reactions" };
        exportKind.AcceptOnlyFromAmong(Core.Polls.Exporter.Kinds);
        var community = new Option<string?>("--community") { Description = "community key, e.g. telegram:-1001234 (default: the only one)" };
        var topic = new Option<string?>("--topic") { Description = "only this topic" };
        var json = new Option<bool>("--json") { Description = "JSON instead of CSV" };
        var outFile = new Option<string?>("--out") { Description = "file to write (default: standard output)" };
        var export = new Command("export", "polls, votes or reactions as CSV or JSON (voters as pseudonyms)") { exportKind, community, topic, json, outFile };
        export.SetAction((parse, ct) => WithServicesAsync(configArgs, stderr, services =>
            ExportCommand.RunAsync(services, parse.GetValue(exportKind)!, parse.GetValue(community), parse.GetValue(topic), parse.GetValue(json), parse.GetValue(outFile), stdout, stderr, ct)));
        root.Subcommands.Add(export);

        var configKeys = new Argument<string[]>("keys") { Arity = ArgumentArity.ZeroOrMore, Description = "keys such as Bot:ListLimit (default: every key set in the bot's sections)" };
        var config = new Command("config", "each configuration value and the source it came from, secrets masked") { configKeys };
        config.SetAction(parse => ConfigCommand.Run(BotHost.CreateBuilder(configArgs, HostMode.Tool).Configuration, parse.GetValue(configKeys) ?? [], stdout));
        root.Subcommands.Add(config);

        var ready = new Option<bool>("--ready") { Description = "ask /readyz (database open, every platform connected) instead of /healthz" };
        var healthcheck = new Command("healthcheck", "exit 0 when the running bot's web endpoint answers /healthz (or /readyz) with 200") { ready };
        healthcheck.SetAction((parse, ct) => HealthCheckCommand.RunAsync(BotHost.CreateBuilder(configArgs, HostMode.Tool).Configuration, parse.GetValue(ready), stdout, stderr, ct));
        root.Subcommands.Add(healthcheck);

        TextCommandLine.Add(root, bench, stdout, stderr);

        var parsed = root.Parse(cliArgs);
        // The host handles Ctrl+C and SIGTERM itself (a clean stop: writes flushed, database closed).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, Output = stdout, Error = stderr });
    }

    /// <summary>Separates <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) configuration arguments from the CLI's own.</summary>
    public static (string[] Configuration, string[] Cli) SplitConfigurationArguments(string[] args)
    {
        var configuration = new List<string>();
        var cli = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (arg.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal))
            {
                configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                cli.Add(arg);
            }
        }
        return ([.. configuration], [.. cli]);
    }

    /// <summary>The line for a bot that has nothing to run (exit code 4).</summary>
    public const string NothingToRunMessage =
        "No platform is configured (set Telegram:BotToken, or Discord:BotToken and Discord:ApplicationId) and standard input is not a terminal, so there is no console chat either: nothing to run.";

    private static async Task<int> RunChatAsync(string[] configArgs, HostMode mode, bool demo, ConsoleIO? io, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            var builder = BotHost.CreateBuilder(configArgs, mode, io is null && mode == HostMode.Run ? ConsoleIO.Process() with { RequireInput = true } : io);
            if (mode == HostMode.Run && io is null && !BotHost.AnyPlatformConfigured(builder.Configuration)
                && StandardInput.Classify() == StandardInputKind.Nothing)
            {
                // Under systemd or in a container without a token: say so once, and do not look like a clean stop.
                await stderr.WriteLineAsync(NothingToRunMessage);
                return BotExitCodes.NothingToRun;
            }
            using var host = builder.Build();
            // Validate before starting, so a bad value gives one clear line instead of a logged stack trace.
            BotHost.ValidateOptions(host.Services);
            if (demo)
            {
                var added = host.Services.GetRequiredService<DemoLoader>().Load(ConsoleCommunity);
                await stderr.WriteLineAsync($"Demo loaded ({added} new article(s)).");
            }
            return await RunHostAsync(host, ct);
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync(BotHost.Describe(ex));
            return BotExitCodes.Configuration;
        }
        catch (InvalidOperationException ex) when (BotHost.IsBindingFailure(ex))
        {
            await stderr.WriteLineAsync("Configuration error: " + ex.Message);
            return BotExitCodes.Configuration;
        }
    }

    /// <summary>Runs the bot until it stops; the exit code says how it stopped: 0 when asked to, the code a platform set
    /// before stopping the host (a refused token: 3), or 70 when a service died of an unhandled exception.</summary>
    internal static async Task<int> RunHostAsync(IHost host, CancellationToken ct)
    {
        var services = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        // Read as a change, and put back, so hosts run side by side in one test process do not see each other's.
        var before = Environment.ExitCode;
        int after;
        var failedToStart = false;
        try
        {
            await host.RunAsync(ct);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The start was cut short: by a stop request (SIGTERM while starting), or by a service that died meanwhile
            // (told apart below by the faulted service).
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // "Hosting failed to start", logged by the host with its exception: a service's start threw.
            failedToStart = true;
        }
        finally
        {
            after = Environment.ExitCode;
            Environment.ExitCode = before;
        }
        if (after != before && after != BotExitCodes.Ok)
        {
            return after;
        }
        // A service that died of an unhandled exception stopped the host (BackgroundServiceExceptionBehavior.StopHost):
        // that is no clean stop, so systemd's Restart=on-failure brings the bot back. Nor is a start that threw.
        return failedToStart || services.Any(s => s.ExecuteTask is { IsFaulted: true }) ? BotExitCodes.Crashed : BotExitCodes.Ok;
    }

    /// <summary>Runs a tool against the configured services without starting the bot.</summary>
    internal static async Task<int> WithServicesAsync(string[] configArgs, TextWriter stderr, Func<IServiceProvider, Task<int>> tool)
    {
        try
        {
            using var host = BotHost.CreateBuilder(configArgs, HostMode.Tool).Build();
            BotHost.ValidateOptions(host.Services);
            return await tool(host.Services);
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync(BotHost.Describe(ex));
            return 2;
        }
        catch (InvalidOperationException ex) when (BotHost.IsBindingFailure(ex))
        {
            await stderr.WriteLineAsync("Configuration error: " + ex.Message);
            return 2;
        }
    }
}
