using DiscussionBot.Host.Operations;
using Microsoft.Extensions.Configuration;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot config [key…]</c>: each value the bot would read and the source that supplied it (the
/// last one that has the key wins), secrets masked. Answers "why does my setting not take?".</summary>
public static class ConfigCommand
{
    /// <summary>The sections the bot reads; the rest of the environment is not ours to print.</summary>
    private static readonly string[] Sections = ["Bot", "Storage", "Console", "Telegram", "Discord", "Fetch", "Feeds", "Web", "Logging"];

    public static int Run(IConfigurationRoot configuration, IReadOnlyList<string> keys, TextWriter output)
    {
        var redactor = new SecretRedactor(configuration);
        var wanted = keys.Count > 0
            ? keys
            : configuration.AsEnumerable()
                .Where(kv => kv.Value is not null && Sections.Any(s => kv.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
                .Select(kv => kv.Key)
                .Order(StringComparer.OrdinalIgnoreCase)
                .ToList();
        foreach (var key in wanted)
        {
            var source = configuration.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _));
            if (source is null)
            {
                output.WriteLine($"{key} (not set: the default applies)");
                continue;
            }
            source.TryGet(key, out var value);
            output.WriteLine($"{key} = {redactor.Text(value ?? "")}    from {Describe(source)}");
        }
        return 0;
    }

    private static string Describe(IConfigurationProvider provider) => provider switch
    {
        FileConfigurationProvider file => $"{file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path}",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
