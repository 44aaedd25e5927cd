using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiscussionBot.Core.Commands;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// The router's commands as Discord slash commands, and back: typed options where a command's arguments have a fixed
/// shape, otherwise one string option <c>arguments</c> taking the rest of the line as the console and Telegram do.
/// Moderator commands carry <c>default_member_permissions</c> = Manage Server, so Discord hides them from members
/// (server admins can widen that in their integration settings; the router still checks).
/// </summary>
public static partial class SlashCommands
{
    public const string RestOption = "arguments";
    public const int MaxDescription = 100;
    public const int MaxStringOption = 6000;

    /// <summary>Definitions for bulk overwrite, sorted by name; commands Discord cannot name are left out.</summary>
    public static IReadOnlyList<ApplicationCommandDefinition> Definitions(IEnumerable<CommandInfo> commands)
    {
        var visible = commands.Where(c => !c.Hidden && ValidName().IsMatch(c.Name) && c.Name == c.Name.ToLowerInvariant()).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return [.. visible.Select(c => new ApplicationCommandDefinition(
            c.Name,
            Describe(c.Description, c.Name),
            OptionsOf(c, visible) is { Count: > 0 } options ? options : null,
            c.Moderator ? Permissions.ForModerators : null,
            [InteractionContextType.Guild]))];
    }

    /// <summary>The options of one command, in the order their values are joined back into an argument line.</summary>
    public static IReadOnlyList<ApplicationCommandOptionDefinition> OptionsOf(CommandInfo command, IReadOnlyList<CommandInfo> all)
    {
        var max = Math.Min(command.MaxArgumentLength, MaxStringOption);
        switch (command.Name)
        {
            case "help":
                var names = all.Select(c => c.Name).Where(n => n != "help").ToList();
                return [new(ApplicationCommandOptionType.String, "command", "a command to explain", Required: false,
                    Choices: names.Count is > 0 and <= 25 ? [.. names.Select(n => new ApplicationCommandOptionChoice(n, n))] : null)];
            case "summary":
                return
                [
                    new(ApplicationCommandOptionType.String, "article", "a link or an article id", Required: true, MaxLength: max),
                    new(ApplicationCommandOptionType.String, "length", "short or long", Required: false,
                        Choices: [new("short", "short"), new("long", "long")]),
                ];
            case "results":
                return [new(ApplicationCommandOptionType.Integer, "poll", "the poll number", Required: true, MinValue: 1)];
            case "vote":
                return
                [
                    new(ApplicationCommandOptionType.Integer, "poll", "the poll number", Required: true, MinValue: 1),
                    new(ApplicationCommandOptionType.String, "options", "option numbers or texts, or none to take your vote back", Required: true, MaxLength: max),
                ];
            case "audit":
                return [new(ApplicationCommandOptionType.Integer, "count", "how many entries", Required: false, MinValue: 1, MaxValue: 100)];
            case "export":
                return
                [
                    new(ApplicationCommandOptionType.String, "kind", "what to export", Required: true,
                        Choices: [new("polls", "polls"), new("votes", "votes"), new("reactions", "reactions")]),
                    new(ApplicationCommandOptionType.String, "topic", "only this topic", Required: false, MaxLength: 100),
                    new(ApplicationCommandOptionType.String, "format", "file format", Required: false,
                        Choices: [new("csv", "csv"), new("json", "json")]),
                ];
        }

        var usage = command.Usage.Trim();
        if (usage.Length == 0)
        {
            return [];
        }

        return [new(ApplicationCommandOptionType.String, RestOption, Describe(usage, RestOption), Required: !usage.StartsWith('['), MaxLength: max)];
    }

    /// <summary>
    /// The argument line the router expects, from the options the member filled in, in the command's declared order.
    /// A typed value with spaces is quoted so it stays one argument; the rest-of-line option is passed as typed.
    /// </summary>
    public static string Arguments(IReadOnlyList<ApplicationCommandOptionDefinition> declared, IReadOnlyList<InteractionDataOption>? given)
    {
        if (given is not { Count: > 0 })
        {
            return "";
        }

        var byName = given.Where(o => o.Value is not null).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var order = declared.Select(d => d.Name).Concat(byName.Keys.Where(k => declared.All(d => d.Name != k)));
        var sb = new StringBuilder();
        foreach (var name in order)
        {
            if (!byName.TryGetValue(name, out var option))
            {
                continue;
            }

            var text = ValueText(option.Value!.Value).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var rest = name == RestOption || (name == "options" && declared.Any(d => d.Name == "options"));
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(!rest && text.Any(char.IsWhiteSpace) && !text.Contains('"', StringComparison.Ordinal) ? $"\"{text}\"" : text);
        }

        return sb.ToString();
    }

    private static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "",
    };

    private static string Describe(string text, string fallback)
    {
        var description = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        return description.Length <= MaxDescription ? description : description[..(MaxDescription - 1)] + "…";
    }

    // Discord's CHAT_INPUT name rule, lower case only (application-commands.mdx).
    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex ValidName();
}
