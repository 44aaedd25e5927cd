using System.Collections.Concurrent;
using DiscussionBot.Core;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Storage;
using DiscussionBot.Ingest.Fetching;
using DiscussionBot.Storage.LiteDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Ingest.Tests.Support;

/// <summary>The real Core, the real LiteDB stores (in memory) and the real ingest registration, with a fake clock,
/// a recording messenger and short fetch timeouts; the fetcher may reach the test server's loopback port.</summary>
public sealed class IngestBot : IDisposable
{
    public static readonly ChatUser Moderator = new("m1", "Mo", IsModerator: true);
    public static readonly ChatUser Member = new("u1", "Uma", IsModerator: false);
    public static readonly ChatLocation Where = new("test", "c1", "c1");

    public IngestBot(int port, IDictionary<string, string?>? settings = null, IHostResolver? resolver = null)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DatabasePath"] = ":memory:",
                ["Bot:CooldownSeconds"] = "0",
                ["Fetch:AllowLoopback"] = "true",
                ["Fetch:AllowedPorts:0"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Fetch:TotalTimeoutSeconds"] = "5",
                ["Fetch:ConnectTimeoutSeconds"] = "2",
                ["Fetch:MaxBodyBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IMessenger>(Messenger);
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }
        services.AddDiscussionBotCore();
        services.AddLiteDbStorage();
        services.AddIngest();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));

    public RecordingMessenger Messenger { get; } = new();

    public ServiceProvider Services { get; }

    public IArticleStore Articles => Get<IArticleStore>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<Reply?> SendAsync(ChatEvent chatEvent) =>
        InScopeAsync(sp => sp.GetRequiredService<ChatRouter>().HandleAsync(chatEvent, CancellationToken.None).AsTask());

    public Task<Reply?> SendAsync(string line, ChatUser? user = null)
    {
        Assert.True(ArgumentParser.TryParseCommand(line, out var name, out var args, out _), $"not a command: {line}");
        return SendAsync(new CommandReceived(Where, user ?? Moderator, Time.GetUtcNow(), name, args));
    }

    public Task<Reply?> PostAsync(string text, ChatUser? user = null) =>
        SendAsync(new MessagePosted(Where, user ?? Member, Time.GetUtcNow(), text));

    public void Dispose() => Services.Dispose();
}

/// <summary>Records what the bot posts on its own (digests).</summary>
public sealed class RecordingMessenger : IMessenger
{
    private int _next;

    public string Platform => "test";

    public ConcurrentQueue<(ChatLocation Where, Reply Reply)> Sent { get; } = new();

    public Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct)
    {
        Sent.Enqueue((where, reply));
        return Task.FromResult<MessageRef?>(new MessageRef(Platform, where.ChatId, Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
