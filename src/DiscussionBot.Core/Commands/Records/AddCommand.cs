namespace DiscussionBot.Core.Commands.Records;

/// <summary>
/// <c>/add &lt;url&gt;</c> or <c>/add &lt;title&gt;⏎&lt;text&gt;</c>; Discord sends <c>link</c>, or <c>title</c> and <c>text</c>
/// (a slash option is one line, so the title cannot be the text's first line there).
/// </summary>
public abstract record AddCommand
{
    public const string Usage = "Usage: /add <url>, or /add followed by a title line and the article's text.";

    public const string TitleProblem = "Put the title on the first line and the article's text below it.";

    public static ParsedCommand<AddCommand> Parse(CommandRequest request) =>
        request.Options is { } options ? FromOptions(options) : FromText(request.Arguments);

    public static ParsedCommand<AddCommand> FromText(string arguments)
    {
        var text = arguments.Trim();
        if (text.Length == 0)
        {
            return ParsedCommand<AddCommand>.Fail(Usage);
        }

        if (Handlers.UrlArgument.IsUrl(text))
        {
            return new AddLink(text);
        }

        var parts = text.Split('\n', 2);
        return parts.Length < 2 || parts[1].Trim().Length == 0
            ? ParsedCommand<AddCommand>.Fail(TitleProblem)
            : new AddPasted(parts[0].Trim(), parts[1]);
    }

    public static ParsedCommand<AddCommand> FromOptions(CommandOptions options)
    {
        if (options.Get("link") is { } link)
        {
            return Handlers.UrlArgument.IsUrl(link)
                ? new AddLink(link)
                : ParsedCommand<AddCommand>.Fail($"{Chat.Shortening.Shorten(link, 60)} is not a link: give an address starting with http:// or https://.");
        }

        return (options.Get("title"), options.Get("text")) switch
        {
            ({ } title, { } text) => new AddPasted(title, text),
            (null, null) => ParsedCommand<AddCommand>.Fail(Usage),
            _ => ParsedCommand<AddCommand>.Fail("Give both the title and the text of the article."),
        };
    }
}

/// <summary>A link to fetch.</summary>
public sealed record AddLink(string Url) : AddCommand;

/// <summary>Pasted text with its title.</summary>
public sealed record AddPasted(string Title, string Text) : AddCommand;
