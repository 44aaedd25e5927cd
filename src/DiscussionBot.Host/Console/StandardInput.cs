namespace DiscussionBot.Host.Console;

/// <summary>What the process's standard input is, told without reading from it.</summary>
public enum StandardInputKind
{
    /// <summary>A terminal: the interactive console chat.</summary>
    Terminal,

    /// <summary>A pipe, socket or non-empty file: a script of commands (<c>printf '/help\n' | discussionbot</c>).</summary>
    Script,

    /// <summary>Closed, <c>/dev/null</c> or an empty file, as under systemd, a container without <c>-i</c> or
    /// <c>nohup</c>: nobody can type into it.</summary>
    Nothing,
}

public static class StandardInput
{
    /// <summary>Looks at file descriptor 0 through <c>/proc/self/fd/0</c> (Linux); elsewhere only tells a terminal
    /// from a redirection, and takes a redirection for a script.</summary>
    public static StandardInputKind Classify()
    {
        if (!System.Console.IsInputRedirected)
        {
            return StandardInputKind.Terminal;
        }
        if (!OperatingSystem.IsLinux())
        {
            return StandardInputKind.Script;
        }
        return Classify(new FileInfo("/proc/self/fd/0"));
    }

    internal static StandardInputKind Classify(FileInfo descriptor)
    {
        string? target;
        try
        {
            target = descriptor.Exists || descriptor.LinkTarget is not null ? descriptor.LinkTarget : null;
        }
        catch (IOException)
        {
            target = null;
        }
        if (target is null)
        {
            // fd 0 closed (./discussionbot <&-).
            return StandardInputKind.Nothing;
        }
        if (target == "/dev/null")
        {
            return StandardInputKind.Nothing;
        }
        if (target.StartsWith("pipe:", StringComparison.Ordinal))
        {
            // Started with fd 0 closed, the runtime's own first pipe (its signal pipe) lands on fd 0: no input from anyone.
            return OpenedByThisProcess(descriptor) ? StandardInputKind.Nothing : StandardInputKind.Script;
        }
        if (target.StartsWith("socket:", StringComparison.Ordinal))
        {
            return StandardInputKind.Script;
        }
        try
        {
            // A regular file: a script when it has something in it; a device other than a terminal: nothing to read.
            var file = new FileInfo(target);
            return file.Exists ? (file.Length > 0 ? StandardInputKind.Script : StandardInputKind.Nothing) : StandardInputKind.Nothing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StandardInputKind.Script;
        }
    }

    /// <summary>A descriptor inherited through exec cannot be close-on-exec; one the runtime opened itself is.</summary>
    private static bool OpenedByThisProcess(FileInfo descriptor)
    {
        const int CloseOnExec = 0x80000; // O_CLOEXEC, 02000000 octal
        try
        {
            var info = Path.Combine(descriptor.Directory!.Parent!.FullName, "fdinfo", descriptor.Name);
            var flags = File.ReadLines(info).FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & CloseOnExec) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }
}
