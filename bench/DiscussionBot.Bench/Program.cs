using System.Globalization;
using DiscussionBot.Bench;

// dotnet run -c Release --project bench/DiscussionBot.Bench -- <name> [options]
// One benchmark a file; each prints its figures and returns 0 when its targets were met.
var name = args.Length > 0 ? args[0] : "";
int Option(string option, int fallback)
{
    var at = Array.IndexOf(args, option);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? Math.Max(1, value) : fallback;
}

// "1000,10000,100000"; a list with anything but positive whole numbers in it is refused (null), not half read.
IReadOnlyList<int>? Sizes(string option, int[] fallback)
{
    var at = Array.IndexOf(args, option);
    if (at < 0 || at + 1 >= args.Length)
    {
        return fallback;
    }
    var parts = args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToArray();
    return sizes.Length > 0 && sizes.All(n => n > 0) ? sizes : null;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return name switch
{
    "telegram" => await TelegramBench.RunAsync(Option("--updates", 5000), Console.Out, cancel.Token),
    "telegram-limits" => await TelegramLimitsBench.RunAsync(Option("--messages", 100), Option("--scale", 10), Console.Out, cancel.Token),
    "discord" => await DiscordBench.RunAsync(Option("--interactions", 50), Option("--slow", 200), Option("--mentions", 100), Option("--channels", 4),
        Option("--latency-ms", 300), Console.Out, cancel.Token),
    "dashboard" => await DashboardBench.RunAsync(Option("--reactions", 100_000), Option("--requests", 20), Console.Out, cancel.Token),
    "story-restore" => await StoryRestoreBench.RunAsync(Option("--articles", 10_000), Option("--rounds", 3), Console.Out, cancel.Token),
    "search" => Sizes("--articles", [1000, 10_000]) is { } sizes ? await SearchBench.RunAsync(sizes, Option("--queries", 200), Console.Out, cancel.Token) : Usage(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DiscussionBot.Bench telegram [--updates N]");
    Console.Error.WriteLine("       DiscussionBot.Bench telegram-limits [--messages N] [--scale S]");
    Console.Error.WriteLine("       DiscussionBot.Bench discord [--interactions 50] [--slow 200] [--mentions 100] [--channels 4] [--latency-ms 300]");
    Console.Error.WriteLine("       DiscussionBot.Bench dashboard [--reactions 100000] [--requests 20]");
    Console.Error.WriteLine("       DiscussionBot.Bench search [--articles 1000,10000,100000] [--queries 200]");
    Console.Error.WriteLine("       DiscussionBot.Bench story-restore [--articles 10000] [--rounds 3]");
    return 1;
}
