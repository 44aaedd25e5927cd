using System.Text;
using DiscussionBot.Core.Chat;

namespace DiscussionBot.Host.Console;

/// <summary>Renders replies for a terminal: plain text, buttons numbered for <c>/press</c>, attachments saved to files.</summary>
public sealed class PlainTextRenderer(string attachmentDirectory)
{
    public string Render(Reply reply, out IReadOnlyList<ReplyButton> buttons)
    {
        var sb = new StringBuilder();
        if (reply.Kind == ReplyKind.Refusal)
        {
            sb.Append("⛔ ");
        }
        else if (reply.Kind == ReplyKind.Problem)
        {
            sb.Append("⚠ ");
        }
        if (reply.Private)
        {
            // The console has one user; a private answer (a dashboard link) is a line like any other, marked as such.
            sb.Append("🔒 ");
        }
        sb.Append(reply.Text.ToPlainText());
        if (reply.Poll is { } poll)
        {
            sb.AppendLine().Append($"📊 Poll {poll.PollId}: {poll.Question}");
            for (var i = 0; i < poll.Options.Count; i++)
            {
                sb.AppendLine().Append($"   {i + 1}. {poll.Options[i]}");
            }
            sb.AppendLine().Append($"   closes {poll.ClosesAt:yyyy-MM-dd HH:mm} UTC");
            sb.Append(poll.MultipleChoice ? " · several answers allowed" : "");
            sb.Append(poll.Anonymous ? " · anonymous" : "");
            sb.Append(poll.HiddenUntilClose ? " · results hidden until close" : "");
            sb.AppendLine().Append($"   vote with /vote {poll.PollId} <option number>");
        }
        if (reply.Image is { } image)
        {
            sb.AppendLine().Append($"🖼 {image.Caption ?? "image"}: {Save(image.FileName, image.Png)}");
        }
        if (reply.File is { } file)
        {
            sb.AppendLine().Append($"📎 {file.FileName}: {Save(file.FileName, file.Content)}");
        }
        var flat = reply.Buttons.SelectMany(row => row).ToList();
        if (flat.Count > 0)
        {
            sb.AppendLine();
            for (var i = 0; i < flat.Count; i++)
            {
                sb.Append($"[{i + 1}] {flat[i].Label}  ");
            }
            sb.Append("— press with /press <number>");
        }
        buttons = flat;
        return sb.ToString().TrimEnd();
    }

    private string Save(string fileName, byte[] content)
    {
        Directory.CreateDirectory(attachmentDirectory);
        var safe = string.Concat(fileName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(attachmentDirectory, safe);
        File.WriteAllBytes(path, content);
        return path;
    }
}
