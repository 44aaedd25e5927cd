using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Polls;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Adapter;

/// <summary>One Discord message of a rendered reply; <see cref="NativePoll"/> marks the message that carries the poll.</summary>
public sealed record RenderedMessage(MessagePayload Payload, IReadOnlyList<FileUpload>? Files = null, bool NativePoll = false, bool ButtonPoll = false);

/// <summary>
/// Turns a Core <see cref="Reply"/> into Discord messages: escaped markdown split under 2,000 characters, buttons as
/// components on the last text message, attachments on the first, and the poll as its own message — native, or our own
/// buttons when the poll is anonymous or hides results until it closes (native polls can do neither).
/// </summary>
public static class DiscordReplyRenderer
{
    public const int MaxRows = 5;
    public const int MaxButtonsPerRow = 5;
    public const int MaxButtonLabel = 80;

    public static IReadOnlyList<RenderedMessage> Render(Reply reply, DateTimeOffset now)
    {
        var texts = RenderText(reply.Text);
        var rows = Rows(reply.Buttons);
        var files = Files(reply);
        var messages = new List<RenderedMessage>();
        for (var i = 0; i < texts.Count; i++)
        {
            var last = i == texts.Count - 1;
            messages.Add(new RenderedMessage(
                new MessagePayload(texts[i], Components: last && rows.Count > 0 ? rows : null),
                i == 0 && files.Count > 0 ? files : null));
        }

        if (messages.Count == 0 && (rows.Count > 0 || files.Count > 0 || reply.Poll is null))
        {
            // A reply with buttons or files but no text still needs a message to carry them.
            messages.Add(new RenderedMessage(new MessagePayload(files.Count > 0 ? null : "\u200B", Components: rows.Count > 0 ? rows : null), files.Count > 0 ? files : null));
        }

        if (reply.Poll is { } poll)
        {
            messages.Add(poll.Anonymous || poll.HiddenUntilClose ? ButtonPoll(poll) : NativePoll(poll, now));
        }

        return messages;
    }

    /// <summary>Every message of the reply marked ephemeral (only the member who asked sees it).</summary>
    public static IReadOnlyList<RenderedMessage> Ephemeral(IReadOnlyList<RenderedMessage> messages) =>
        [.. messages.Select(m => m with { Payload = m.Payload with { Flags = MessageFlags.Ephemeral } })];

    /// <summary>
    /// The text as messages of at most 2,000 characters. Core splits on spans at natural boundaries; escaping makes the
    /// markdown longer than the text, so a part that still overflows is split again, tighter.
    /// </summary>
    public static IReadOnlyList<string> RenderText(RichText text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var result = new List<string>();
        var pending = new Stack<RichText>(MessageSplitter.Split(text, MessagePayload.MaxContentLength).Reverse());
        while (pending.TryPop(out var part))
        {
            var markdown = DiscordMarkdown.Render(part);
            if (markdown.Length <= MessagePayload.MaxContentLength)
            {
                if (markdown.Trim().Length > 0)
                {
                    result.Add(markdown);
                }

                continue;
            }

            var tighter = Math.Max(16, (int)(part.Length * (MessagePayload.MaxContentLength * 0.95) / markdown.Length));
            var pieces = MessageSplitter.Split(part, Math.Min(tighter, part.Length - 1));
            foreach (var piece in pieces.Reverse())
            {
                pending.Push(piece);
            }
        }

        return result;
    }

    /// <summary>A native poll: question ≤ 300, ≤ 10 answers of ≤ 55, duration in whole hours (1–768) covering the deadline.</summary>
    public static RenderedMessage NativePoll(PollSpec poll, DateTimeOffset now)
    {
        var remaining = poll.ClosesAt - now;
        var hours = (int)Math.Ceiling(Math.Min(remaining.TotalHours, TimeSpan.FromDays(32).TotalHours));
        hours = Math.Clamp(hours, 1, PollCreate.MaxDurationHours);
        var create = PollCreate.Of(
            Shortening.Shorten(DiscordMarkdown.Unformatted(poll.Question), PollCreate.MaxQuestionLength),
            poll.Options.Take(PollCreate.MaxAnswers).Select(o => Shortening.Shorten(DiscordMarkdown.Unformatted(o), PollCreate.MaxAnswerLength)),
            hours,
            poll.MultipleChoice);
        return new RenderedMessage(new MessagePayload(Poll: create), NativePoll: true);
    }

    /// <summary>Our own poll: the question and numbered options as text, one button per option (<see cref="PollVoteButton.Data"/>).</summary>
    public static RenderedMessage ButtonPoll(PollSpec poll)
    {
        var b = new RichTextBuilder().Bold(poll.Question).NewLine();
        for (var i = 0; i < poll.Options.Count; i++)
        {
            b.Line($"{i + 1}. {poll.Options[i]}");
        }

        var note = (poll.Anonymous ? "Anonymous: nobody sees who voted. " : "")
            + (poll.HiddenUntilClose ? "Results are shown when the poll closes. " : "")
            + "Press a button to vote; press your choice again to take the vote back.";
        b.Italic(note);
        var buttons = poll.Options.Take(MaxRows * MaxButtonsPerRow)
            .Select((o, i) => new Button(ButtonStyle.Primary, Label(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {o}")), PollVoteButton.Data(poll.PollId, i)))
            .Chunk(MaxButtonsPerRow)
            .Select(chunk => new ActionRow(chunk))
            .ToList();
        var text = RenderText(b.Build());
        return new RenderedMessage(new MessagePayload(text.Count > 0 ? text[0] : null, Components: buttons), ButtonPoll: true);
    }

    private static List<ActionRow> Rows(IReadOnlyList<IReadOnlyList<ReplyButton>> buttons) =>
        [.. buttons.Where(r => r.Count > 0)
            .SelectMany(r => r.Chunk(MaxButtonsPerRow))
            .Take(MaxRows)
            .Select(r => new ActionRow([.. r.Select(b => new Button(ButtonStyle.Secondary, Label(b.Label), b.Data))]))];

    private static List<FileUpload> Files(Reply reply)
    {
        var files = new List<FileUpload>();
        if (reply.Image is { } image)
        {
            files.Add(new FileUpload(image.FileName, image.Png, "image/png", image.Caption is { } c ? Shortening.Shorten(c, 1024) : null));
        }

        if (reply.File is { } file)
        {
            files.Add(new FileUpload(file.FileName, file.Content, file.ContentType));
        }

        return files;
    }

    private static string Label(string text) => Shortening.Shorten(DiscordMarkdown.Unformatted(text), MaxButtonLabel);

}
