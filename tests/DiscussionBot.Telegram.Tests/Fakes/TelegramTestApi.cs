using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DiscussionBot.Telegram.Tests.Fakes;

/// <summary>telegram-test-api (npm), a third-party Bot API emulator, run with node on a loopback port: the bot talks
/// to it as to Telegram; the test plays the member through its client API (<c>POST /sendCommand</c>) and reads what the
/// bot posted (<c>POST /getUpdates</c> with the token and chat id), as its README and <c>lib/modules/telegramClient.js</c>
/// describe. It knows only some Bot API methods: getMe, getUpdates, sendMessage, deleteWebhook, setWebhook,
/// answerCallbackQuery, editMessage*, deleteMessage; others (setMyCommands, getChatAdministrators) answer a 500.</summary>
public sealed class TelegramTestApi : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _node;

    private TelegramTestApi(Process node, int port)
    {
        _node = node;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts the emulator and returns once it listens (it prints "listening"), never by sleeping.</summary>
    public static async Task<TelegramTestApi> StartAsync(int port)
    {
        var folder = EmulatorFolder();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(folder, "emulator.js"));
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var emulator = new TelegramTestApi(node, port);
        try
        {
            var line = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line != $"listening {port}")
            {
                throw new InvalidOperationException($"telegram-test-api did not start: {line ?? await node.StandardError.ReadToEndAsync()}");
            }
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
        return emulator;
    }

    /// <summary>A member's command in a private chat, as the emulator's client makes it (makeCommand).</summary>
    public async Task SendCommandAsync(string token, long userId, string text)
    {
        var end = text.IndexOf(' ', StringComparison.Ordinal);
        var message = new JsonObject
        {
            ["botToken"] = token,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["from"] = new JsonObject { ["id"] = userId, ["first_name"] = "Member", ["username"] = "member" + userId, ["is_bot"] = false },
            ["chat"] = new JsonObject { ["id"] = userId, ["first_name"] = "Member", ["username"] = "member" + userId, ["type"] = "private" },
            ["text"] = text,
            ["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = end < 0 ? text.Length : end, ["type"] = "bot_command" }),
        };
        using var response = await Http.PostAsJsonAsync(BaseUrl + "/sendCommand", message);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The bot's messages to a chat not read yet (each read once, as the emulator's client reads them).</summary>
    public async Task<IReadOnlyList<string>> ReadBotMessagesAsync(string token, long chatId)
    {
        using var response = await Http.PostAsJsonAsync(BaseUrl + "/getUpdates", new JsonObject { ["token"] = token, ["chatId"] = chatId });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body?["result"]?.AsArray().Select(u => u?["message"]?["text"]?.GetValue<string>() ?? "").ToList() ?? [];
    }

    /// <summary>Waits for the bot's messages to a chat (each read once, as the emulator's client reads them).</summary>
    public async Task<IReadOnlyList<string>> WaitForBotMessagesAsync(string token, long chatId, Action? whileWaiting = null, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var texts = await ReadBotMessagesAsync(token, chatId);
            if (texts.Count > 0)
            {
                return texts;
            }
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"telegram-test-api got no message from the bot for chat {chatId}");
            }
            whileWaiting?.Invoke();
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_node.HasExited)
            {
                _node.StandardInput.Close();
                if (!await WaitForExitAsync(TimeSpan.FromSeconds(5)))
                {
                    _node.Kill(entireProcessTree: true);
                    await _node.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _node.Dispose();
        }
    }

    private async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _node.WaitForExitAsync().WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>tests/DiscussionBot.Telegram.Tests/Emulator, where <c>npm ci</c> installed the emulator.</summary>
    private static string EmulatorFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Emulator");
            if (File.Exists(Path.Combine(candidate, "emulator.js")))
            {
                return Directory.Exists(Path.Combine(candidate, "node_modules", "telegram-test-api"))
                    ? candidate
                    : throw new InvalidOperationException($"telegram-test-api is not installed: run `npm ci` in {candidate} (.ci/run does)");
            }
        }
        throw new InvalidOperationException("tests/DiscussionBot.Telegram.Tests/Emulator not found above " + AppContext.BaseDirectory);
    }
}
