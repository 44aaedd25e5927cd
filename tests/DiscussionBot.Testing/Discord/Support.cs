using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Testing.Discord;

/// <summary>Keeps every dispatch the gateway delivers; can be told to throw for one event name.</summary>
public sealed class CollectingSink : IGatewayEventSink
{
    private readonly Channel<GatewayDispatch> _received = Channel.CreateUnbounded<GatewayDispatch>();
    private readonly ConcurrentQueue<GatewayDispatch> _all = new();

    public string? ThrowOn { get; set; }

    public IReadOnlyList<GatewayDispatch> All => [.. _all];

    public Task HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        _all.Enqueue(dispatch);
        _received.Writer.TryWrite(dispatch);
        return dispatch.EventName == ThrowOn ? throw new InvalidOperationException("handler bug") : Task.CompletedTask;
    }

    /// <summary>The next dispatch named <paramref name="eventName"/>, skipping others.</summary>
    public async Task<GatewayDispatch> NextAsync(string eventName, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var dispatch = await _received.Reader.ReadAsync(timeout.Token);
                if (dispatch.EventName == eventName)
                {
                    return dispatch;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {eventName} reached the sink.");
        }
    }
}

/// <summary>Random whose NextDouble is fixed, for predictable jitter.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}

/// <summary>An in-memory logger that keeps entries for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>A ten-line HTTP fake for tests that need the REST client but not a server.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<string> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
        return Task.FromResult(respond(request));
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
