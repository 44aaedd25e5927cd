using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/settings [key value]</c>: shows or changes a community setting.</summary>
public sealed class SettingsHandler(ICommunityStore communities, IStateStore state, AuditTrail audit) : ICommandHandler
{
    public CommandInfo Info { get; } = new("settings", "[key value]", "show or change this community's settings", "/settings poll.duration 48h", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var community = communities.Find(request.CommunityId) ?? throw new InvalidOperationException("the router creates the community");
        // The text line and Discord's options both become a SettingsCommand record.
        var parsed = SettingsCommand.Parse(request);
        if (parsed.Command is not { } command)
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        if (command.ListsAll)
        {
            var b = new RichTextBuilder().Bold("Settings").NewLine();
            foreach (var d in CommunitySettings.All)
            {
                b.Code(d.Key).Text(" = ").Bold(CommunitySettings.Get(community, d.Key) is { Length: > 0 } v ? v : "(none)").Text($" — {d.Description}").NewLine();
            }
            return ValueTask.FromResult(Reply.Of(b.Build()));
        }
        var definition = CommunitySettings.Find(command.Key!);
        if (definition is null)
        {
            return ValueTask.FromResult(Reply.Problem($"There is no setting {Shortening.Shorten(command.Key!, 40)}. /settings lists them."));
        }
        var value = definition.Normalize(command.Value!.Trim().ToLowerInvariant());
        if (value is null)
        {
            return ValueTask.FromResult(Reply.Problem($"{definition.Key} takes {definition.Description}."));
        }
        var old = CommunitySettings.Get(community, definition.Key);
        var settings = new Dictionary<string, string>(community.Settings, StringComparer.Ordinal) { [definition.Key] = value };
        communities.Save(community with { Settings = settings });
        if (definition.Key == CommunitySettings.Digest && value == "on")
        {
            // A community (a Discord guild) has many chats: the digest goes to the one it was turned on in.
            state.Set(CommunitySettings.DigestChatKey(request.CommunityId), request.Event.Where.ChatId);
        }
        audit.Record(request.CommunityId, request.Author, "settings", $"{definition.Key} = {value} (was {old})");
        return ValueTask.FromResult(Reply.Of($"{definition.Key} is now {(value.Length == 0 ? "(none)" : value)}."));
    }
}
