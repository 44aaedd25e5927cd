namespace DiscussionBot.Core.Commands.Records;

/// <summary>
/// A command already in its typed form, as the moderators' dashboard builds it from form fields. It travels in
/// <see cref="Chat.CommandReceived.Record"/> through the router (moderator rights, length limit, cooldown, metrics) to
/// the handler, which takes it as it is: nothing is parsed from text, so quotes, a leading "/" or "--words" are kept.
/// </summary>
public interface ICommandRecord;
