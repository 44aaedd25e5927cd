using System.Diagnostics;
using System.Text;

namespace DiscussionBot.Host.Cli;

/// <summary>The classic Open Text Summarizer binary, when it is on PATH: the side-by-side figure of eval and bench.</summary>
internal static class Ots
{
    public static async Task<string> RunAsync(string ots, string text, int percent, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(ots, $"--ratio={percent}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        })!;
        var read = process.StandardOutput.ReadToEndAsync(ct);
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var result = await read;
        await process.WaitForExitAsync(ct);
        return result;
    }


    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
