using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Tests;

public sealed class LibraryHandlerTests
{
    private const string Community = "test:c1";

    [Fact]
    public async Task A_moderator_adds_describes_keys_and_removes_a_topic_and_each_change_is_audited()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        Assert.Contains("Added topic river-park", await bot.TextAsync("/topic add river-park The new park on the river"), StringComparison.Ordinal);
        Assert.Contains("Described river-park", await bot.TextAsync("/topic describe river-park Parks and the riverfront"), StringComparison.Ordinal);
        var keywords = await bot.TextAsync("/topic keywords river-park \"ash river\", floodplain");
        Assert.Contains("ash river, floodplain", keywords, StringComparison.Ordinal);
        Assert.Contains("3 article(s) match", keywords, StringComparison.Ordinal);

        var topic = bot.Get<ITopicStore>().Find(Community, "river-park")!;
        Assert.Equal("Parks and the riverfront", topic.Description);
        Assert.Equal(3, bot.Get<IArticleStore>().ByTopic(topic.Id, 10).Count);

        Assert.Contains("Removed topic river-park", await bot.TextAsync("/topic remove river-park"), StringComparison.Ordinal);
        Assert.Null(bot.Get<ITopicStore>().Find(Community, "river-park"));
        Assert.DoesNotContain(bot.Get<IArticleStore>().All(), a => a.TopicIds.Contains(topic.Id));

