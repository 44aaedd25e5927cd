using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Commands.Records;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/help</c>: every command with a one-line example.</summary>
/// <remarks>Takes the service provider because it lists the handlers, itself among them: asking for
/// them in the constructor would be a dependency cycle.</remarks>
public sealed class HelpHandler(IServiceProvider services) : ICommandHandler
{
    public CommandInfo Info { get; } = new("help", "[command]", "what the bot can do", "/help viewpoints");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var all = services.GetServices<ICommandHandler>().Select(h => h.Info).Where(i => !i.Hidden).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        if (HelpCommand.Parse(request).Command is { Command: { } name })
        {
            var info = all.FirstOrDefault(i => i.Name == name);
            if (info is null)
            {
                return ValueTask.FromResult(Reply.Problem($"There is no /{Shortening.Shorten(name, 40)} command. Send /help for the list."));
            }
            var one = new RichTextBuilder().Bold($"/{info.Name} {info.Usage}".TrimEnd()).NewLine()
                .Line(info.Description + (info.Moderator ? " (moderators)" : ""))
                .Text("Example: ").Code(info.Example);
            return ValueTask.FromResult(Reply.Of(one.Build()));
        }

        var b = new RichTextBuilder().Bold("DiscussionBot").Text(" — summaries, contrasting viewpoints, contested claims and polls.").NewLine().NewLine();
        // What is off where this was asked, first: a long list is split over several messages.
        foreach (var note in services.GetServices<IHelpNote>().Select(n => n.For(request.Event.Where)).OfType<string>())
        {
            b.Italic(note).NewLine().NewLine();
        }
        AppendSection(b, "For everyone", all.Where(i => !i.Moderator));
        var moderator = all.Where(i => i.Moderator).ToList();
        if (moderator.Count > 0)
        {
            b.NewLine();
            AppendSection(b, "For moderators", moderator);
        }
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }

    private static void AppendSection(RichTextBuilder b, string heading, IEnumerable<CommandInfo> commands)
    {
        b.Bold(heading).NewLine();
        foreach (var info in commands)
        {
            b.Code($"/{info.Name}").Text($" — {info.Description}. e.g. ").Code(info.Example).NewLine();
        }
    }
}

/// <summary><c>/start</c> (Telegram's first message): what the bot does, then how to begin.</summary>
public sealed class StartHandler : ICommandHandler
{
    public CommandInfo Info { get; } = new("start", "", "what this bot does", "/start", Hidden: true);

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Reply.Of(new RichTextBuilder()
            .Bold("Hello! I am DiscussionBot.").NewLine()
            .Line("I summarize articles, show how different sources tell the same story, find the claims they contest and run polls on them.")
            .Text("Send ").Code("/help").Text(" for the commands, or ").Code("/viewpoints <topic>").Text(" to begin.")
            .Build()));
}
