using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DiscussionBot.Discord;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Testing.Discord;

/// <summary>A request the fake REST API received; for multipart, <see cref="Json"/> is the payload_json part.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? Json,
    IReadOnlyList<RecordedFile> Files,
    IReadOnlyList<string> SchemaErrors)
{
    public JsonNode? Body => Json is null ? null : JsonNode.Parse(Json);

    /// <summary>When the request reached the fake (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    public long ReceivedAt { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();
}

public sealed record RecordedFile(string Name, string FileName, string ContentType, byte[] Content);

/// <summary>What a test-supplied responder answers; null JSON means an empty body.</summary>
public sealed record FakeResponse(int Status, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A loopback Discord: REST under /api/v10 and a real WebSocket gateway at /gateway, on 127.0.0.1 with a free port.
/// Every request body is checked against openapi.json as it arrives (violations answer 400, like Discord, and are kept
/// in <see cref="SchemaViolations"/>). Gateway connections are handed to the test to script via <see cref="AcceptGatewayAsync"/>.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    public const string BotToken = "fake-bot-token";
    public const string ApplicationId = "100000000000000001";

    private readonly WebApplication _app;
    private readonly Channel<FakeGatewayConnection> _gatewayConnections = Channel.CreateUnbounded<FakeGatewayConnection>();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, JsonObject> _messages = new();

    // enforce_nonce (message docs): a second create with the same nonce by the same author returns the first message.
    private readonly ConcurrentDictionary<(string Channel, string Nonce), JsonObject> _nonces = new();
    private readonly ConcurrentDictionary<RecordedRequest, string> _responses = new(ReferenceEqualityComparer.Instance);
    private long _nextId = 900000000000000000;
    private int _inFlight;
    private int _maxInFlight;

    private FakeDiscord(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseUrl, "/api/v10").ToString();

    public string GatewayUrl => $"ws://{BaseUrl.Authority}/gateway";

    /// <summary>What GET /gateway/bot reports as today's session start limit.</summary>
    public SessionStartLimit SessionStartLimit { get; set; } = new(1000, 999, 14_400_000, 1);

    /// <summary>Time every REST request takes before it is answered, like a round trip to Discord.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>REST requests being answered right now, and the most there ever were at once.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The answer_id Discord gives the n-th (0-based) answer of a poll it stores; Discord's docs advise against
    /// relying on them being 1, 2, 3…, so tests can make them anything.</summary>
    public Func<int, int> PollAnswerId { get; set; } = n => n + 1;

    /// <summary>Headers added to the answer of a request (e.g. <c>X-RateLimit-Remaining: 0</c> on one of them), or null.</summary>
    public Func<RecordedRequest, IReadOnlyDictionary<string, string>?>? ExtraHeaders { get; set; }

    /// <summary>The per-route buckets and the global limit Discord enforces; on unless a test turns them off.</summary>
    public FakeRateLimits RateLimits { get; } = new();

    /// <summary>Requests answered 429 because the client sent them on an exhausted bucket or past the global limit.</summary>
    public IReadOnlyList<RateLimitViolation> RateLimitViolations => RateLimits.Violations;

    /// <summary>Shards GET /gateway/bot recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary>Answers requests before the default behaviour; return null to fall through.</summary>
    public Func<RecordedRequest, FakeResponse?>? Responder { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<string> SchemaViolations => [.. _requests.SelectMany(r => r.SchemaErrors)];

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathPrefix) =>
        [.. _requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];

    public DiscordOptions Options(bool overrideGatewayUrl = false) => new()
    {
        BotToken = BotToken,
        ApplicationId = ApplicationId,
        ApiBaseUrl = ApiBaseUrl,
        GatewayUrl = overrideGatewayUrl ? GatewayUrl : null,
    };

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Map("/gateway", fake.AcceptWebSocketAsync);
        app.Map("/api/v10/{**path}", fake.HandleRestAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    /// <summary>The next gateway connection the client opens.</summary>
    public async Task<FakeGatewayConnection> AcceptGatewayAsync(int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            return await _gatewayConnections.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No gateway connection arrived.");
        }
    }

    /// <summary>The JSON the fake answered <paramref name="request"/> with, if any.</summary>
    public JsonNode? ResponseTo(RecordedRequest request) => _responses.TryGetValue(request, out var json) ? JsonNode.Parse(json) : null;

    /// <summary>The answer to <paramref name="request"/>, waiting for it: requests are recorded before they are answered.</summary>
    public async Task<JsonNode> ResponseToAsync(RecordedRequest request, int timeoutMs = 5_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            if (ResponseTo(request) is { } response)
            {
                return response;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{request.Method} {request.Path} got no JSON answer.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the <paramref name="count"/>th request (1-based) matching <paramref name="match"/>.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, int count = 1, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var found = _requests.Where(match).Skip(count - 1).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("No such request reached the fake Discord. Seen: "
                    + string.Join(", ", _requests.Select(r => $"{r.Method} {r.Path}{r.Query}")));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Requests for one interaction's token, in order: its callback, then webhook edits and followups.</summary>
    public IReadOnlyList<RecordedRequest> ForInteraction(string interactionId) =>
        [.. _requests.Where(r => r.Path.Contains("/itoken-" + interactionId, StringComparison.Ordinal))];

    /// <summary>Messages stored in a channel.</summary>
    public int MessagesIn(string channelId) => _messages.Values.Count(m => m["channel_id"]?.GetValue<string>() == channelId);

    /// <summary>A status to answer after the request was carried out (a 502 from a proxy after the write), or null.</summary>
    public Func<RecordedRequest, int?>? FailAfterHandling { get; set; }

    /// <summary>Copies of the messages stored in a channel (the members' as delivered, and the bot's as created).</summary>
    public IReadOnlyList<JsonObject> StoredMessagesIn(string channelId) =>
        [.. _messages.Values.Where(m => m["channel_id"]?.GetValue<string>() == channelId).Select(m => (JsonObject)m.DeepClone())];

    /// <summary>Stores a message as if Discord had it, e.g. a poll with final results for GET.</summary>
    public void PutMessage(JsonObject message) => _messages[message["id"]!.GetValue<string>()] = message;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task AcceptWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new FakeGatewayConnection(socket, context.Request.QueryString.Value ?? "");
        _gatewayConnections.Writer.TryWrite(connection);
        await connection.RunAsync(context.RequestAborted);
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }

            await HandleRecordedAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleRecordedAsync(HttpContext context)
    {
        var request = await RecordAsync(context.Request);
        _requests.Enqueue(request);

        // Discord counts a request against its limits when it arrives; the answer comes back a round trip later.
        var (limited, limitHeaders) = RateLimits.Take(request);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        var response = limited
            ?? (request.SchemaErrors.Count > 0
                ? new FakeResponse(400, JsonSerializer.Serialize(new { code = 50035, message = "Invalid Form Body", errors = request.SchemaErrors }))
                : Responder?.Invoke(request) ?? Default(request));
        if (FailAfterHandling?.Invoke(request) is { } failure)
        {
            response = new FakeResponse(failure, """{"message":"Bad Gateway","code":0}""");
        }
        if (response.Json is not null)
        {
            _responses[request] = response.Json;
        }
        context.Response.StatusCode = response.Status;
        // A scripted answer's own headers and ExtraHeaders override the enforced bucket's.
        foreach (var (name, value) in limitHeaders.Concat(response.Headers ?? new Dictionary<string, string>()).Concat(ExtraHeaders?.Invoke(request) ?? new Dictionary<string, string>()))
        {
            context.Response.Headers[name] = value;
        }

        if (response.Json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Json);
        }
    }

    private static async Task<RecordedRequest> RecordAsync(HttpRequest http)
    {
        var path = "/" + (string?)http.RouteValues["path"];
        var headers = http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? json = null;
        var files = new List<RecordedFile>();
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync();
            json = form["payload_json"].ToString();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, buffer.ToArray()));
            }
        }
        else if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(http.Body, Encoding.UTF8);
            json = await reader.ReadToEndAsync();
        }

        var errors = OpenApiValidator.Instance.Validate(http.Method, path, json).ToList();
        if (http.HasFormContentType && files.Count > 0)
        {
            // Multipart bodies name files files[n] and list them in attachments with the same n.
            var ids = JsonNode.Parse(json ?? "{}")?["attachments"]?.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToHashSet() ?? [];
            errors.AddRange(files.Where(f => !ids.Contains(f.Name.Trim('f', 'i', 'l', 'e', 's', '[', ']')))
                .Select(f => $"{f.Name} has no attachments entry"));
        }

        return new RecordedRequest(http.Method, path, http.QueryString.Value ?? "", headers, http.ContentType, json, files, errors);
    }

    private FakeResponse Default(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        switch (request.Method, segments)
        {
            case ("GET", ["gateway", "bot"]):
                return Ok(new JsonObject
                {
                    ["url"] = GatewayUrl,
                    ["shards"] = RecommendedShards,
                    ["session_start_limit"] = new JsonObject
                    {
                        ["total"] = SessionStartLimit.Total,
                        ["remaining"] = SessionStartLimit.Remaining,
                        ["reset_after"] = SessionStartLimit.ResetAfter,
                        ["max_concurrency"] = SessionStartLimit.MaxConcurrency,
                    },
                });
            case ("PUT", ["applications", _, .., "commands"]):
                var commands = new JsonArray();
                foreach (var command in request.Body!.AsArray())
                {
                    commands.Add(new JsonObject { ["id"] = NextId(), ["name"] = command!["name"]!.GetValue<string>(), ["application_id"] = ApplicationId });
                }

                return Ok(commands);
            case ("POST", ["interactions", var interactionId, _, "callback"]) when request.Query.Contains("with_response=true", StringComparison.Ordinal):
                var callback = request.Body!.AsObject();
                var created = callback["data"] is JsonObject data && callback["type"]!.GetValue<int>() == 4
                    ? StoreMessage("400000000000000001", data)
                    : null;
                var answer = new JsonObject
                {
                    ["interaction"] = new JsonObject { ["id"] = interactionId, ["type"] = 2 },
                };
                if (created is not null)
                {
                    answer["resource"] = new JsonObject { ["type"] = 4, ["message"] = created.DeepClone() };
                }

                return Ok(answer);
            case ("POST", ["interactions", _, _, "callback"]):
                return new FakeResponse(204);
            case ("DELETE", ["webhooks", _, _, "messages", "@original"]):
                return new FakeResponse(204);
            case ("POST", ["channels", var channel, "messages"]):
                var body = request.Body!.AsObject();
                if (UnknownReply(body) is { } refused)
                {
                    return refused;
                }

                if (body["enforce_nonce"]?.GetValue<bool>() == true && body["nonce"]?.ToString() is { } nonce)
                {
                    return Ok(_nonces.GetOrAdd((channel, nonce), _ => StoreMessage(channel, body)));
                }

                return Ok(StoreMessage(channel, body));
            case ("POST", ["channels", _, "typing"]):
                return new FakeResponse(204);
            case ("POST", ["webhooks", _, _]):
            case ("PATCH", ["webhooks", _, _, "messages", "@original"]):
                // Interaction messages live in the channel of the scripted interactions (GatewayJson.SlashCommand).
                return Ok(StoreMessage("400000000000000001", request.Body!.AsObject()));
            case ("PATCH", ["channels", _, "messages", var id]) when _messages.TryGetValue(id, out var existing):
                foreach (var (key, value) in request.Body!.AsObject())
                {
                    existing[key] = value?.DeepClone();
                }

                return Ok(existing);
            case ("DELETE", ["channels", _, "messages", var id]):
                _messages.TryRemove(id, out _);
                return new FakeResponse(204);
            case ("GET", ["channels", _, "messages", var id]) when _messages.TryGetValue(id, out var message):
                return Ok(message);
            case ("POST", ["channels", _, "polls", var id, "expire"]) when _messages.TryGetValue(id, out var pollMessage):
                if (pollMessage["poll"] is JsonObject poll)
                {
                    poll["results"] = new JsonObject { ["is_finalized"] = true, ["answer_counts"] = poll["results"]?["answer_counts"]?.DeepClone() ?? new JsonArray() };
                }

                return Ok(pollMessage);
            default:
                return new FakeResponse(404, """{"code":10008,"message":"Unknown Message"}""");
        }
    }

    /// <summary>A message the members posted, as the gateway delivered it: it exists, so a reply to it is a reply.</summary>
    public void Remember(JsonObject message) => _messages[message["id"]!.GetValue<string>()] = (JsonObject)message.DeepClone();

    /// <summary>A message deleted since it was delivered: a reply to it now finds nothing.</summary>
    public void Forget(string messageId) => _messages.TryRemove(messageId, out _);

    // message_reference to a message that does not exist: refused unless fail_if_not_exists is false (its default is true),
    // in which case the message is sent as a normal, non-reply one (message docs, Message Reference Structure).
    private FakeResponse? UnknownReply(JsonObject body) =>
        body["message_reference"] is JsonObject reference && !_messages.ContainsKey(reference["message_id"]!.ToString())
        && reference["fail_if_not_exists"]?.GetValue<bool>() != false
            ? new FakeResponse(400, """{"code":50035,"message":"Invalid Form Body","errors":{"message_reference":{"_errors":[{"code":"MESSAGE_REFERENCE_UNKNOWN_MESSAGE","message":"Unknown message"}]}}}""")
            : null;

    private JsonObject StoreMessage(string channelId, JsonObject body)
    {
        var message = new JsonObject
        {
            ["id"] = NextId(),
            ["type"] = 0,
            ["channel_id"] = channelId,
            ["content"] = body["content"]?.DeepClone() ?? "",
            ["author"] = new JsonObject { ["id"] = "200000000000000001", ["username"] = "DiscussionBot", ["bot"] = true },
        };
        if (body["message_reference"] is JsonObject reference && _messages.TryGetValue(reference["message_id"]!.ToString(), out var referenced))
        {
            message["type"] = 19; // REPLY
            message["message_reference"] = new JsonObject
            {
                ["type"] = 0,
                ["message_id"] = referenced["id"]!.DeepClone(),
                ["channel_id"] = referenced["channel_id"]!.DeepClone(),
                ["guild_id"] = referenced["guild_id"]?.DeepClone(),
            };
            message["referenced_message"] = referenced.DeepClone();
        }

        if (body["poll"] is JsonObject poll)
        {
            var answers = new JsonArray();
            var n = 0;
            foreach (var answer in poll["answers"]!.AsArray())
            {
                answers.Add(new JsonObject { ["answer_id"] = PollAnswerId(n++), ["poll_media"] = answer!["poll_media"]!.DeepClone() });
            }

            message["poll"] = new JsonObject
            {
                ["question"] = poll["question"]!.DeepClone(),
                ["answers"] = answers,
                ["allow_multiselect"] = poll["allow_multiselect"]?.DeepClone() ?? false,
                ["expiry"] = "2025-01-02T12:00:00+00:00",
            };
        }

        _messages[message["id"]!.GetValue<string>()] = message;
        return message;
    }

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static FakeResponse Ok(JsonNode body) => new(200, body.ToJsonString());
}
