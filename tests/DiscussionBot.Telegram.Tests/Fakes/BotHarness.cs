using DiscussionBot.Core;
using DiscussionBot.Core.Commands;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Testing.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Telegram.Tests.Fakes;

/// <summary>The bot as the host runs it (Core, real LiteDB on a file, the Telegram adapter with the real Telegram.Bot
/// client) pointed at a <see cref="FakeBotApi"/>, plus the test handlers.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    private BotHarness(IHost host, Recorder recorder, FakeTimeProvider time)
    {
        Host = host;
        Recorder = recorder;
        Time = time;
    }

    public IHost Host { get; }

    public Recorder Recorder { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => Host.Services;

    public FakeLogCollector Logs => Host.Services.GetFakeLogCollector();

    public static Task<BotHarness> StartAsync(FakeBotApi api, string databasePath, Recorder? recorder = null, FakeTimeProvider? time = null,
        IDictionary<string, string?>? settings = null, bool recordVotes = true) =>
        StartAsync(api.Token, api.BaseUrl, databasePath, recorder, time, settings, recordVotes);

    /// <summary>The bot pointed at a Bot API address that may not answer yet.</summary>
    public static async Task<BotHarness> StartAsync(string token, string apiBaseUrl, string databasePath, Recorder? recorder = null, FakeTimeProvider? time = null,
        IDictionary<string, string?>? settings = null, bool recordVotes = true)
    {
        recorder ??= new Recorder();
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = token,
            ["Telegram:ApiBaseUrl"] = apiBaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "1",
            // The clock is a FakeTimeProvider that the conversation tests do not advance; pacing has its own tests.
            ["Telegram:SecondsBetweenMessagesPerChat"] = "0",
            ["Storage:DatabasePath"] = databasePath,
            ["Bot:CooldownSeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(config);
        // Every log line is kept (FakeLogCollector) for the tests that check what an operator is told.
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(recorder);
        builder.Services.AddCommand<NoteCommand>();
        builder.Services.AddCommand<TestPollCommand>();
        builder.Services.AddCommand<TestPostCommand>();
        builder.Services.AddCommand<LongCommand>();
        builder.Services.AddCommand<ButtonsCommand>();
        builder.Services.AddButton<TestButton>();
        if (recordVotes)
        {
            builder.Services.AddScoped<IVoteHandler, RecordingVoteHandler>();
        }
        builder.Services.AddScoped<IReactionHandler, RecordingReactionHandler>();
        // After the test handlers: the router gives a vote to the first vote handler only, so ours sees every vote.
        builder.AddDiscussionBotCore();
        builder.AddLiteDbStorage();
        builder.AddTelegram();

        var host = builder.Build();
        await host.StartAsync();
        return new BotHarness(host, recorder, time);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Host.Dispose();
        }
    }
}

/// <summary>A temporary directory for one test's database file.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dbot-tg-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
