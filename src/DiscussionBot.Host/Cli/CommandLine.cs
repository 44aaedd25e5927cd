using System.CommandLine;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
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
        var backup = new Command("backup", "write a consistent copy of the database") { target };
        backup.SetAction((parse, ct) => WithServicesAsync(configArgs, stderr, services =>
            Task.FromResult(BackupCommand.Run(services.GetRequiredService<BotDatabase>(), parse.GetValue(target)!, stdout, stderr))));
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

    private static async Task<int> RunChatAsync(string[] configArgs, HostMode mode, bool demo, ConsoleIO? io, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            using var host = BotHost.CreateBuilder(configArgs, mode, io).Build();
            // Validate before starting, so a bad value gives one clear line instead of a logged stack trace.
            BotHost.ValidateOptions(host.Services);
            if (demo)
            {
                var added = host.Services.GetRequiredService<DemoLoader>().Load(ConsoleCommunity);
                await stderr.WriteLineAsync($"Demo loaded ({added} new article(s)).");
            }
            await host.RunAsync(ct);
            // A platform that ended the process for good (a refused token) set the code before stopping the host.
            return Environment.ExitCode;
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
