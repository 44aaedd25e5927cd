using DiscussionBot.Core;
using DiscussionBot.Discord.Adapter;
using DiscussionBot.Encoder.MiniLm;
using DiscussionBot.Host.Console;
using DiscussionBot.Ingest;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Telegram;
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
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

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
