using DiscussionBot.Core;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Storage.LiteDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiscussionBot.Core.Tests;

/// <summary>The real Core and the real LiteDB stores (in memory), with a fake clock; sends chat lines as a member or moderator.</summary>
public sealed class TestBot : IDisposable
{
    public static readonly ChatUser Moderator = new("m1", "Mo", IsModerator: true);
    public static readonly ChatUser Member = new("u1", "Uma", IsModerator: false);
    public static readonly ChatLocation Where = new("test", "c1", "c1");

    public TestBot(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DatabasePath"] = ":memory:" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddDiscussionBotCore();
        services.AddLiteDbStorage();
        configure?.Invoke(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        // Votes and reactions are acknowledged only by the running durable writer.
        Services.GetRequiredService<DurableEventWriter>().StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<Reply?> SendAsync(ChatEvent chatEvent)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChatRouter>().HandleAsync(chatEvent, CancellationToken.None);
    }

    public Task<Reply?> SendAsync(string line, ChatUser? user = null)
    {
        Assert.True(ArgumentParser.TryParseCommand(line, out var name, out var args, out _), $"not a command: {line}");
        return SendAsync(new CommandReceived(Where, user ?? Moderator, Time.GetUtcNow(), name, args));
    }

    /// <summary>Sends the line and returns the reply's plain text, failing when there is no reply.</summary>
    public async Task<string> TextAsync(string line, ChatUser? user = null)
    {
        var reply = await SendAsync(line, user);
        Assert.NotNull(reply);
        return reply.Text.ToPlainText();
    }

    public void Dispose()
    {
        Services.GetRequiredService<DurableEventWriter>().StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        Services.Dispose();
    }
}
