using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace DiscussionBot.Testing.Console;

/// <summary>Console input for a host under test, fed line by line; null is the end of input.</summary>
public sealed class ConsoleInput : TextReader
{
    private readonly BlockingCollection<string?> _lines = new();

    public void Add(string? line)
    {
        if (!_lines.IsAddingCompleted)
        {
            _lines.Add(line);
        }
    }

    public override string? ReadLine() => _lines.Take();
}

/// <summary>Console output of a host under test that can be awaited for a pattern.</summary>
public sealed class WatchedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public int Length
    {
        get { lock (_gate) { return _text.Length; } }
    }

    public string Text
    {
        get { lock (_gate) { return _text.ToString(); } }
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _text.Append(value);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public override void WriteLine(string? value) => Write(value + "\n");

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The text printed after <paramref name="mark"/> once it matches <paramref name="pattern"/>; fails when
    /// <paramref name="limit"/> passes first, or when <paramref name="host"/> (if given) ends first.</summary>
    public async Task<string> WaitForAsync(int mark, Regex pattern, TimeSpan limit, Task? host = null)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var since = _text.ToString(mark, _text.Length - mark);
                if (pattern.IsMatch(since))
                {
                    return since;
                }
                changed = _changed.Task;
            }
            if (host is { IsCompleted: true })
            {
                throw new TimeoutException($"The host ended before the console printed /{pattern}/. It printed:\n{Text[mark..]}");
            }
            try
            {
                await (host is null ? changed : Task.WhenAny(changed, host)).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The console did not print /{pattern}/ within {limit.TotalSeconds:0} s. It printed:\n{Text[mark..]}");
            }
        }
    }
}
