namespace DiscussionBot.Discord.Rest;

/// <summary>
/// A request's identity for rate limiting. Discord limits per route and per top-level resource
/// (channel, guild, webhook id + token), so <see cref="Template"/> replaces every id with a placeholder
/// while <see cref="MajorKey"/> keeps the top-level ids that split one route into independent buckets: channel, guild,
/// webhook id + token (so each interaction's follow-ups are their own bucket) and the interaction id of a callback.
/// </summary>
internal sealed record DiscordRoute(string Method, string Path, string Template, string MajorKey)
{
    /// <summary>Interaction callbacks and interaction webhooks are authorised by the token in the path, not the bot token.</summary>
    public bool UsesBotToken { get; } = !IsInteractionRoute(Path);

    /// <summary>"Interaction endpoints are not bound to the bot's Global Rate Limit" (rate-limits.mdx).</summary>
    public bool GlobalLimited => UsesBotToken;

    /// <summary>Method and template: the key under which the bucket hash is learned.</summary>
    public string RouteKey => $"{Method} {Template}";

    public static DiscordRoute For(HttpMethod method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var template = new string[segments.Length];
        var major = new List<string>(2);
        for (var i = 0; i < segments.Length; i++)
        {
            var previous = i > 0 ? segments[i - 1] : "";
            var beforePrevious = i > 1 ? segments[i - 2] : "";
            var segment = segments[i];
            if (previous is "channels" or "guilds")
            {
                template[i] = previous == "channels" ? "{channel_id}" : "{guild_id}";
                major.Add(segment);
            }
            else if (previous == "webhooks")
            {
                template[i] = "{webhook_id}";
                major.Add(segment);
            }
            else if (beforePrevious == "webhooks")
            {
                template[i] = "{webhook_token}";
                major.Add(segment);
            }
            else if (previous == "interactions")
            {
                // Each interaction is its own resource: its callback must never wait behind another interaction's.
                template[i] = "{interaction_id}";
                major.Add(segment);
            }
            else if (beforePrevious == "interactions")
            {
                template[i] = "{interaction_token}";
            }
            else if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                template[i] = "{id}";
            }
            else
            {
                template[i] = segment;
            }
        }

        return new DiscordRoute(method.Method, "/" + string.Join('/', segments), "/" + string.Join('/', template), string.Join('/', major));
    }

    private static bool IsInteractionRoute(string path) =>
        path.StartsWith("/interactions/", StringComparison.Ordinal)
        || (path.StartsWith("/webhooks/", StringComparison.Ordinal) && path.Count(c => c == '/') >= 3);
}
