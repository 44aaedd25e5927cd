using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/source set &lt;domain or name&gt; &lt;stance label&gt;</c>: a free-text label on the community's own axes.</summary>
public sealed class SourceHandler(ISourceStore sources, AuditTrail audit, TimeProvider time) : ICommandHandler
{
    public const int MaxLabel = 60;

    public CommandInfo Info { get; } = new("source", "set <domain or name> <stance label>", "label a source's stance on this community's own axes", "/source set riverside-herald.example pro-development", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become a SourceSet record.
        var parsed = SourceSet.Parse(request);
        if (parsed.Command is not { } command)
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        var key = SourceKeys.Normalize(command.Source);
        var label = command.Label;
        if (key.Length is 0 or > 100)
        {
            return ValueTask.FromResult(Reply.Problem("A source is a domain or a name of at most 100 characters."));
        }
        if (label.Length == 0)
        {
            return ValueTask.FromResult(Reply.Problem(SourceSet.Usage));
        }
        if (label.Length > MaxLabel)
        {
            return ValueTask.FromResult(Reply.Problem($"A stance label is at most {MaxLabel} characters."));
        }
        var existing = sources.Find(request.CommunityId, key);
        sources.Upsert(new Source
        {
            Id = existing?.Id ?? 0,
            CommunityId = request.CommunityId,
            Key = key,
            DisplayName = existing?.DisplayName ?? command.Source,
            StanceLabel = label,
            UpdatedAt = time.GetUtcNow(),
        });
        audit.Record(request.CommunityId, request.Author, "source set", $"{key}: {label}" + (existing is null ? "" : $" (was {existing.StanceLabel})"));
        return ValueTask.FromResult(Reply.Of($"{key} is now labelled \"{label}\"."));
    }
}

/// <summary><c>/sources</c>: the labelled sources of this community.</summary>
public sealed class SourcesHandler(ISourceStore sources) : ICommandHandler
{
    public CommandInfo Info { get; } = new("sources", "", "the sources and their stance labels", "/sources");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var list = sources.List(request.CommunityId);
        if (list.Count == 0)
        {
            return ValueTask.FromResult(Reply.Of("No source has a stance label yet. A moderator sets one with /source set <domain> <label>."));
        }
        var b = new RichTextBuilder().Bold($"Sources ({list.Count})").NewLine();
        foreach (var source in list.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            b.Code(source.Key).Text(" — ").Italic(source.StanceLabel).NewLine();
        }
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }
}
