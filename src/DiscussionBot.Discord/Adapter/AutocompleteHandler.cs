using System.Globalization;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Answers autocomplete interactions (type 4) for the options named topic, story, claim and poll, from the database:
/// at most 25 choices of at most 100 characters, matching what the member has typed so far. Discord gives 3 seconds
/// and no deferral, so this reads the stores directly and never runs on the busy lanes.
/// </summary>
public sealed class AutocompleteHandler(
    ITopicStore topics,
    IStoryStore stories,
    IClaimStore claims,
    IPollStore polls,
    DiscordRestClient rest)
{
    public const int MaxChoices = 25;
    public const int MaxChoiceLength = 100;

    /// <summary>The options that suggest from the database, by name.</summary>
    public static readonly IReadOnlySet<string> Suggesting = new HashSet<string>(StringComparer.Ordinal) { "topic", "story", "claim", "poll" };

    public async Task HandleAsync(Interaction interaction, CancellationToken ct)
    {
        var choices = Suggest(interaction);
        await rest.CreateAutocompleteResponseAsync(interaction.Id, interaction.Token, choices, ct);
    }

    public IReadOnlyList<ApplicationCommandOptionChoice> Suggest(Interaction interaction)
    {
        var focused = Focused(interaction.Data?.Options);
        if (focused is null || interaction.GuildId is not { } guild)
        {
            return [];
        }

        var community = $"{DiscordPosts.Platform}:{guild}";
        var typed = focused.Value is { ValueKind: System.Text.Json.JsonValueKind.String } v ? v.GetString() ?? "" : focused.Value?.GetRawText() ?? "";
        typed = typed.Trim();
        IEnumerable<(string Name, string Value)> candidates = focused.Name switch
        {
            "topic" => topics.List(community).Select(t => (t.Slug, t.Slug)),
            "story" => stories.All().Select(s => (s.Title, s.Id)),
            "claim" => topics.List(community).SelectMany(t => claims.ByTopic(community, t.Id))
                .DistinctBy(c => c.Id).Select(c => ($"{c.Key}: {c.Text}", c.Key)),
            "poll" => polls.ByCommunity(community).OrderByDescending(p => p.Id)
                .Select(p => ($"{p.Id.ToString(CultureInfo.InvariantCulture)}: {p.Question}", p.Id.ToString(CultureInfo.InvariantCulture))),
            _ => [],
        };

        return [.. candidates
            .Where(c => typed.Length == 0 || c.Name.Contains(typed, StringComparison.OrdinalIgnoreCase) || c.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Where(c => c.Value.Length is > 0 and <= MaxChoiceLength)
            .Take(MaxChoices)
            .Select(c => new ApplicationCommandOptionChoice(Clip(c.Name), c.Value))];
    }

    private static InteractionDataOption? Focused(IReadOnlyList<InteractionDataOption>? options)
    {
        foreach (var option in options ?? [])
        {
            if (option.Focused == true)
            {
                return option;
            }

            if (Focused(option.Options) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static string Clip(string name)
    {
        var oneLine = string.Join(' ', name.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (oneLine.Length == 0)
        {
            oneLine = "(untitled)";
        }

        return oneLine.Length <= MaxChoiceLength ? oneLine : oneLine[..(MaxChoiceLength - 1)] + "…";
    }
}
