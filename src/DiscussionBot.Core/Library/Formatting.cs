using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;

namespace DiscussionBot.Core.Library;

internal static class Formatting
{
    public static RichTextBuilder ArticleLine(this RichTextBuilder b, Article article)
    {
        b.Code($"#{article.Id}").Text(" ").Bold(Shortening.Shorten(article.Title, 120)).Text($" — {article.Source}");
        if (article.Published is { } published)
        {
            b.Text($", {published:yyyy-MM-dd}");
        }
        return b.NewLine();
    }
}
