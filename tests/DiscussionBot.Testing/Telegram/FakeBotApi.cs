using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Testing.Telegram;

/// <summary>A request the fake received: the Bot API method and its parameters (JSON body or form fields).</summary>
public sealed record FakeRequest(string Method, JsonObject Parameters, DateTimeOffset At)
{
    public long? ChatId => Parameters["chat_id"] is { } id ? long.Parse(id.ToString(), CultureInfo.InvariantCulture) : null;

    public string? Text => Parameters["text"]?.GetValue<string>();
}

/// <summary>A message the bot posted, as the fake's HTML parser saw it.</summary>
/// <param name="Html">The text as sent (parse_mode HTML).</param>
/// <param name="Visible">What a member would see: tags removed, entities decoded.</param>
/// <param name="Links">The href of every &lt;a&gt;.</param>
/// <param name="At">When the fake accepted it, on the fake's clock.</param>
public sealed record FakeMessage(string Method, long ChatId, int MessageId, string? Html, string Visible, IReadOnlyList<string> Links, JsonObject Parameters, string? PollId)
{
    public DateTimeOffset At { get; init; }
}

/// <summary>A loopback Bot API server for tests and the benchmark: Kestrel on 127.0.0.1 with a random port, serving
/// <c>/bot{token}/{method}</c> with the method and type shapes of the Bot API (api.json, Bot API 10.1) for the methods
/// the bot uses. Tests queue updates (as a member's client would cause them), inspect what the bot sent, and inject
/// faults (429 for one chat, an error for one method, a revoked token). It can start on a port chosen in advance (a Bot
/// API that comes up after the bot) and enforce Telegram's send limits, answering 429 with retry_after as Telegram does.</summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const long BotId = 7000001;
    public const string BotUsername = "discussion_test_bot";

    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal) { "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "tg-spoiler", "blockquote" };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentQueue<FakeMessage> _messages = new();
    private readonly Dictionary<long, HashSet<long>> _admins = [];
    private const long AnyChat = long.MinValue;

    private readonly Dictionary<(string Method, long ChatId), Queue<(int Code, int? RetryAfter)>> _faults = [];
    private readonly Dictionary<long, List<DateTimeOffset>> _sendsByChat = [];
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, JsonObject> _polls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _menus = new(StringComparer.Ordinal);
    private TaskCompletionSource _updatesChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private int _nextPollId = 5_000_000;
    private int _confirmedOffset;
    private bool _tokenRevoked;

    private FakeBotApi(WebApplication app, string token, TimeProvider clock)
    {
        _app = app;
        Token = token;
        _clock = clock;
    }

    public string Token { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>getUpdates calls served (a restart shows up as a new call with an older offset).</summary>
    public int GetUpdatesCalls;

    public IReadOnlyCollection<FakeRequest> Requests => _requests;

    public IReadOnlyCollection<FakeMessage> Messages => _messages;

    /// <summary>When set, sends (sendMessage, sendPhoto, sendDocument, sendPoll) are held to Telegram's limits and
    /// answered 429 with retry_after when the bot goes faster: one message a second per chat, 20 a minute per group
    /// (negative chat id), 30 a second overall. Times are on the fake's clock, with <see cref="LimitTolerance"/> for
    /// the loopback's own latency.</summary>
    public bool EnforceLimits { get; set; }

    /// <summary>How much earlier than the limit a send may arrive and still be accepted (the time a request spends
    /// between the bot's clock and the fake's).</summary>
    public TimeSpan LimitTolerance { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>429 answers given because the bot went faster than <see cref="EnforceLimits"/> allows.</summary>
    public int LimitViolations => Volatile.Read(ref _limitViolations);

    private int _limitViolations;

    /// <param name="clock">The fake's clock for <see cref="FakeRequest.At"/>, <see cref="FakeMessage.At"/> and the
    /// limits; the system clock when omitted.</param>
    /// <param name="port">A loopback port chosen in advance (see <see cref="FreePort"/>), or 0 for any free one.</param>
    public static async Task<FakeBotApi> StartAsync(string token = "7000001:TEST-token_for-the-fake", TimeProvider? clock = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app, token, clock ?? TimeProvider.System);
        app.MapPost("/bot{token}/{method}", (HttpContext context, string token, string method) => fake.ServeAsync(context, token, method));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address;
        return fake;
    }

    /// <summary>A loopback port nothing listens on right now: the address of a Bot API that is not up yet.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- scripting ----

    public void SetAdministrators(long chatId, params long[] userIds)
    {
        lock (_gate)
        {
            _admins[chatId] = [.. userIds];
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> for the chat fail with <paramref name="code"/>.</summary>
    public void Fail(string method, long chatId, int code, int times = 1, int? retryAfter = null)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue((method, chatId), out var queue))
            {
                _faults[(method, chatId)] = queue = new();
            }
            for (var i = 0; i < times; i++)
            {
                queue.Enqueue((code, retryAfter));
            }
        }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/>, whatever their chat (or none), fail with <paramref name="code"/>.</summary>
    public void FailMethod(string method, int code, int times = 1, int? retryAfter = null) => Fail(method, AnyChat, code, times, retryAfter);

    public void RevokeToken() => _tokenRevoked = true;

    /// <summary>Queues an update (the object without update_id) and returns its update_id.</summary>
    public int Enqueue(JsonObject update) => EnqueueBatch(update)[0];

    /// <summary>Queues several updates at once, so they arrive in one getUpdates batch.</summary>
    public IReadOnlyList<int> EnqueueBatch(params JsonObject[] updates)
    {
        lock (_gate)
        {
            var ids = updates.Select(EnqueueLocked).ToList();
            _updatesChanged.TrySetResult();
            _updatesChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return ids;
        }
    }

    private int EnqueueLocked(JsonObject update)
    {
        var id = _nextUpdateId++;
        var full = new JsonObject { ["update_id"] = id };
        foreach (var (key, value) in update)
        {
            full[key] = value?.DeepClone();
        }
        _updates.Add(full);
        return id;
    }

    public static JsonObject User(long id, string? username = null) =>
        new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = username ?? $"User{id}", ["username"] = username };

    public static JsonObject Chat(long id) => id > 0
        ? new JsonObject { ["id"] = id, ["type"] = "private", ["first_name"] = $"User{id}" }
        : new JsonObject { ["id"] = id, ["type"] = "supergroup", ["title"] = $"Group {id}" };

    /// <summary>A member's text message; a leading /command gets its bot_command entity as Telegram marks it.</summary>
    public JsonObject MessageUpdate(long chatId, long userId, string text, string? username = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = NextMessageId(),
            ["from"] = User(userId, username),
            ["date"] = UnixNow(),
            ["chat"] = Chat(chatId),
            ["text"] = text,
        };
        if (text.StartsWith('/'))
        {
            var end = text.IndexOfAny([' ', '\n']);
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = end < 0 ? text.Length : end });
        }
        return new JsonObject { ["message"] = message };
    }

    public int SendText(long chatId, long userId, string text, string? username = null) => Enqueue(MessageUpdate(chatId, userId, text, username));

    public JsonObject CallbackUpdate(FakeMessage onMessage, long userId, string data) => new()
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["from"] = User(userId),
            ["message"] = new JsonObject { ["message_id"] = onMessage.MessageId, ["date"] = UnixNow(), ["chat"] = Chat(onMessage.ChatId), ["text"] = onMessage.Visible },
            ["chat_instance"] = "ci" + onMessage.ChatId.ToString(CultureInfo.InvariantCulture),
            ["data"] = data,
        },
    };

    public JsonObject PollAnswerUpdate(string pollId, long userId, params int[] optionIds)
    {
        JsonArray persistent;
        lock (_gate)
        {
            var options = _polls.TryGetValue(pollId, out var poll) ? poll["options"]!.AsArray() : [];
            persistent = new JsonArray(optionIds.Select(i => (JsonNode?)JsonValue.Create(options.Count > i ? options[i]!["persistent_id"]!.GetValue<string>() : i.ToString(CultureInfo.InvariantCulture))).ToArray());
        }
        return new JsonObject
        {
            ["poll_answer"] = new JsonObject
            {
                ["poll_id"] = pollId,
                ["user"] = User(userId),
                ["option_ids"] = new JsonArray(optionIds.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
                ["option_persistent_ids"] = persistent,
            },
        };
    }

    public JsonObject PollUpdate(string pollId, int[] counts, bool closed = false)
    {
        lock (_gate)
        {
            var poll = _polls[pollId].DeepClone().AsObject();
            var options = poll["options"]!.AsArray();
            for (var i = 0; i < options.Count && i < counts.Length; i++)
            {
                options[i]!["voter_count"] = counts[i];
            }
            poll["total_voter_count"] = counts.Sum();
            poll["is_closed"] = closed;
            return new JsonObject { ["poll"] = poll };
        }
    }

    public static JsonObject ReactionUpdate(long chatId, int messageId, long userId, string[] oldEmoji, string[] newEmoji) => new()
    {
        ["message_reaction"] = new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["message_id"] = messageId,
            ["user"] = User(userId),
            ["date"] = UnixNow(),
            ["old_reaction"] = Reactions(oldEmoji),
            ["new_reaction"] = Reactions(newEmoji),
        },
    };

    public static JsonObject ReactionCountUpdate(long chatId, int messageId, params (string Emoji, int Count)[] counts) => new()
    {
        ["message_reaction_count"] = new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["message_id"] = messageId,
            ["date"] = UnixNow(),
            ["reactions"] = new JsonArray(counts.Select(c => (JsonNode?)new JsonObject { ["type"] = Emoji(c.Emoji), ["total_count"] = c.Count }).ToArray()),
        },
    };

    /// <summary>A chat_member update: <paramref name="userId"/> becomes an administrator (or a plain member again).</summary>
    public static JsonObject ChatMemberUpdate(long chatId, long userId, bool administrator, bool mine = false) => new()
    {
        [mine ? "my_chat_member" : "chat_member"] = new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["from"] = User(1),
            ["date"] = UnixNow(),
            ["old_chat_member"] = administrator ? Member(userId) : Administrator(userId),
            ["new_chat_member"] = administrator ? Administrator(userId) : Member(userId),
        },
    };

    // ---- inspection ----

    public IReadOnlyList<FakeMessage> MessagesTo(long chatId) => _messages.Where(m => m.ChatId == chatId).ToList();

    public IReadOnlyList<FakeRequest> Calls(string method) => _requests.Where(r => r.Method == method).ToList();

    /// <summary>The command names last set (and accepted) with setMyCommands for a scope type (<c>default</c>,
    /// <c>all_chat_administrators</c>, <c>all_private_chats</c>, …); null when that scope was never set.</summary>
    public IReadOnlyList<string>? MenuFor(string scopeType)
    {
        lock (_gate)
        {
            return _menus.TryGetValue(scopeType, out var menu) ? menu : null;
        }
    }

    /// <summary>Waits (real time) until the condition holds; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }
            await Task.Delay(10);
        }
    }

    public async Task<FakeMessage> WaitForMessageAsync(long chatId, Func<FakeMessage, bool> match, string what, int timeoutMs = 10_000)
    {
        FakeMessage? found = null;
        await WaitUntilAsync(() => (found = _messages.FirstOrDefault(m => m.ChatId == chatId && match(m))) is not null, what, timeoutMs);
        return found!;
    }

    // ---- serving ----

    private async Task ServeAsync(HttpContext context, string token, string method)
    {
        var parameters = await ReadParametersAsync(context.Request);
        var request = new FakeRequest(method, parameters, _clock.GetUtcNow());
        _requests.Enqueue(request);
        if (token != Token || _tokenRevoked)
        {
            await WriteAsync(context, Error(401, "Unauthorized"));
            return;
        }
        if (TakeFault(method, request.ChatId) is { } fault)
        {
            await WriteAsync(context, fault.Code == 429
                ? Error(429, $"Too Many Requests: retry after {fault.RetryAfter ?? 1}", new JsonObject { ["retry_after"] = fault.RetryAfter ?? 1 })
                : Error(fault.Code, fault.Code switch
                {
                    400 => "Bad Request: chat not found",
                    404 => "Not Found: method not found",
                    _ => "Internal Server Error",
                }));
            return;
        }
        if (EnforceLimits && method is "sendMessage" or "sendPhoto" or "sendDocument" or "sendPoll" && request.ChatId is { } limited
            && RateLimit(limited, request.At) is { } retryAfter)
        {
            Interlocked.Increment(ref _limitViolations);
            await WriteAsync(context, Error(429, $"Too Many Requests: retry after {retryAfter}", new JsonObject { ["retry_after"] = retryAfter }));
            return;
        }
        JsonNode response = method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "DiscussionBot", ["username"] = BotUsername, ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false }),
            "getUpdates" => Ok(await GetUpdatesAsync(parameters, context.RequestAborted)),
            "deleteWebhook" or "setWebhook" or "sendChatAction" or "answerCallbackQuery" => Ok(true),
            "setMyCommands" => SetMyCommands(parameters),
            "getChatAdministrators" => Ok(Administrators(request.ChatId ?? 0)),
            "sendMessage" => SendMessage(method, parameters, parameters["text"]?.GetValue<string>() ?? ""),
            "sendPhoto" or "sendDocument" => SendMessage(method, parameters, parameters["caption"]?.GetValue<string>() ?? "", caption: true),
            "sendPoll" => SendPoll(parameters),
            "stopPoll" => StopPoll(parameters),
            _ => Error(404, "Not Found: method not found"),
        };
        await WriteAsync(context, response);
    }

    private (int Code, int? RetryAfter)? TakeFault(string method, long? chatId)
    {
        lock (_gate)
        {
            if (chatId is { } id && _faults.TryGetValue((method, id), out var queue) && queue.Count > 0)
            {
                return queue.Dequeue();
            }
            return _faults.TryGetValue((method, AnyChat), out var any) && any.Count > 0 ? any.Dequeue() : null;
        }
    }

    /// <summary>Telegram's limits as its FAQ gives them; returns the retry_after (whole seconds, as Telegram sends)
    /// when this send breaks one, else records it.</summary>
    private int? RateLimit(long chatId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_sendsByChat.TryGetValue(chatId, out var sends))
            {
                _sendsByChat[chatId] = sends = [];
            }
            TimeSpan? wait = null;
            void Need(DateTimeOffset free)
            {
                if (free - LimitTolerance > at)
                {
                    var w = free - at;
                    wait = wait is { } old && old > w ? old : w;
                }
            }
            if (sends.Count > 0)
            {
                Need(sends[^1] + TimeSpan.FromSeconds(1));
            }
            if (chatId < 0 && sends.Count >= 20)
            {
                Need(sends[^20] + TimeSpan.FromMinutes(1));
            }
            while (_recentSends.Count > 0 && _recentSends.Peek() + TimeSpan.FromSeconds(1) <= at)
            {
                _recentSends.Dequeue();
            }
            if (_recentSends.Count >= 30)
            {
                Need(_recentSends.Peek() + TimeSpan.FromSeconds(1));
            }
            if (wait is { } retry)
            {
                return Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
            }
            sends.Add(at);
            _recentSends.Enqueue(at);
            return null;
        }
    }

    private async Task<JsonArray> GetUpdatesAsync(JsonObject parameters, CancellationToken aborted)
    {
        Interlocked.Increment(ref GetUpdatesCalls);
        var offset = parameters["offset"]?.GetValue<int>() ?? 0;
        var limit = parameters["limit"]?.GetValue<int>() ?? 100;
        var timeout = parameters["timeout"]?.GetValue<int>() ?? 0;
        var deadline = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                // Bot API: an offset confirms every update before it; they are never returned again.
                if (offset > _confirmedOffset)
                {
                    _confirmedOffset = offset;
                    _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                }
                if (_updates.Count > 0)
                {
                    return new JsonArray(_updates.Take(limit).Select(u => (JsonNode?)u.DeepClone()).ToArray());
                }
                changed = _updatesChanged.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return [];
            }
            try
            {
                await changed.WaitAsync(left, aborted);
            }
            catch (TimeoutException)
            {
                return [];
            }
            catch (OperationCanceledException)
            {
                return [];
            }
        }
    }

    private JsonNode SetMyCommands(JsonObject parameters)
    {
        foreach (var command in parameters["commands"]?.AsArray() ?? [])
        {
            var name = command!["command"]!.GetValue<string>();
            var description = command["description"]!.GetValue<string>();
            if (name.Length is < 1 or > 32 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || description.Length is < 1 or > 256)
            {
                return Error(400, "Bad Request: BOT_COMMAND_INVALID");
            }
        }
        lock (_gate)
        {
            _menus[parameters["scope"]?["type"]?.GetValue<string>() ?? "default"] =
                (parameters["commands"]?.AsArray() ?? []).Select(c => c!["command"]!.GetValue<string>()).ToList();
        }
        return Ok(true);
    }

    private JsonArray Administrators(long chatId)
    {
        lock (_gate)
        {
            var ids = _admins.TryGetValue(chatId, out var set) ? set.ToList() : [];
            return new JsonArray(ids.Select((id, i) => (JsonNode?)(i == 0
                ? new JsonObject { ["status"] = "creator", ["user"] = User(id), ["is_anonymous"] = false }
                : Administrator(id))).ToArray());
        }
    }

    private JsonNode SendMessage(string method, JsonObject parameters, string text, bool caption = false)
    {
        var chatId = long.Parse(parameters["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        // The Bot API takes the mode case-insensitively (Telegram.Bot sends "Html").
        var html = string.Equals(parameters["parse_mode"]?.GetValue<string>(), "HTML", StringComparison.OrdinalIgnoreCase);
        string visible;
        List<string> links = [];
        if (html)
        {
            var parsed = ParseHtml(text, links);
            if (parsed is null)
            {
                return Error(400, "Bad Request: can't parse entities: unsupported start tag or unclosed tag");
            }
            visible = parsed;
        }
        else
        {
            visible = text;
        }
        if (visible.Length > (caption ? 1024 : 4096))
        {
            return Error(400, caption ? "Bad Request: message caption is too long" : "Bad Request: message is too long");
        }
        if (!caption && visible.Trim().Length == 0)
        {
            return Error(400, "Bad Request: message text is empty");
        }
        if (CheckKeyboard(parameters) is { } keyboardError)
        {
            return keyboardError;
        }
        var message = NewMessage(chatId);
        if (method == "sendMessage")
        {
            message["text"] = visible;
        }
        else
        {
            message[method == "sendPhoto" ? "photo" : "document"] = method == "sendPhoto"
                ? new JsonArray(new JsonObject { ["file_id"] = "photo" + message["message_id"], ["file_unique_id"] = "u" + message["message_id"], ["width"] = 800, ["height"] = 600 })
                : new JsonObject { ["file_id"] = "doc" + message["message_id"], ["file_unique_id"] = "u" + message["message_id"], ["file_name"] = parameters["document"]?.ToString() };
            if (visible.Length > 0)
            {
                message["caption"] = visible;
            }
        }
        _messages.Enqueue(new FakeMessage(method, chatId, message["message_id"]!.GetValue<int>(), html ? text : null, visible, links, parameters, null) { At = _clock.GetUtcNow() });
        return Ok(message);
    }

    private JsonNode SendPoll(JsonObject parameters)
    {
        var chatId = long.Parse(parameters["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        var options = parameters["options"]?.AsArray() ?? [];
        var question = parameters["question"]?.GetValue<string>() ?? "";
        if (question.Length is < 1 or > 300 || options.Count is < 1 or > 12)
        {
            return Error(400, "Bad Request: poll must have a question of 1-300 characters and 1-12 options");
        }
        var openPeriod = parameters["open_period"]?.GetValue<int>();
        if (openPeriod is < 5 or > 2628000)
        {
            return Error(400, "Bad Request: wrong open period specified");
        }
        if (CheckKeyboard(parameters) is { } keyboardError)
        {
            return keyboardError;
        }
        string pollId;
        JsonObject poll;
        lock (_gate)
        {
            pollId = (_nextPollId++).ToString(CultureInfo.InvariantCulture);
            poll = new JsonObject
            {
                ["id"] = pollId,
                ["question"] = question,
                ["options"] = new JsonArray(options.Select((o, i) => (JsonNode?)new JsonObject { ["persistent_id"] = $"{pollId}-{i}", ["text"] = o!["text"]!.GetValue<string>(), ["voter_count"] = 0 }).ToArray()),
                ["total_voter_count"] = 0,
                ["is_closed"] = false,
                ["is_anonymous"] = parameters["is_anonymous"]?.GetValue<bool>() ?? true,
                ["type"] = parameters["type"]?.GetValue<string>() ?? "regular",
                ["allows_multiple_answers"] = parameters["allows_multiple_answers"]?.GetValue<bool>() ?? false,
                ["allows_revoting"] = true,
                ["members_only"] = false,
            };
            if (openPeriod is { } period)
            {
                poll["open_period"] = period;
            }
            _polls[pollId] = poll;
        }
        var message = NewMessage(chatId);
        message["poll"] = poll.DeepClone();
        _messages.Enqueue(new FakeMessage("sendPoll", chatId, message["message_id"]!.GetValue<int>(), null, question, [], parameters, pollId) { At = _clock.GetUtcNow() });
        return Ok(message);
    }

    private JsonNode StopPoll(JsonObject parameters)
    {
        var chatId = long.Parse(parameters["chat_id"]!.ToString(), CultureInfo.InvariantCulture);
        var messageId = parameters["message_id"]!.GetValue<int>();
        var sent = _messages.FirstOrDefault(m => m.ChatId == chatId && m.MessageId == messageId && m.PollId is not null);
        if (sent is null)
        {
            return Error(400, "Bad Request: message with poll to stop not found");
        }
        lock (_gate)
        {
            var poll = _polls[sent.PollId!];
            if (poll["is_closed"]!.GetValue<bool>())
            {
                return Error(400, "Bad Request: poll has already been closed");
            }
            poll["is_closed"] = true;
            return Ok(poll.DeepClone());
        }
    }

    private static JsonNode? CheckKeyboard(JsonObject parameters)
    {
        if (parameters["reply_markup"]?["inline_keyboard"] is not JsonArray rows)
        {
            return null;
        }
        foreach (var button in rows.SelectMany(r => r!.AsArray()))
        {
            var data = button!["callback_data"]?.GetValue<string>();
            if (data is not null && Encoding.UTF8.GetByteCount(data) is < 1 or > 64)
            {
                return Error(400, "Bad Request: BUTTON_DATA_INVALID");
            }
        }
        return null;
    }

    private JsonObject NewMessage(long chatId) => new()
    {
        ["message_id"] = NextMessageId(),
        ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "DiscussionBot", ["username"] = BotUsername },
        ["date"] = UnixNow(),
        ["chat"] = Chat(chatId),
    };

    private int NextMessageId() => Interlocked.Increment(ref _nextMessageId);

    /// <summary>Telegram's HTML: the supported tags, balanced; &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities;
    /// a bare &lt; or &amp; is a parse error. Returns the visible text, or null when Telegram would refuse it.</summary>
    public static string? ParseHtml(string html, List<string> links)
    {
        var visible = new StringBuilder(html.Length);
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return null;
                }
                var tag = html[(i + 1)..end];
                if (tag.StartsWith('/'))
                {
                    if (open.Count == 0 || open.Pop() != tag[1..].Trim())
                    {
                        return null;
                    }
                }
                else
                {
                    var space = tag.IndexOf(' ');
                    var name = space < 0 ? tag : tag[..space];
                    if (!AllowedTags.Contains(name))
                    {
                        return null;
                    }
                    if (name == "a")
                    {
                        var href = System.Text.RegularExpressions.Regex.Match(tag, "href=\"([^\"]*)\"");
                        if (!href.Success)
                        {
                            return null;
                        }
                        links.Add(WebUtility.HtmlDecode(href.Groups[1].Value));
                    }
                    open.Push(name);
                }
                i = end + 1;
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end < 0 || end - i > 10)
                {
                    return null;
                }
                var entity = html[i..(end + 1)];
                var decoded = entity switch
                {
                    "&lt;" => "<",
                    "&gt;" => ">",
                    "&amp;" => "&",
                    "&quot;" => "\"",
                    _ when entity.StartsWith("&#", StringComparison.Ordinal) => WebUtility.HtmlDecode(entity),
                    _ => null,
                };
                if (decoded is null)
                {
                    return null;
                }
                visible.Append(decoded);
                i = end + 1;
            }
            else if (c == '>')
            {
                return null;
            }
            else
            {
                visible.Append(c);
                i++;
            }
        }
        return open.Count == 0 ? visible.ToString() : null;
    }

    private static async Task<JsonObject> ReadParametersAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var result = new JsonObject();
            foreach (var (key, value) in form)
            {
                var text = value.ToString();
                result[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : text;
            }
            foreach (var file in form.Files)
            {
                result[file.Name] = $"{file.FileName} ({file.Length} bytes)";
            }
            return result;
        }
        if (request.ContentLength is 0 || request.ContentType is null)
        {
            return [];
        }
        return (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? [];
    }

    private static JsonArray Reactions(string[] emoji) => new(emoji.Select(e => (JsonNode?)Emoji(e)).ToArray());

    private static JsonObject Emoji(string emoji) => new() { ["type"] = "emoji", ["emoji"] = emoji };

    private static JsonObject Member(long userId) => new() { ["status"] = "member", ["user"] = User(userId) };

    private static JsonObject Administrator(long userId)
    {
        var admin = new JsonObject { ["status"] = "administrator", ["user"] = User(userId) };
        foreach (var flag in new[] { "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories" })
        {
            admin[flag] = flag is "can_manage_chat" or "can_delete_messages";
        }
        return admin;
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Ok(bool result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description, JsonObject? parameters = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
        {
            error["parameters"] = parameters;
        }
        return error;
    }

    private static async Task WriteAsync(HttpContext context, JsonNode response)
    {
        context.Response.StatusCode = response["ok"]!.GetValue<bool>() ? 200 : response["error_code"]!.GetValue<int>();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }
}
