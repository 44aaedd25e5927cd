using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Tests;

public sealed class AnalysisTests
{
    private const string Community = "test:c1";

    [Fact]
    public async Task The_demo_story_shows_every_source_with_its_label_equal_room_and_clashes_naming_both_sides()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        var reply = (await bot.SendAsync("/viewpoints housing", TestBot.Member))!;
        var text = reply.Text.ToPlainText();

        Assert.Contains("3 source(s)", text, StringComparison.Ordinal);
        foreach (var source in DemoContent.Sources)
        {
            Assert.Contains($"{source.Key} ({source.Stance})", text, StringComparison.Ordinal);
        }
        var sections = text.Split("\n\n");
        var takes = sections.Where(s => DemoContent.Sources.Any(d => s.StartsWith(d.Key, StringComparison.Ordinal))).ToList();
        Assert.Equal(3, takes.Count);
        Assert.Single(takes.Select(t => t.Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal))).Distinct());
        Assert.Contains("Where they may clash", text, StringComparison.Ordinal);
        var clashLines = text[text.IndexOf("Where they may clash", StringComparison.Ordinal)..].Split('\n').Where(l => l.StartsWith("   ", StringComparison.Ordinal)).ToList();
        Assert.True(clashLines.Count >= 2 && clashLines.Count % 2 == 0);
        // Each clash says why it is one, so members can judge it.
        Assert.Matches(@"\n1\. .+ — (opposed claims|one side negates|opposite tone|one side calls it false|hedged versus certain|loaded words on both sides)", text);
        for (var i = 0; i < clashLines.Count; i += 2)
        {
            var first = clashLines[i].Trim().Split(':')[0];
            var second = clashLines[i + 1].Trim().Split(':')[0];
            Assert.NotEqual(first, second);
        }
        Assert.Equal(PostKind.Viewpoints, reply.About!.Kind);
        var buttons = reply.Buttons.SelectMany(r => r).ToList();
        Assert.Equal(3, buttons.Count(b => b.Data.StartsWith("sum:", StringComparison.Ordinal)));
        Assert.Contains(buttons, b => b.Data.StartsWith("clash:", StringComparison.Ordinal));
        Assert.All(buttons, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Data) <= ReplyButton.MaxDataBytes));
    }

    [Theory]
    [InlineData("/viewpoints housing")]
    [InlineData("/viewpoints 2")]
    [InlineData("/viewpoints st1")]
    [InlineData("/viewpoints flood study tenants")]
    public async Task Viewpoints_find_the_story_by_topic_id_story_or_words(string line)
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        Assert.Contains("Viewpoints: Council approves Harbor Point tower", await bot.TextAsync(line), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unrelated_demo_story_is_its_own_story()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var stories = bot.Get<IArticleStore>().All().Select(a => a.StoryId).ToList();
        Assert.Equal(stories[0], stories[1]);
        Assert.Equal(stories[0], stories[2]);
        Assert.NotEqual(stories[0], stories[3]);
        Assert.Contains("Only one source covers this story", await bot.TextAsync("/viewpoints robotics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summaries_are_the_articles_own_sentences_in_order_and_cached()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var article = bot.Get<IArticleStore>().Get(2)!;

        var reply = (await bot.SendAsync("/summary 2 bullets", TestBot.Member))!;
        var bullets = reply.Text.ToPlainText().Split('\n').Where(l => l.StartsWith("• ", StringComparison.Ordinal)).Select(l => l[2..]).ToList();

        Assert.Equal(3, bullets.Count);
        var positions = bullets.Select(b => article.Text.IndexOf(b, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(bullets, bot.Get<IArticleStore>().Get(2)!.Summary);
        Assert.Equal(new PostSubject(PostKind.Summary, ArticleId: 2, StoryId: article.StoryId, Source: "tenants-voice.example"), reply.About);

        var longer = (await bot.SendAsync("/summary 2 long", TestBot.Member with { Id = "u9" }))!.Text.ToPlainText();
        Assert.True(longer.Length > reply.Text.ToPlainText().Length);
        Assert.Contains("No summary: there is no article 99", await bot.TextAsync("/summary 99"), StringComparison.Ordinal);
        Assert.Contains("No summary: nothing in the library matches", await bot.TextAsync("/summary zeppelins"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claims_get_short_ids_keep_them_and_can_be_polled_approved_and_rejected()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        var first = await bot.TextAsync("/claims housing", TestBot.Member);
        var again = await bot.TextAsync("/claims housing", TestBot.Member with { Id = "u3" });
        Assert.Equal(first, again);
        Assert.Contains("possibly disputed by", first, StringComparison.Ordinal);
        var claims = bot.Get<IClaimStore>().ByTopic(Community, bot.Get<ITopicStore>().Find(Community, "housing")!.Id);
        Assert.NotEmpty(claims);
        Assert.Equal(claims.Count, claims.Select(c => c.Key).Distinct().Count());

        var id = claims[0].Id;
        Assert.Equal($"Claim {id} rejected: it will not be listed or polled.", await bot.TextAsync($"/claim reject {id}"));
        Assert.DoesNotContain($"\n{id} ", "\n" + await bot.TextAsync("/claims housing"), StringComparison.Ordinal);
        Assert.Contains("was rejected", await bot.TextAsync($"/poll {id}"), StringComparison.Ordinal);

        Assert.Contains("Added claim", await bot.TextAsync("/claim add housing The tower will bring more traffic to Eastbank"), StringComparison.Ordinal);
        var added = bot.Get<IClaimStore>().ByTopic(Community, claims[0].TopicId!.Value).Single(c => c.Origin == ClaimOrigin.Moderator);
        Assert.Equal(ClaimStatus.Approved, added.Status);
        Assert.StartsWith($"Claims in housing\n{added.Id} The tower will bring more traffic", await bot.TextAsync("/claims housing"), StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Refusal, (await bot.SendAsync("/claim approve 1", TestBot.Member))!.Kind);
        Assert.Equal(["claim add", "claim reject", "demo"], bot.Get<IAuditLog>().Recent(Community, 3).Select(a => a.Action));
    }

    [Fact]
    public async Task A_clash_button_turns_the_clash_into_a_claim_and_starts_a_poll()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var viewpoints = (await bot.SendAsync("/viewpoints housing"))!;
        var clash = viewpoints.Buttons.SelectMany(r => r).First(b => b.Data.StartsWith("clash:", StringComparison.Ordinal));

        var reply = (await bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Moderator, bot.Time.GetUtcNow(), clash.Data)))!;

        Assert.NotNull(reply.Poll);
        Assert.Equal(["Agree", "Disagree", "Unsure"], reply.Poll.Options);
        var claim = bot.Get<IClaimStore>().Get(reply.About!.ClaimId!.Value)!;
        Assert.Equal(ClaimStatus.Polled, claim.Status);
        Assert.Equal(claim.Text, reply.Poll.Question);
        var member = await bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), clash.Data));
        Assert.Equal(ReplyKind.Refusal, member!.Kind);
    }

    [Fact]
    public async Task Source_summary_and_viewpoints_buttons_answer()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var press = (string data) => bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), data));
        Assert.StartsWith("Harbor Point vote hands", (await press("sum:2"))!.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.StartsWith("Viewpoints: Council approves", (await press("viewpoints:3"))!.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Problem, (await press("sum:77"))!.Kind);
        Assert.Equal(ReplyKind.Problem, (await press("clash:st999:0"))!.Kind);
    }

    [Fact]
    public async Task The_seed_pair_is_one_story_with_both_sources_side_by_side_and_real_clashes()
    {
        using var bot = new TestBot();
        var library = bot.Get<ArticleLibrary>();
        var seeds = Directory.GetFiles(SharedCorpora.Path("seeds"), "*.txt").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, seeds.Count);
        foreach (var (file, source) in seeds.Zip(new[] { "seed-one.example", "seed-two.example" }))
        {
            var lines = File.ReadAllText(file).Split('\n', 2);
            Assert.IsType<AddOutcome.Added>(library.Add(new ArticleDraft(lines[0], lines[1], source), "test"));
        }
        // Unrelated articles must not join the story.
        await bot.SendAsync("/demo");

        var articles = bot.Get<IArticleStore>().All().ToList();
        Assert.Equal(articles[0].StoryId, articles[1].StoryId);
        Assert.DoesNotContain(articles.Skip(2), a => a.StoryId == articles[0].StoryId);

        var text = await bot.TextAsync($"/viewpoints {articles[0].StoryId}");
        Assert.Contains("2 source(s)", text, StringComparison.Ordinal);
        Assert.Contains("seed-one.example (no stance label)", text, StringComparison.Ordinal);
        Assert.Contains("seed-two.example (no stance label)", text, StringComparison.Ordinal);
        var clashes = text[text.IndexOf("Where they may clash", StringComparison.Ordinal)..];
        Assert.Contains("seed-one.example: “", clashes, StringComparison.Ordinal);
        Assert.Contains("seed-two.example: “", clashes, StringComparison.Ordinal);
        Assert.Contains("CSTO", clashes, StringComparison.Ordinal);

        var claims = await bot.TextAsync($"/claims {articles[0].StoryId}");
        Assert.Contains("possibly disputed by", claims, StringComparison.Ordinal);
    }
}