        var audit = bot.Get<IAuditLog>().Recent(Community, 10).Select(e => e.Action).ToList();
        Assert.Equal(["topic remove", "topic keywords", "topic describe", "topic add", "demo"], audit);
        Assert.All(bot.Get<IAuditLog>().Recent(Community, 10), e => Assert.Equal("Mo", e.ActorName));
    }

    [Theory]
    [InlineData("/topic", "Usage: /topic")]
    [InlineData("/topic add", "Usage: /topic")]
    [InlineData("/topic add Not_A_Slug", "lower-case letters")]
    [InlineData("/topic add housing again", "exists already")]
    [InlineData("/topic remove nowhere", "no topic nowhere")]
    [InlineData("/topic describe housing", "Give a description")]
    [InlineData("/topic keywords housing ,,,", "one or more words")]
    [InlineData("/topic fly housing", "Usage: /topic")]
    [InlineData("/source set", "Usage: /source set")]
    [InlineData("/articles", "Usage: /articles")]
    [InlineData("/articles nowhere", "no topic nowhere")]
    [InlineData("/search", "Usage: /search")]
    [InlineData("/add", "Usage: /add")]
    [InlineData("/add Only a title", "title on the first line")]
    [InlineData("/settings poll.duration 90d", "poll.duration takes")]
    [InlineData("/settings nothing on", "no setting nothing")]
    [InlineData("/audit lots", "Usage: /audit")]
    public async Task Bad_input_gets_a_clear_answer_and_changes_nothing(string line, string expected)
    {
        using var bot = new TestBot();
        await bot.SendAsync("/topic add housing");
        var topicsBefore = bot.Get<ITopicStore>().All().Select(t => t with { }).ToList();
        var auditBefore = bot.Get<IAuditLog>().Recent(Community, 100).Count;
        var articlesBefore = bot.Get<IArticleStore>().Count();

        var reply = await bot.SendAsync(line);

        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains(expected, reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(topicsBefore.Select(Describe), bot.Get<ITopicStore>().All().Select(Describe));
        Assert.Equal(auditBefore, bot.Get<IAuditLog>().Recent(Community, 100).Count);
        Assert.Equal(articlesBefore, bot.Get<IArticleStore>().Count());
    }

    [Fact]
    public async Task Source_labels_are_free_text_on_the_community_own_axes()
    {
        using var bot = new TestBot();
        Assert.Contains("riverside-herald.example is now labelled \"pro-growth / pro-council\"",
            await bot.TextAsync("/source set https://www.Riverside-Herald.example/a/b pro-growth / pro-council"), StringComparison.Ordinal);
        await bot.TextAsync("/source set riverside-herald.example skeptical of the council");

        var source = Assert.Single(bot.Get<ISourceStore>().List(Community));
        Assert.Equal("skeptical of the council", source.StanceLabel);
        Assert.Contains("(was pro-growth / pro-council)", bot.Get<IAuditLog>().Recent(Community, 1)[0].Detail, StringComparison.Ordinal);
        Assert.Contains("skeptical of the council", await bot.TextAsync("/sources", TestBot.Member), StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Problem, (await bot.SendAsync("/source set x " + new string('y', 61)))!.Kind);
    }

    [Fact]
    public async Task Pasted_text_becomes_an_article_once_and_lands_in_matching_topics()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/topic add ferry");
        var text = "New ferry timetable\nThe harbour authority published a new ferry timetable on Monday, with two extra evening crossings.";

        var added = await bot.SendAsync("/add " + text, TestBot.Member);
        Assert.Contains("Added #1 New ferry timetable", added!.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(PostKind.Article, added.About!.Kind);
        var again = await bot.TextAsync("/add " + text.Replace("Monday,", "Monday,\n   ", StringComparison.Ordinal), TestBot.Member);
        Assert.Contains("Already in the library (same text)", again, StringComparison.Ordinal);

        var article = Assert.Single(bot.Get<IArticleStore>().All());
        Assert.Equal([bot.Get<ITopicStore>().Find(Community, "ferry")!.Id], article.TopicIds);
        Assert.Equal("u1", article.AddedBy);
        Assert.Contains("New ferry timetable", await bot.TextAsync("/articles ferry", TestBot.Member), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ranks_the_articles_that_match_best()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var text = await bot.TextAsync("/search robotics championship", TestBot.Member);
        var lines = text.Split('\n');
        Assert.Contains("robotics club wins", lines[1], StringComparison.Ordinal);
        Assert.Equal("Nothing in the library matches those words.", await bot.TextAsync("/search zeppelin", TestBot.Member));
    }

    [Fact]
    public async Task Settings_are_validated_normalized_and_audited()
    {
        using var bot = new TestBot();
        Assert.Equal("poll.duration is now 2d.", await bot.TextAsync("/settings poll.duration 48h"));
        Assert.Equal("autosummary is now on.", await bot.TextAsync("/settings AUTOSUMMARY yes"));
        var community = bot.Get<ICommunityStore>().Find(Community)!;
        Assert.Equal("2d", CommunitySettings.Get(community, CommunitySettings.PollDuration));
        Assert.True(CommunitySettings.IsOn(community, CommunitySettings.AutoSummary));
        Assert.Contains("poll.duration = 2d (was 24h)", bot.Get<IAuditLog>().Recent(Community, 5).Select(e => e.Detail));
        Assert.Equal("digest is now on.", await bot.TextAsync("/settings digest on"));
        Assert.Equal("c1", bot.Get<IStateStore>().Get(CommunitySettings.DigestChatKey(Community)));
    }

    [Fact]
    public async Task The_demo_loads_once_and_can_be_loaded_again_without_duplicates()
    {
        using var bot = new TestBot();
        Assert.Contains("4 new article(s)", await bot.TextAsync("/demo"), StringComparison.Ordinal);
        Assert.Contains("0 new article(s)", await bot.TextAsync("/demo"), StringComparison.Ordinal);
        Assert.Equal(4, bot.Get<IArticleStore>().Count());
        Assert.Equal(3, bot.Get<ISourceStore>().List(Community).Count);
        var housing = bot.Get<ITopicStore>().Find(Community, "housing")!;
        Assert.Equal(3, bot.Get<IArticleStore>().ByTopic(housing.Id, 10).Count);
    }

    [Fact]
    public void The_library_refuses_empty_binary_and_oversized_text()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        Assert.IsType<AddOutcome.Refused>(library.Add(new ArticleDraft("t", "   "), "x"));
        Assert.IsType<AddOutcome.Refused>(library.Add(new ArticleDraft("t", new string('\uFFFD', 100)), "x"));
        Assert.IsType<AddOutcome.Refused>(library.Add(new ArticleDraft("t", new string('a', ArticleLibrary.MaxTextChars + 1)), "x"));
        Assert.Equal(0, bot.Get<IArticleStore>().Count());
    }

    [Fact]
    public void The_same_url_is_recognized_even_with_other_text()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft("A", "Some text that is long enough here.", Url: "https://example.org/a"), "x"));
        var dup = Assert.IsType<AddOutcome.Duplicate>(library.Add(new ArticleDraft("A", "Updated text that is also long enough.", Url: "https://example.org/a"), "x"));
        Assert.Equal("same URL", dup.Why);
    }

    private static string Describe(Topic t) => $"{t.Id}|{t.Slug}|{t.Description}|{string.Join(",", t.Keywords)}|{string.Join(",", t.Feeds)}";
}
