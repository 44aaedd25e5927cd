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
                    new(ApplicationCommandOptionType.String, "article", "a link, an article id or words", Required: true, MaxLength: max),
                    new(ApplicationCommandOptionType.String, "length", "short, long or bullets", Required: false,
                        Choices: [new("short", "short"), new("long", "long"), new("bullets", "bullets")]),
                ];
            case "results":
                return [Poll()];
            case "vote":
                return
                [
                    Poll(),
                    new(ApplicationCommandOptionType.String, "options", "option numbers or texts, or none to take your vote back", Required: true, MaxLength: max),
                ];
            case "audit":
                return [new(ApplicationCommandOptionType.Integer, "count", "how many entries", Required: false, MinValue: 1, MaxValue: 100)];
            case "export":
                return
                [
                    new(ApplicationCommandOptionType.String, "kind", "what to export", Required: true,
                        Choices: [new("polls", "polls"), new("votes", "votes"), new("reactions", "reactions"), new("ratings", "ratings"), new("shifts", "shifts")]),
                    Topic(required: false),
                    new(ApplicationCommandOptionType.String, "format", "file format", Required: false,
                        Choices: [new("csv", "csv"), new("json", "json")]),
                ];
            case "search":
                return [Text("words", "what to look for", true, 200)];
            case "add":
                // A slash option is one line: pasted text comes as a title and a text, joined into the text syntax's two lines.
                return
                [
                    Text("link", "the article's address", false, 2000),
                    Text("title", "the title of pasted text", false, 300),
                    Text("text", "the pasted text itself", false, MaxStringOption),
                ];
            case "articles":
                return [Topic(required: true)];
            case "stats":
                return [Topic(required: false)];
            case "blindspots":
                return [Topic(required: false), new(ApplicationCommandOptionType.Integer, "days", "only the last this many days", Required: false, MinValue: 1, MaxValue: 3660)];
            case "claims":
                return [Topic(required: true, "a topic, a story or words")];
            case "viewpoints":
                return
                [
                    new(ApplicationCommandOptionType.String, "story", "a topic, story, article id, link or words", Required: true, MaxLength: max, Autocomplete: true),
                    new(ApplicationCommandOptionType.Boolean, "poll", "start a before/after poll on the story instead", Required: false),
                ];
            case "topic":
                return
                [
                    Sub("add", "add a topic", [Text("name", "the topic's short name", true, 100), Text("description", "what it covers", false, 500)]),
                    Sub("remove", "remove a topic", [Topic(required: true)]),
                    Sub("describe", "change a topic's description", [Topic(required: true), Text("text", "the new description", true, 500)]),
                    Sub("keywords", "set a topic's keywords", [Topic(required: true), Text("words", "words and \"phrases\", comma separated", true, 900)]),
                    new(ApplicationCommandOptionType.SubCommandGroup, "feed", "a topic's RSS/Atom feeds", Options:
                    [
                        Sub("add", "follow a feed", [Topic(required: true), Text("url", "the feed's address", true, 500)]),
                        Sub("remove", "stop following a feed", [Topic(required: true), Text("url", "the feed's address", true, 500)]),
                    ]),
                ];
            case "claim":
                return
                [
                    Sub("add", "add a contested claim", [Topic(required: true), Text("text", "the claim", true, 900)]),
                    Sub("approve", "approve a candidate claim", [Claim()]),
                    Sub("reject", "reject a claim", [Claim()]),
                ];
            case "source":
                return [Sub("set", "label a source's stance", [Text("source", "a domain or a source's name", true, 200), Text("stance", "a free-text stance label", true, 100)])];
            case "settings":
                return
                [
                    new(ApplicationCommandOptionType.String, "key", "the setting (leave out to see all)", Required: false,
                        Choices: [.. SettingKeys.Select(k => new ApplicationCommandOptionChoice(k, k))]),
                    Text("value", "its new value", false, 200),
                ];
            case "poll":
                return
                [
                    Sub("claim", "a poll on a contested claim", [Claim(), .. PollFlags()]),
                    Sub("free", "a poll with your own question", [Text("question", "the question", true, 300),
                        Text("options", "the options, each in \"double quotes\"", true, 1500), .. PollFlags()]),
                ];
        }

        var usage = command.Usage.Trim();
        if (usage.Length == 0)
        {
            return [];
        }

        return [new(ApplicationCommandOptionType.String, RestOption, Describe(usage, RestOption), Required: !usage.StartsWith('['), MaxLength: max)];
    }

    /// <summary>The keys <c>/settings</c> takes, offered as choices.</summary>
    public static readonly IReadOnlyList<string> SettingKeys =
        ["poll.starters", "poll.duration", "poll.anonymous", "poll.hidden", "poll.multiple", "autosummary", "digest", "moderator.role"];

    private static ApplicationCommandOptionDefinition Poll() =>
        new(ApplicationCommandOptionType.String, "poll", "the poll number", Required: true, MaxLength: 20, Autocomplete: true);

    private static ApplicationCommandOptionDefinition Topic(bool required, string description = "the topic") =>
        new(ApplicationCommandOptionType.String, "topic", description, Required: required, MaxLength: 200, Autocomplete: true);

    private static ApplicationCommandOptionDefinition Claim() =>
        new(ApplicationCommandOptionType.String, "claim", "the claim's id", Required: true, MaxLength: 20, Autocomplete: true);

    private static ApplicationCommandOptionDefinition Text(string name, string description, bool required, int maxLength) =>
        new(ApplicationCommandOptionType.String, name, description, Required: required, MaxLength: maxLength);

    private static ApplicationCommandOptionDefinition Sub(string name, string description, IReadOnlyList<ApplicationCommandOptionDefinition> options) =>
        new(ApplicationCommandOptionType.SubCommand, name, description, Options: options);

    private static ApplicationCommandOptionDefinition[] PollFlags() =>
    [
        Text("duration", "how long it runs, e.g. 2d or 12h", false, 10),
        new(ApplicationCommandOptionType.Boolean, "multiple", "members may pick several options", Required: false),
        new(ApplicationCommandOptionType.Boolean, "anonymous", "votes are not attributed", Required: false),
        new(ApplicationCommandOptionType.Boolean, "hidden", "results stay hidden until the poll closes", Required: false),
    ];

    /// <summary>Options whose value is passed as typed, unquoted: they already are text in the command's own syntax.</summary>
    private static readonly HashSet<string> Verbatim = new(StringComparer.Ordinal) { RestOption, "options", "words", "text", "description" };

    /// <summary>
    /// The argument line the console and Telegram would type, from the options the member filled in, in the command's
    /// declared order: subcommand names become the verbs (<c>/topic feed add …</c>), except <c>/poll</c>'s claim|free,
    /// which the text syntax tells apart by its quotes; booleans become <c>--flag</c>, duration <c>--duration x</c>.
    /// A typed value with spaces is quoted so it stays one argument. No handler parses it when typed options came: the
    /// command records read <see cref="Options"/>. The router reads it for its length limit and for whether the
    /// command is slow (a link), and it is how the command shows in logs.
    /// </summary>
    public static string Arguments(IReadOnlyList<ApplicationCommandOptionDefinition> declared, IReadOnlyList<InteractionDataOption>? given, string command = "")
    {
        var words = new List<string>();
        Append(words, command, declared, given);
        return string.Join(' ', words);
    }

    /// <summary>
    /// The options as Core's <see cref="CommandOptions"/> (subcommand path, value of each leaf option), which the command
    /// records parse directly; null when the member typed the free-text <c>arguments</c> option, which is parsed as text.
    /// </summary>
    public static CommandOptions? Options(IReadOnlyList<InteractionDataOption>? given)
    {
        var path = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var level = given ?? [];
        while (level.FirstOrDefault(o => o.Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup) is { } sub)
        {
            path.Add(sub.Name);
            level = sub.Options ?? [];
        }

        foreach (var option in level.Where(o => o.Value is not null))
        {
            values.TryAdd(option.Name, ValueText(option.Value!.Value));
        }

        return values.ContainsKey(RestOption) ? null : new CommandOptions(path, values);
    }

    private static void Append(List<string> words, string command, IReadOnlyList<ApplicationCommandOptionDefinition> declared, IReadOnlyList<InteractionDataOption>? given)
    {
        if (given is not { Count: > 0 })
        {
            return;
        }

        if (command == "add")
        {
            string? Value(string name) => given.FirstOrDefault(o => o.Name == name)?.Value is { } v ? ValueText(v).Trim() : null;
            if (Value("link") is { Length: > 0 } link)
            {
                words.Add(link);
            }
            else if (Value("title") is { Length: > 0 } title)
            {
                words.Add(title + "\n" + Value("text"));
            }
            else if (Value(RestOption) is { Length: > 0 } typed)
            {
                words.Add(typed);
            }

            return;
        }

        if (given.FirstOrDefault(o => o.Type is ApplicationCommandOptionType.SubCommand or ApplicationCommandOptionType.SubCommandGroup) is { } sub)
        {
            if (command != "poll")
            {
                words.Add(sub.Name);
            }

            var nested = declared.FirstOrDefault(d => d.Name == sub.Name)?.Options ?? [];
            Append(words, command, nested, sub.Options);
            return;
        }

        var byName = given.Where(o => o.Value is not null).GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var order = declared.Select(d => d.Name).Concat(byName.Keys.Where(k => declared.All(d => d.Name != k)));
        foreach (var name in order)
        {
            if (!byName.TryGetValue(name, out var option))
            {
                continue;
            }

            var value = option.Value!.Value;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                if (value.ValueKind == JsonValueKind.True)
                {
                    words.Add("--" + name);
                }

                continue;
            }

            var text = ValueText(value).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (name == "duration")
            {
                words.Add("--duration");
            }

            var quote = command == "poll" && name == "question" || (!Verbatim.Contains(name) && text.Any(char.IsWhiteSpace));
            words.Add(quote && !text.Contains('"', StringComparison.Ordinal) ? $"\"{text}\"" : text);
        }
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
