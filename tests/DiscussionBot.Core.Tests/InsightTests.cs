using System.Text;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Insight;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Tests;

/// <summary>Fairness ratings, /blindspots and before/after polls, end to end through the router on real LiteDB stores.</summary>
public sealed class InsightTests
{
    private const string Community = "test:c1";

    private static ChatUser Member(int n) => new($"u{n}", $"Member {n}", IsModerator: false);

    private static Task<Reply?> Press(TestBot bot, string data, ChatUser user) =>
        bot.SendAsync(new ButtonPressed(TestBot.Where, user, bot.Time.GetUtcNow(), data));

    private static (string StoryId, Article Herald, Article Tenants, Article Ledger) Housing(TestBot bot)
    {
        var articles = bot.Get<IArticleStore>();
        var herald = articles.Get(1)!;
        return (herald.StoryId!, herald, articles.Get(2)!, articles.Get(3)!);
    }

    [Fact]
    public async Task Viewpoints_offer_a_fair_and_an_unfair_button_per_source_within_discords_five_rows()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var reply = (await bot.SendAsync("/viewpoints housing", Member(1)))!;
        var (story, herald, tenants, ledger) = Housing(bot);

        Assert.True(reply.Buttons.Count <= 5, $"{reply.Buttons.Count} rows");
        Assert.All(reply.Buttons, row => Assert.True(row.Count <= 5));
        foreach (var article in new[] { herald, tenants, ledger })
        {
            var row = Assert.Single(reply.Buttons, r => r.Any(b => b.Data == FairnessButtons.Data(story, article.Id, fair: true)));
            Assert.Equal([FairnessButtons.Data(story, article.Id, true), FairnessButtons.Data(story, article.Id, false)], row.Select(b => b.Data));
            Assert.Contains(article.Source, row[1].Label, StringComparison.Ordinal);
        }
        Assert.Contains(reply.Buttons.SelectMany(r => r), b => b.Data == ShiftButtons.StartData(story));
        Assert.All(reply.Buttons.SelectMany(r => r), b => Assert.True(Encoding.UTF8.GetByteCount(b.Data) <= ReplyButton.MaxDataBytes));
    }

    [Fact]
    public async Task Ratings_count_once_per_member_show_per_source_and_label_and_a_side_most_raters_find_unfair_is_flagged_to_moderators_only()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var (story, herald, tenants, _) = Housing(bot);

        // Member 1 first finds the tenants' side fair, then changes their mind: one current rating.
        var first = (await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: true), Member(1)))!;
        Assert.Equal(ReplyKind.Private, first.Kind);
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: false), Member(1));
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: false), Member(2));
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: true), Member(3));
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: false), Member(4));
        await Press(bot, FairnessButtons.Data(story, herald.Id, fair: true), Member(1));
        await Press(bot, FairnessButtons.Data(story, herald.Id, fair: false), Member(2));

        Assert.Equal(6, bot.Get<IInsightLog>().RatingsOf(Community).Count);
        var moderator = await bot.TextAsync("/stats");
        Assert.Contains("tenants-voice.example fair 1, unfair 3 (4 rating(s))", moderator, StringComparison.Ordinal);
        Assert.Contains("riverside-herald.example fair 1, unfair 1 (2 rating(s))", moderator, StringComparison.Ordinal);
        Assert.Contains("tenant advocacy: fair 1, unfair 3", moderator, StringComparison.Ordinal);
        Assert.Contains("pro-development: fair 1, unfair 1", moderator, StringComparison.Ordinal);
        Assert.Contains($"⚠ story {story}: tenants-voice.example (tenant advocacy) — unfair to 3 of 4 rater(s)", moderator, StringComparison.Ordinal);
        // Two raters split evenly is not "most raters".
        Assert.DoesNotContain("⚠ story " + story + ": riverside", moderator, StringComparison.Ordinal);

        var member = await bot.TextAsync("/stats", Member(5));
        Assert.Contains("tenants-voice.example fair 1, unfair 3", member, StringComparison.Ordinal);
        Assert.DoesNotContain("⚠", member, StringComparison.Ordinal);
        Assert.DoesNotContain("Member", member, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rating_button_of_an_article_outside_the_story_changes_nothing()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var (story, _, _, _) = Housing(bot);

        var reply = (await Press(bot, FairnessButtons.Data(story, 4, fair: false), Member(1)))!;
        var garbled = (await Press(bot, "fair:" + story + ":x:y", Member(1)))!;

        Assert.Equal(ReplyKind.Problem, reply.Kind);
        Assert.Equal(ReplyKind.Problem, garbled.Kind);
        Assert.Empty(bot.Get<IInsightLog>().RatingsOf(Community));
    }

    [Fact]
    public async Task Ratings_and_before_after_answers_are_exported_under_pseudonyms_and_forgetme_removes_them()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var (story, _, tenants, _) = Housing(bot);
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: false), Member(1));
        await Press(bot, FairnessButtons.Data(story, tenants.Id, fair: true), Member(2));
        await Press(bot, ShiftButtons.StartData(story), TestBot.Moderator);
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 0), Member(1));
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.After, 1), Member(1));
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 2), Member(2));

        var ratings = Encoding.UTF8.GetString((await bot.SendAsync("/export ratings"))!.File!.Content);
        var shifts = Encoding.UTF8.GetString((await bot.SendAsync("/export shifts json"))!.File!.Content);
        Assert.Equal(3, ratings.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"{story},tenants-voice.example,tenant advocacy,{tenants.Id},v_", ratings, StringComparison.Ordinal);
        Assert.Contains(",unfair,", ratings, StringComparison.Ordinal);
        Assert.Contains("\"phase\": \"before\"", shifts, StringComparison.Ordinal);
        Assert.Contains("\"phase\": \"after\"", shifts, StringComparison.Ordinal);
        foreach (var text in new[] { ratings, shifts })
        {
            // Pseudonyms are random letters and digits and may hold "u1" by chance: look for the id as a whole field.
            Assert.DoesNotMatch(@"(^|[,""\s])u1($|[,""\s])", text);
            Assert.DoesNotContain("Member 1", text, StringComparison.Ordinal);
        }

        await bot.SendAsync("/forgetme", Member(1));
        var done = await Press(bot, "forget:yes", Member(1));
        Assert.Contains("rating(s), before/after answer(s)", done!.Text.ToPlainText(), StringComparison.Ordinal);

        var log = bot.Get<IInsightLog>();
        Assert.Single(log.RatingsOf(Community));
        Assert.True(log.RatingsOf(Community)[0].Fair);
        var left = Assert.Single(log.AnswersOf(1));
        Assert.Equal(ShiftPhase.Before, left.Phase);
        Assert.Equal(2, left.Option);
        // Member 1's opens went too: only member 2's is left.
        Assert.Equal(left.Voter, Assert.Single(log.OpensOf(Community)).Voter);
    }

    [Fact]
    public async Task Blindspots_without_stance_labels_say_how_to_set_them()
    {
        using var bot = new TestBot();
        var reply = (await bot.SendAsync("/blindspots", Member(1)))!;

        Assert.Equal(ReplyKind.Problem, reply.Kind);
        Assert.Contains("/source set <domain or name> <stance label>", reply.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blindspots_show_each_labels_share_of_library_opens_and_reactions_the_least_read_and_one_sided_stories_without_naming_members()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var (story, herald, _, _) = Housing(bot);
        // Three members open the housing story (a summary, the viewpoints, a button), one opens it twice: counted once.
        await bot.SendAsync($"/summary {herald.Id}", Member(1));
        await Press(bot, $"viewpoints:{herald.Id}", Member(1));
        await bot.SendAsync("/viewpoints housing", Member(2));
        await Press(bot, $"sum:{herald.Id}", Member(3));
        Assert.Equal(3, bot.Get<IInsightLog>().OpensOf(Community).Count(o => o.StoryId == story));

        var reply = (await bot.SendAsync("/blindspots", Member(4)))!;
        var text = reply.Text.ToPlainText();

        // Library: 4 articles, two of them nonpartisan (the explainer and the robotics story). Opens: 3 members × 3 labels.
        Assert.Contains("nonpartisan: library 50% (2), opened 33% (3), reactions – (0)", text, StringComparison.Ordinal);
        Assert.Contains("pro-development: library 25% (1), opened 33% (3)", text, StringComparison.Ordinal);
        Assert.Contains("tenant advocacy: library 25% (1), opened 33% (3)", text, StringComparison.Ordinal);
        Assert.Contains("Told by one side only (1)", text, StringComparison.Ordinal);
        Assert.Contains("only nonpartisan", text, StringComparison.Ordinal);
        Assert.Contains("Sources read least: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Member", text, StringComparison.Ordinal);
        Assert.DoesNotContain("v_", text, StringComparison.Ordinal);
        Assert.NotNull(reply.Image);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], reply.Image.Png.Take(4));
    }

    [Fact]
    public async Task Blindspots_take_a_topic_and_a_window_and_refuse_an_unknown_topic()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        var housing = await bot.TextAsync("/blindspots housing 3660");
        Assert.Contains("Blind spots in housing, last 3660 day(s)", housing, StringComparison.Ordinal);
        Assert.Contains("nonpartisan: library 33% (1)", housing, StringComparison.Ordinal);
        Assert.DoesNotContain("Told by one side only", housing, StringComparison.Ordinal);

        bot.Time.Advance(TimeSpan.FromDays(400));
        Assert.Contains("library – (0)", await bot.TextAsync("/blindspots housing 30"), StringComparison.Ordinal);
        Assert.Contains("There is no topic nosuch", await bot.TextAsync("/blindspots nosuch"), StringComparison.Ordinal);
        Assert.Contains("Usage: /blindspots", await bot.TextAsync("/blindspots housing 30 40"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_before_after_poll_shows_the_viewpoints_after_the_first_answer_and_results_count_only_members_who_answered_both()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var (story, _, _, _) = Housing(bot);

        var question = (await bot.SendAsync("/viewpoints housing --poll"))!;
        var text = question.Text.ToPlainText();
        Assert.Contains($"Before/after poll b1 on story {story}", text, StringComparison.Ordinal);
        Assert.Equal(["Agree", "Disagree", "Unsure"], question.Buttons.Single().Select(b => b.Label));

        // Member 1: agree → disagree. Member 2: unsure → unsure. Member 3: before only. Member 4: after only.
        var shown = (await Press(bot, question.Buttons[0][0].Data, Member(1)))!;
        Assert.Contains("Viewpoints: Council approves Harbor Point tower", shown.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(["After: Agree", "After: Disagree", "After: Unsure"], shown.Buttons.Single().Select(b => b.Label));
        var after = (await Press(bot, shown.Buttons[0][1].Data, Member(1)))!;
        Assert.Equal(ReplyKind.Private, after.Kind);
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 2), Member(2));
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.After, 2), Member(2));
        await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 0), Member(3));
        var lone = (await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.After, 0), Member(4)))!;
        Assert.Contains("counts in neither shift", lone.Text.ToPlainText(), StringComparison.Ordinal);
        // A before answer after reading is refused: it would not be a "before" any more.
        var late = (await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 1), Member(1)))!;
        Assert.Contains("already answered", late.Text.ToPlainText(), StringComparison.Ordinal);

        var results = (await bot.SendAsync("/results b1", Member(5)))!;
        var shownResults = results.Text.ToPlainText();
        var beforeSection = shownResults[shownResults.IndexOf("Before reading", StringComparison.Ordinal)..shownResults.IndexOf("After reading", StringComparison.Ordinal)];
        Assert.Contains("1. Agree: 2 (67%)", beforeSection, StringComparison.Ordinal);
        Assert.Contains("3. Unsure: 1 (33%)", beforeSection, StringComparison.Ordinal);
        Assert.Contains("How the 2 member(s) who answered both moved", shownResults, StringComparison.Ordinal);
        Assert.Contains("1 changed their answer, 1 kept it.", shownResults, StringComparison.Ordinal);
        var service = bot.Get<ShiftService>();
        var counted = service.Results(service.Find(Community, 1)!);
        Assert.Equal([2, 0, 1], counted.Before);
        Assert.Equal([1, 1, 1], counted.After);
        Assert.Equal(1, counted.Transitions[0, 1]);
        Assert.Equal(1, counted.Transitions[2, 2]);
        Assert.Equal(2, counted.Paired);
        Assert.NotNull(results.Image);
        Assert.DoesNotContain("Member", shownResults, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_only_moderators_start_polls_a_member_cannot_start_a_before_after_poll()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        var reply = (await Press(bot, ShiftButtons.StartData(Housing(bot).StoryId), Member(1)))!;

        Assert.Equal(ReplyKind.Refusal, reply.Kind);
        Assert.Empty(bot.Get<IInsightLog>().ShiftPollsOf(Community));
        await bot.SendAsync("/settings poll.starters members");
        Assert.Contains("Before/after poll b1", (await Press(bot, ShiftButtons.StartData(Housing(bot).StoryId), Member(1)))!.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_before_after_poll_on_a_story_with_one_source_is_refused_and_stores_nothing()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");

        var reply = (await bot.SendAsync("/viewpoints robotics --poll"))!;

        Assert.Equal(ReplyKind.Problem, reply.Kind);
        Assert.Contains("told by one source only", reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Empty(bot.Get<IInsightLog>().ShiftPollsOf(Community));
        Assert.Contains("no before/after poll b1", (await bot.TextAsync("/results b1")).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_between_the_before_and_the_after_answer_loses_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("insight-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "bot.db") };
            string story;
            using (var bot = new TestBot(settings: settings))
            {
                await bot.SendAsync("/demo");
                story = Housing(bot).StoryId;
                await Press(bot, ShiftButtons.StartData(story), TestBot.Moderator);
                await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.Before, 0), Member(1));
                await Press(bot, FairnessButtons.Data(story, 2, fair: false), Member(1));
            }
            using (var bot = new TestBot(settings: settings))
            {
                await Press(bot, ShiftButtons.AnswerData(1, ShiftPhase.After, 1), Member(1));
                var results = bot.Get<ShiftService>().Results(bot.Get<ShiftService>().Find(Community, 1)!);
                Assert.Equal(1, results.Paired);
                Assert.Equal(1, results.Transitions[0, 1]);
                Assert.Contains("tenants-voice.example fair 0, unfair 1", await bot.TextAsync("/stats"), StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
