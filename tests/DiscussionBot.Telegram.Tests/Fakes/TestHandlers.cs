using System.Collections.Concurrent;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Telegram.Tests.Fakes;

/// <summary>What the test handlers saw, shared between a test and the bot it runs.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<string> Notes { get; } = new();

    public ConcurrentQueue<VoteCast> Votes { get; } = new();

    public ConcurrentQueue<(ReactionChanged Reaction, BotPost? Post)> Reactions { get; } = new();

    public ConcurrentQueue<ButtonPressed> Presses { get; } = new();

    /// <summary>When true, <c>/note block</c> waits until the bot is stopped (a restart in the middle of a batch).</summary>
    public bool BlockOnBlock { get; set; }

    public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary><c>/note &lt;text&gt;</c>: records the text and says so.</summary>
public sealed class NoteCommand(Recorder recorder) : ICommandHandler
{
    public CommandInfo Info { get; } = new("note", "<text>", "test: record a note", "/note hello");

    public async ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Arguments == "block" && recorder.BlockOnBlock)
        {
            recorder.Blocked.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        recorder.Notes.Enqueue(request.Arguments);
        return Reply.Of("noted " + request.Arguments);
    }
}

/// <summary><c>/testpoll [anonymous]</c>: a claim poll as Core's poll feature will post it.</summary>
public sealed class TestPollCommand(TimeProvider time) : ICommandHandler
{
    public CommandInfo Info { get; } = new("testpoll", "", "test: post a poll", "/testpoll");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var anonymous = request.Arguments == "anonymous";
        var spec = new PollSpec(42, "Was it a popular uprising?", ["Yes", "No", "Unsure"], MultipleChoice: false, Anonymous: anonymous, HiddenUntilClose: false, time.GetUtcNow().AddHours(2));
        return ValueTask.FromResult(new Reply { Text = RichText.Plain("Poll #42 on claim 7"), Poll = spec, About = new PostSubject(PostKind.Poll, ClaimId: 7, PollId: 42) });
    }
}

/// <summary><c>/testpost</c>: a summary-like post about article 7, so reactions to it can be attributed.</summary>
public sealed class TestPostCommand : ICommandHandler
{
    public CommandInfo Info { get; } = new("testpost", "", "test: a post about an article", "/testpost");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Reply.Of(RichText.Plain("Summary of article 7"), new PostSubject(PostKind.Summary, ArticleId: 7, Source: "civic-ledger.example")));
}

/// <summary><c>/long</c>: a 10,000-character reply of sentences.</summary>
public sealed class LongCommand : ICommandHandler
{
    public CommandInfo Info { get; } = new("long", "", "test: a very long reply", "/long");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var b = new RichTextBuilder();
        var i = 0;
        while (b.Build().Length < 10_000)
        {
            b.Text($"Sentence {i++} says that A < B & C > D in a <i>quoted</i> way. ");
            if (i % 12 == 0)
            {
                b.NewLine().NewLine();
            }
        }
        return ValueTask.FromResult(Reply.Of(b.Build(), new PostSubject(PostKind.Viewpoints, StoryId: "s1")));
    }
}

/// <summary><c>/buttons [big]</c>: a reply with buttons; <c>big</c> puts 65 bytes of callback data on one.</summary>
public sealed class ButtonsCommand : ICommandHandler
{
    public CommandInfo Info { get; } = new("buttons", "", "test: buttons", "/buttons");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var data = request.Arguments == "big" ? "t:" + new string('x', 63) : "t:ok";
        return ValueTask.FromResult(new Reply { Text = RichText.Plain("Pick one"), Buttons = [[new ReplyButton("Go", data), new ReplyButton("No", "t:no")]] });
    }
}

/// <summary>Buttons with prefix <c>t</c>: "ok" answers in the chat, "no" is refused (a toast).</summary>
public sealed class TestButton(Recorder recorder) : IButtonHandler
{
    public string Prefix => "t";

    public ValueTask<Reply> HandleAsync(ButtonPressed press, string payload, CancellationToken cancellationToken)
    {
        recorder.Presses.Enqueue(press);
        return ValueTask.FromResult(payload == "no" ? Reply.Refusal("Only moderators may press that.") : Reply.Of("pressed " + payload));
    }
}

public sealed class RecordingVoteHandler(Recorder recorder) : IVoteHandler
{
    public ValueTask<Reply?> HandleAsync(VoteCast vote, CancellationToken cancellationToken)
    {
        recorder.Votes.Enqueue(vote);
        return ValueTask.FromResult<Reply?>(null);
    }
}

/// <summary>Does what the reaction log will do first: find the bot post the reaction is on.</summary>
public sealed class RecordingReactionHandler(Recorder recorder, IPostLog posts) : IReactionHandler
{
    public ValueTask HandleAsync(ReactionChanged reaction, CancellationToken cancellationToken)
    {
        recorder.Reactions.Enqueue((reaction, posts.Find(reaction.Message.Key)));
        return ValueTask.CompletedTask;
    }
}
