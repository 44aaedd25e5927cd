using System.Text;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Host.Console;

/// <summary>The console chat: the same commands as the platforms, on stdin/stdout. Works with piped input
/// (one command a line, every reply printed) and stops the host at the end of input.</summary>
public sealed partial class ConsoleChatService(
    ConsoleIO io,
    IServiceScopeFactory scopes,
    IPostLog posts,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<ConsoleOptions> options,
    ILogger<ConsoleChatService> logger) : BackgroundService
{
    public const string Platform = "console";
    private const string ModeratorName = "moderator";

    private readonly PlainTextRenderer _renderer = new(options.Value.AttachmentDirectory);
    private readonly ChatLocation _where = new(Platform, "local", "local");
    private ChatUser _user = new("local", ModeratorName, IsModerator: true);
    private IReadOnlyList<ReplyButton> _lastButtons = [];
    private int _messageCounter;
    private int _linesRead;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and print its own lines) before the first prompt.
        await Task.Yield();
        if (io.Interactive)
        {
            await io.Out.WriteLineAsync("DiscussionBot console. You are a moderator. /help lists commands, /as <name> continues as a member, Ctrl+D quits.");
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (io.Interactive)
                {
                    await io.Out.WriteAsync($"{_user.Name}> ");
                    await io.Out.FlushAsync(stoppingToken);
                }
                var line = await ReadCommandAsync(stoppingToken);
                if (line is null)
                {
                    if (_linesRead == 0 && io.RequireInput)
                    {
                        LogNothingToRun(Cli.CommandLine.NothingToRunMessage);
                        Environment.ExitCode = Core.Operations.BotExitCodes.NothingToRun;
                    }
                    break;
                }
                _linesRead++;
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }
                await HandleLineAsync(line, stoppingToken);
                await io.Out.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>A line ending in a backslash continues on the next line (for pasting an article after /add).</summary>
    private async Task<string?> ReadCommandAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct);
        if (line is null || !line.EndsWith('\\'))
        {
            return line;
        }
        var sb = new StringBuilder(line[..^1]);
        while (true)
        {
            var next = await ReadLineAsync(ct);
            if (next is null)
            {
                return sb.ToString();
            }
            sb.Append('\n');
            if (!next.EndsWith('\\'))
            {
                return sb.Append(next).ToString();
            }
            sb.Append(next[..^1]);
        }
    }

    // Console.In's ReadLineAsync blocks the calling thread and ignores cancellation: read on a thread of its
    // own, so a shutdown (Ctrl+C, SIGTERM) goes on without waiting for a line that may never come.
    private async Task<string?> ReadLineAsync(CancellationToken ct) =>
        await Task.Factory.StartNew(io.In.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(ct);

    internal async Task HandleLineAsync(string line, CancellationToken ct)
    {
        if (!ArgumentParser.TryParseCommand(line, out var name, out var arguments, out _))
        {
            // A plain message, as in a group chat: a posted link may get an automatic summary.
            if (!await DispatchAsync(new MessagePosted(_where, _user, time.GetUtcNow(), line), ct))
            {
                await WriteAsync("Commands start with a slash, e.g. /help.");
            }
            return;
        }
        switch (name)
        {
            case "as":
                SwitchUser(arguments);
                return;
            case "press":
                if (!int.TryParse(arguments, out var n) || n < 1 || n > _lastButtons.Count)
                {
                    await WriteAsync(_lastButtons.Count == 0 ? "⚠ The last reply has no buttons." : $"⚠ Press a button from 1 to {_lastButtons.Count}.");
                    return;
                }
                await DispatchAsync(new ButtonPressed(_where, _user, time.GetUtcNow(), _lastButtons[n - 1].Data), ct);
                return;
            case "react":
                await ReactAsync(arguments, ct);
                return;
            default:
                await DispatchAsync(new CommandReceived(_where, _user, time.GetUtcNow(), name, arguments), ct);
                return;
        }
    }

    private async Task ReactAsync(string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var message) || message < 1 || message > _messageCounter || parts[1].Length > 32)
        {
            await WriteAsync($"⚠ Usage: /react <message number> <emoji>, where the number is the one in [#n] before a bot reply (1–{_messageCounter}).");
            return;
        }
        var added = !parts[1].StartsWith('-');
        var emoji = added ? parts[1] : parts[1][1..];
        await DispatchAsync(new ReactionChanged(_where, _user, time.GetUtcNow(), new MessageRef(Platform, _where.ChatId, message.ToString(System.Globalization.CultureInfo.InvariantCulture)), emoji, added), ct);
        await WriteAsync(added ? $"(you reacted {emoji} to #{message})" : $"(you removed {emoji} from #{message})");
    }

    private void SwitchUser(string arguments)
    {
        var name = arguments.Trim();
        if (name.Length == 0 || name.Length > 40 || name.Any(char.IsWhiteSpace))
        {
            io.Out.WriteLine("⚠ Usage: /as <name> (one word) continues as a member; /as moderator switches back.");
            return;
        }
        _user = name.Equals(ModeratorName, StringComparison.OrdinalIgnoreCase)
            ? new ChatUser("local", ModeratorName, IsModerator: true)
            : new ChatUser("local:" + name.ToLowerInvariant(), name, IsModerator: false);
        io.Out.WriteLine(_user.IsModerator ? "You are the moderator again." : $"You are now {name}, a member.");
    }

    /// <summary>Routes the event and prints the reply; returns whether there was one.</summary>
    private async Task<bool> DispatchAsync(ChatEvent chatEvent, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        if (router.IsSlow(chatEvent))
        {
            await WriteAsync("… working");
        }
        Reply? reply;
        try
        {
            reply = await router.HandleAsync(chatEvent, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Console event failed");
            await WriteAsync("⚠ Something went wrong; see the log.");
            return true;
        }
        if (reply is null)
        {
            return false;
        }
        var number = Interlocked.Increment(ref _messageCounter);
        var text = _renderer.Render(reply, out var buttons);
        _lastButtons = buttons;
        if (reply.About is { } about)
        {
            var message = new MessageRef(Platform, _where.ChatId, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            posts.Record(BotPost.Of(message, _where, about, time.GetUtcNow()));
        }
        await WriteAsync($"[#{number}] {text}");
        return true;
    }

    private Task WriteAsync(string text) => io.Out.WriteLineAsync(text);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogNothingToRun(string message);
}

/// <summary>Section <c>Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Where the console saves chart images and exported files it is sent.</summary>
    public string AttachmentDirectory { get; init; } = "data/console";
}
