using System.Globalization;
using System.Text;
using System.Text.Json;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary>Turns polls, votes and reactions into CSV or JSON. Voters appear only as pseudonyms.</summary>
public sealed class Exporter(IPollStore polls, IEventLog events, IClaimStore claims, IArticleStore articles, IInsightLog insight)
{
    public static readonly string[] Kinds = ["polls", "votes", "reactions", "ratings", "shifts"];

    public FileAttachment Export(string communityId, string kind, Topic? topic, bool json)
    {
        var communityPolls = polls.ByCommunity(communityId).Where(p => topic is null || p.TopicId == topic.Id).ToList();
        var pollIds = communityPolls.Select(p => p.Id).ToHashSet();
        List<string[]> rows;
        string[] header;
        switch (kind)
        {
            case "polls":
                header = ["poll_id", "question", "options", "claim_id", "multiple", "anonymous", "hidden_until_close", "created_at", "closes_at", "closed_at", "voters", "counts"];
                rows = communityPolls.Select(p =>
                {
                    var current = PollService.CurrentVotes(events.VotesOf(p.Id)).ToList();
                    var counts = p.Options.Select((_, i) => current.Count(v => v.Options.Contains(i)));
                    return new[] { I(p.Id), p.Question, string.Join(" | ", p.Options), I(p.ClaimId), B(p.MultipleChoice), B(p.Anonymous), B(p.HiddenUntilClose), T(p.CreatedAt), T(p.ClosesAt), T(p.ClosedAt), I(current.Count), string.Join(" | ", counts) };
                }).ToList();
                break;
            case "votes":
                header = ["event_id", "poll_id", "voter", "options", "at"];
                rows = events.VotesOfCommunity(communityId).Where(v => pollIds.Contains(v.PollId)).OrderBy(v => v.Seq)
                    .Select(v => new[] { v.Id, I(v.PollId), v.Voter, v.Options.Count == 0 ? "(retracted)" : string.Join(" | ", v.Options.Select(o => I(o + 1))), T(v.At) }).ToList();
                break;
            case "reactions":
                var topicArticles = topic is null ? null : articles.KeysInTopic(topic.Id).Select(a => a.Id).ToHashSet();
                var topicClaims = topic is null ? null : claims.ByTopic(communityId, topic.Id).Select(c => c.Id).ToHashSet();
                header = ["message", "post_kind", "article_id", "story_id", "claim_id", "poll_id", "source", "voter", "emoji", "added", "at"];
                rows = events.ReactionsOfCommunity(communityId)
                    .Where(r => topic is null || (r.ArticleId is { } a && topicArticles!.Contains(a)) || (r.ClaimId is { } c && topicClaims!.Contains(c)) || (r.PollId is { } p && pollIds.Contains(p)))
                    .OrderBy(r => r.Seq)
                    .Select(r => new[] { r.MessageKey, r.Kind.ToString().ToLowerInvariant(), I(r.ArticleId), r.StoryId ?? "", I(r.ClaimId), I(r.PollId), r.Source ?? "", r.Voter, r.Emoji, B(r.Added), T(r.At) }).ToList();
                break;
            case "ratings":
                // Fairness ratings under /viewpoints: one current rating per voter, story and source.
                var topicStories = topic is null ? null : articles.KeysInTopic(topic.Id).Select(a => a.StoryId).OfType<string>().ToHashSet(StringComparer.Ordinal);
                header = ["story_id", "source", "stance_label", "article_id", "voter", "rating", "at"];
                rows = insight.RatingsOf(communityId).Where(r => topicStories is null || topicStories.Contains(r.StoryId)).OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal)
                    .Select(r => new[] { r.StoryId, r.Source, r.StanceLabel, I(r.ArticleId), r.Voter, r.Fair ? "fair" : "unfair", T(r.At) }).ToList();
                break;
            case "shifts":
                // Before/after answers of belief-shift polls (named b<poll_id> in chat).
                var shiftPolls = insight.ShiftPollsOf(communityId).ToDictionary(p => p.Id);
                var shiftStories = topic is null ? null : articles.KeysInTopic(topic.Id).Select(a => a.StoryId).OfType<string>().ToHashSet(StringComparer.Ordinal);
                header = ["poll", "story_id", "claim_id", "question", "voter", "phase", "answer", "at"];
                rows = insight.AnswersOfCommunity(communityId)
                    .Where(a => shiftPolls.TryGetValue(a.PollId, out var sp) && (shiftStories is null || shiftStories.Contains(sp.StoryId)))
                    .OrderBy(a => a.PollId).ThenBy(a => a.At).ThenBy(a => a.Id, StringComparer.Ordinal)
                    .Select(a =>
                    {
                        var sp = shiftPolls[a.PollId];
                        return new[] { "b" + I(a.PollId), sp.StoryId, I(sp.ClaimId), sp.Question, a.Voter, a.Phase.ToString().ToLowerInvariant(), a.Option >= 0 && a.Option < sp.Options.Count ? sp.Options[a.Option] : I(a.Option + 1), T(a.At) };
                    }).ToList();
                break;
            default:
                throw new ArgumentException($"unknown export kind {kind}", nameof(kind));
        }
        var name = $"{kind}{(topic is null ? "" : "-" + topic.Slug)}";
        return json
            ? new FileAttachment(ToJson(header, rows), name + ".json", "application/json")
            : new FileAttachment(ToCsv(header, rows), name + ".csv", "text/csv");
    }

    // CSV by hand: RFC 4180 quoting is a few lines, not worth a dependency.
    internal static byte[] ToCsv(string[] header, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            sb.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());

        static string Quote(string field)
        {
            // A leading = + - @ would be read as a formula by spreadsheets: neutralize it.
            var safe = field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "'" + field : field;
            return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
        }
    }

    private static byte[] ToJson(string[] header, IEnumerable<string[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < header.Length; i++)
                {
                    writer.WriteString(header[i], row[i]);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return stream.ToArray();
    }

    private static string I(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string B(bool value) => value ? "true" : "false";

    private static string T(DateTimeOffset? value) => value?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
}

/// <summary><c>/export polls|votes|reactions [topic] [json]</c>: a CSV (or JSON) file for moderators.</summary>
public sealed class ExportHandler(Exporter exporter, ITopicStore topics) : ICommandHandler
{
    public CommandInfo Info { get; } = new("export", "polls|votes|reactions|ratings|shifts [topic] [csv|json]", "export polls, votes, reactions, fairness ratings or before/after answers as a file", "/export votes housing", Moderator: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // The text line and Discord's options both become an ExportCommand record.
        var parsed = ExportCommand.Parse(request, Exporter.Kinds);
        if (parsed.Command is not { } command)
        {
            return ValueTask.FromResult(Reply.Problem(parsed.Problem!));
        }
        Topic? topic = null;
        if (command.Topic is { } slug && (topic = topics.Find(request.CommunityId, slug)) is null)
        {
            return ValueTask.FromResult(Reply.UnknownTopic(slug));
        }
        var file = exporter.Export(request.CommunityId, command.Kind, topic, command.Json);
        return ValueTask.FromResult(new Reply { Text = RichText.Plain($"Export of {command.Kind}{(topic is null ? "" : " in " + topic.Slug)}: {file.FileName}. Voters appear only as pseudonyms."), File = file });
    }
}

/// <summary><c>/forgetme</c>: deletes the caller's votes and reactions after a confirmation button.</summary>
public sealed class ForgetMeHandler : ICommandHandler, IButtonHandler
{
    private readonly IEventLog _events;
    private readonly VoterIds _voters;
    private readonly PollService _polls;
    private readonly IInsightLog _insight;

    public ForgetMeHandler(IEventLog events, VoterIds voters, PollService polls, IInsightLog insight)
    {
        _events = events;
        _voters = voters;
        _polls = polls;
        _insight = insight;
    }

    public CommandInfo Info { get; } = new("forgetme", "", "delete your votes, reactions, fairness ratings and before/after answers (asks to confirm)", "/forgetme");

    public string Prefix => "forget";

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Reply
        {
            Text = RichText.Plain("This deletes every vote, reaction, fairness rating and before/after answer of yours that the bot has logged (and which stories you opened), in every community. It cannot be undone."),
            Buttons = [[new ReplyButton("Yes, forget me", "forget:yes"), new ReplyButton("Cancel", "forget:no")]],
        });

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        if (payload != "yes")
        {
            return ValueTask.FromResult(Reply.Of("Nothing was deleted."));
        }
        var voter = _voters.Of(press.Where.Platform, press.Author.Id);
        var deleted = _events.Forget(voter);
        var insight = _insight.Forget(voter);
        _polls.Forget();
        return ValueTask.FromResult(Reply.Of($"Done: {deleted} vote and reaction event(s) and {insight} rating(s), before/after answer(s) and story open(s) of yours were deleted."));
    }
}
