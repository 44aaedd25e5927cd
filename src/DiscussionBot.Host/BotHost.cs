using DiscussionBot.Core;
using DiscussionBot.Discord.Adapter;
using DiscussionBot.Encoder.MiniLm;
using DiscussionBot.Host.Console;
using DiscussionBot.Host.Operations;
using DiscussionBot.Ingest;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Telegram;
using DiscussionBot.Web;
using DiscussionBot.Web.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Host;

/// <summary>How the host runs: the platforms that are configured, or the console chat, or no chat at all (CLI tools).</summary>
public enum HostMode
{
    Run,
    Console,
    Tool,
}

/// <summary>Builds the Generic Host the same way for the bot, the console chat, the CLI tools and the tests.</summary>
public static class BotHost
{
    public static HostApplicationBuilder CreateBuilder(string[] configArgs, HostMode mode, ConsoleIO? io = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Configuration in the working directory wins over the defaults shipped beside the binary.
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(configArgs);

        // Logs go to stderr: stdout belongs to the chat and to the tools' output.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        // Under systemd: READY=1/STOPPING=1 for Type=notify, and the journal's formatter (levels as <6> prefixes).
        builder.Services.AddSystemd();
        ConfigureConsoleFormatter(builder);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        // No HttpClient prints a URL with a token in it: the default loggers go, a redacting one logs instead.
        builder.Services.AddSingleton<SecretRedactor>();
        builder.Services.AddSingleton<RedactingHttpClientLogger>();
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers().AddLogger<RedactingHttpClientLogger>());

        builder.AddDiscussionBotCore();
        builder.AddLiteDbStorage();
        builder.AddMiniLmEncoder();
        builder.AddIngest(pollFeeds: mode != HostMode.Tool);
        // A platform is on when its token is set.
        if (mode == HostMode.Run && !string.IsNullOrWhiteSpace(builder.Configuration["Telegram:BotToken"]))
        {
            builder.AddTelegram();
        }
        if (mode == HostMode.Run && !string.IsNullOrWhiteSpace(builder.Configuration["Discord:BotToken"]))
        {
            builder.AddDiscord();
        }

        if (mode != HostMode.Tool)
        {
            // /healthz, /readyz, /metrics on Web:Urls (loopback by default); the tools open no port.
            builder.AddWebEndpoint();
            builder.Services.AddOperationsEndpoints();
            builder.Services.AddSingleton<IReadinessCheck, DatabaseReadinessCheck>();
        }

        var chat = mode switch
        {
            HostMode.Console => true,
            HostMode.Run => !AnyPlatformConfigured(builder.Configuration),
            _ => false,
        };
        if (chat || mode == HostMode.Tool)
        {
            // The chat and the tools own the terminal: the host's start-up lines would only be noise there.
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }
        if (chat)
        {
            builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
            builder.Services.AddSingleton(io ?? ConsoleIO.Process());
            builder.Services.AddHostedService<ConsoleChatService>();
        }
        return builder;
    }

    /// <summary>The console formatter named by <c>Logging:Console:FormatterName</c> (simple, json, systemd); unset: systemd's
    /// under systemd, else simple on one line with the time. Always on stderr.</summary>
    private static void ConfigureConsoleFormatter(HostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Logging:Console");
        var configured = section["FormatterName"];
        var systemd = Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService();
        builder.Services.Configure<ConsoleLoggerOptions>(o =>
        {
            o.FormatterName = string.IsNullOrWhiteSpace(configured) ? (systemd ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple) : configured.Trim().ToLowerInvariant();
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        builder.Services.AddOptions<ConsoleLoggerOptions>()
            .Validate(o => ConsoleFormatters.Contains(o.FormatterName), $"Logging:Console:FormatterName: '{configured}' is not a console formatter; use simple, json or systemd.")
            .ValidateOnStart();
        // Our defaults where the configuration says nothing (Logging:Console:FormatterOptions:* still wins).
        var formatter = section.GetSection("FormatterOptions");
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = !bool.TryParse(formatter["SingleLine"], out var single) || single;
            o.TimestampFormat = formatter["TimestampFormat"] ?? "HH:mm:ss ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.TimestampFormat = formatter["TimestampFormat"] ?? "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = !bool.TryParse(formatter["UseUtcTimestamp"], out var utc) || utc;
        });
    }

    private static readonly string[] ConsoleFormatters = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    public static bool AnyPlatformConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Telegram:BotToken"]) || !string.IsNullOrWhiteSpace(configuration["Discord:BotToken"]);

    /// <summary>For tools that do not start the host: runs the same options validation the host runs at start,
    /// so a bad value stops them with a message naming the key.</summary>
    public static void ValidateOptions(IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();

    /// <summary>A value that does not convert to its option's type ("Failed to convert configuration value at 'Bot:ListLimit'…").</summary>
    public static bool IsBindingFailure(InvalidOperationException ex) =>
        ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);

    /// <summary>The message for an options failure: which key, and what is wrong with it.</summary>
    public static string Describe(OptionsValidationException ex) =>
        "Configuration error: " + string.Join("; ", ex.Failures.Select(DescribeFailure));

    // "DataAnnotation validation failed for 'StorageOptions' members: 'DatabasePath' with the error: '…'."
    // becomes "Storage:DatabasePath: …", the key as it is written in appsettings.json.
    private static string DescribeFailure(string failure)
    {
        var match = System.Text.RegularExpressions.Regex.Match(failure, "for '(?<type>\\w+?)(Options)?' members: '(?<member>\\w+)' with the error: '(?<error>.*)'\\.?$");
        return match.Success ? $"{match.Groups["type"].Value}:{match.Groups["member"].Value}: {match.Groups["error"].Value}" : failure;
    }
}
