using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Handlers;

/// <summary><c>/topics</c>: the community's topics with their keywords.</summary>
public sealed class TopicsHandler(ITopicStore topics) : ICommandHandler
{
    public CommandInfo Info { get; } = new("topics", "", "the topics of this community", "/topics");

    public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var list = topics.List(request.CommunityId);
        if (list.Count == 0)
        {
            return ValueTask.FromResult(Reply.Of("No topics yet. A moderator adds one with /topic add <name> [description]."));
        }
        var b = new RichTextBuilder().Bold($"Topics ({list.Count})").NewLine();
        foreach (var topic in list)
        {
            b.Code(topic.Slug);
            if (topic.Description.Length > 0)
            {
                b.Text(" — " + topic.Description);
            }
            if (topic.Keywords.Count > 0)
            {
                b.Text(" [" + string.Join(", ", topic.Keywords) + "]", TextStyle.Italic);
            }
            b.NewLine();
        }
        return ValueTask.FromResult(Reply.Of(b.Build()));
    }
}
