using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Core.Tests;

public sealed class PollTests
{
    private const string Community = "test:c1";
    private static readonly ChatUser Bob = new("u2", "Bob", false);

    [Fact]
    public async Task A_claim_poll_offers_agree_disagree_unsure_and_marks_the_claim_polled()
    {
        using var bot = new TestBot();
        var claim = bot.Get<IClaimStore>().Insert(new Claim { CommunityId = Community, Text = "The tower will lower rents in Eastbank.", Status = ClaimStatus.Approved });

        var reply = await bot.SendAsync($"/poll {claim.Id}");

        Assert.NotNull(reply!.Poll);
        Assert.Equal(["Agree", "Disagree", "Unsure"], reply.Poll.Options);
        Assert.Equal("The tower will lower rents in Eastbank.", reply.Poll.Question);
        Assert.Equal(bot.Time.GetUtcNow().AddHours(24), reply.Poll.ClosesAt);
        Assert.Equal(new PostSubject(PostKind.Poll, ClaimId: claim.Id, PollId: reply.Poll.PollId), reply.About);
        Assert.Equal(ClaimStatus.Polled, bot.Get<IClaimStore>().Get(claim.Id)!.Status);
    }

    [Fact]
    public async Task Members_vote_change_and_retract_and_results_count_current_votes_only()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/settings poll.starters members");
        var poll = (await bot.SendAsync("/poll \"Keep the market indoors?\" Yes No Maybe", TestBot.Member))!.Poll!;

        Assert.Equal("Voted \"Yes\" on poll 1. /results 1", await bot.TextAsync("/vote 1 1", TestBot.Member));
        Assert.Equal("Vote changed to \"No\" on poll 1. /results 1", await bot.TextAsync("/vote 1 no", TestBot.Member));
        Assert.Contains("already voted \"No\"", await bot.TextAsync("/vote 1 2", TestBot.Member), StringComparison.Ordinal);
        Assert.Equal("Voted \"No\" on poll 1. /results 1", await bot.TextAsync("/vote 1 2", Bob));
        Assert.Equal("Voted \"Maybe\" on poll 1. /results 1", await bot.TextAsync("/vote 1 3"));
        Assert.Equal("Your vote on poll 1 is withdrawn.", await bot.TextAsync("/vote 1 none"));

        var results = bot.Get<PollService>().Results(bot.Get<IPollStore>().Get(poll.PollId)!);
        Assert.Equal([0, 2, 0], results.Counts);
        Assert.Equal(2, results.Voters);
        // Every event is in the log: five votes and one retraction.
        Assert.Equal(5, bot.Get<IEventLog>().VotesOf(poll.PollId).Count);

        var shown = (await bot.SendAsync("/results 1", Bob))!;
        Assert.Contains("2. No: 2 (100%)", shown.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.NotNull(shown.Image);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], shown.Image.Png.Take(4));
    }

    [Theory]
    [InlineData("/poll \"Q\" \"only one\"", "at least 2 options")]
    [InlineData("/poll \"Q\" a b c d e f g h i j k", "at most 10 options")]
    [InlineData("/poll \"Q\" a a", "appears twice")]
    [InlineData("/poll \"Q\" a b --duration 31d", "--duration takes")]
    [InlineData("/poll \"Q\" a b --sideways", "Unknown option --sideways")]
    [InlineData("/poll 999", "no claim 999")]
    [InlineData("/poll", "Usage: /poll")]
    public async Task Polls_outside_the_platform_limits_are_refused_up_front(string line, string expected)
    {
        using var bot = new TestBot();
        var reply = await bot.SendAsync(line);
        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains(expected, reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Empty(bot.Get<IPollStore>().ByCommunity(Community));
    }

    [Fact]
    public async Task Over_long_questions_and_options_are_refused_with_their_length()
    {
        using var bot = new TestBot();
        var question = await bot.TextAsync($"/poll \"{new string('q', 301)}\" a b");
        Assert.Contains("301 characters; at most 300", question, StringComparison.Ordinal);
        var option = await bot.TextAsync($"/poll \"Q\" a \"{new string('o', 56)}\"");
        Assert.Contains("56 characters; at most 55", option, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_votes_are_answered_clearly_and_leave_the_stored_votes_unchanged()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/poll \"Q\" a b --duration 1h");
        await bot.SendAsync("/vote 1 1", TestBot.Member);

        Assert.Contains("no poll 7", await bot.TextAsync("/vote 7 1", TestBot.Member), StringComparison.Ordinal);
        Assert.Contains("no option \"5\"", await bot.TextAsync("/vote 1 5", TestBot.Member), StringComparison.Ordinal);
        Assert.Contains("takes one answer", await bot.TextAsync("/vote 1 1 2", TestBot.Member), StringComparison.Ordinal);
        Assert.Contains("no vote on this poll to retract", await bot.TextAsync("/vote 1 none", Bob), StringComparison.Ordinal);
        Assert.Contains("Usage: /vote", await bot.TextAsync("/vote one", TestBot.Member), StringComparison.Ordinal);
        bot.Time.Advance(TimeSpan.FromHours(1));
        Assert.Contains("poll 1 is closed", await bot.TextAsync("/vote 1 2", TestBot.Member), StringComparison.Ordinal);

        Assert.Single(bot.Get<IEventLog>().VotesOf(1));
    }

    [Fact]
    public async Task Members_may_not_start_polls_unless_the_community_allows_it()
    {
        using var bot = new TestBot();
        var reply = await bot.SendAsync("/poll \"Q\" a b", TestBot.Member);
        Assert.Equal(ReplyKind.Refusal, reply!.Kind);
        Assert.Contains("poll.starters", reply.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_results_show_only_the_number_of_voters_until_the_poll_closes()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/poll \"Q\" a b --hidden --duration 2h");
        Assert.Equal("Voted \"a\" on poll 1. Results are shown when the poll closes.", await bot.TextAsync("/vote 1 a", TestBot.Member));

        var hidden = (await bot.SendAsync("/results 1", TestBot.Member))!;
        Assert.Contains("1 member(s) voted. Results are hidden", hidden.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Null(hidden.Image);

        bot.Time.Advance(TimeSpan.FromHours(2));
        Assert.Contains("1. a: 1 (100%)", await bot.TextAsync("/results 1", TestBot.Member), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_polls_close_and_post_their_results_to_their_chat()
    {
        var sent = new List<(ChatLocation Where, Reply Reply)>();
        using var bot = new TestBot(s => s.AddSingleton<IMessenger>(new RecordingMessenger("test", sent)));
        await bot.SendAsync("/poll \"Q\" a b --duration 30m");
        await bot.SendAsync("/vote 1 b", TestBot.Member);
        var closer = bot.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PollCloser>().Single();

        Assert.Equal(0, await closer.SweepAsync(CancellationToken.None));
        bot.Time.Advance(TimeSpan.FromHours(5)); // the bot was "down" past the deadline
        Assert.Equal(1, await closer.SweepAsync(CancellationToken.None));
        Assert.Equal(0, await closer.SweepAsync(CancellationToken.None));

        var (where, reply) = Assert.Single(sent);
        Assert.Equal(TestBot.Where, where);
        Assert.StartsWith("Poll closed. Poll 1: Q", reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("2. b: 1 (100%)", reply.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal(bot.Time.GetUtcNow().AddHours(-5).AddMinutes(30), bot.Get<IPollStore>().Get(1)!.ClosedAt);
    }

    [Fact]
    public async Task Platform_votes_arrive_through_the_poll_map_and_an_empty_answer_retracts()
    {
        using var bot = new TestBot();
        var spec = (await bot.SendAsync("/poll \"Q\" a b c --multiple"))!.Poll!;
        bot.Get<IPlatformPollMap>().Record(new PlatformPoll { Id = PlatformPoll.KeyOf("test", "tg-9"), Platform = "test", PlatformPollId = "tg-9", PollId = spec.PollId, CommunityId = Community, ClosesAt = spec.ClosesAt });
        var nowhere = TestBot.Where with { CommunityId = "", ChatId = "" };

        await bot.SendAsync(new VoteCast(nowhere, TestBot.Member, bot.Time.GetUtcNow(), "tg-9", [0, 2]));
        var poll = bot.Get<IPollStore>().Get(spec.PollId)!;
        Assert.Equal([1, 0, 1], bot.Get<PollService>().Results(poll).Counts);

        bot.Time.Advance(TimeSpan.FromSeconds(5));
        await bot.SendAsync(new VoteCast(nowhere, TestBot.Member, bot.Time.GetUtcNow(), "tg-9", []));
        Assert.Equal([0, 0, 0], bot.Get<PollService>().Results(poll).Counts);
        Assert.Null(await bot.SendAsync(new VoteCast(nowhere, TestBot.Member, bot.Time.GetUtcNow(), "unknown", [0])));
    }

    [Fact]
    public async Task Anonymous_native_polls_count_the_platforms_totals()
    {
        using var bot = new TestBot();
        var spec = (await bot.SendAsync("/poll \"Q\" a b --anonymous"))!.Poll!;
        Assert.True(spec.Anonymous);
        bot.Get<ITallyLog>().Record(new PlatformTally { Id = PlatformTally.ForPoll("test", "p1"), CommunityId = Community, PollId = spec.PollId, Counts = new() { ["0"] = 4, ["1"] = 1 }, Total = 5 });

        var text = await bot.TextAsync($"/results {spec.PollId}", TestBot.Member);

        Assert.Contains("1. a: 4 (80%)", text, StringComparison.Ordinal);
        Assert.Contains("5 voter(s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactions_on_bot_posts_are_logged_with_what_the_post_was_about()
    {
        using var bot = new TestBot();
        bot.Get<IPostLog>().Record(new BotPost { Id = "test:c1:55", CommunityId = Community, Kind = PostKind.Claim, ClaimId = 4, Source = "tenants-voice.example" });
        var message = new MessageRef("test", "c1", "55");

        await bot.SendAsync(new ReactionChanged(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), message, "👍", true));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, Bob, bot.Time.GetUtcNow(), message, "🔥", true));
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, Bob, bot.Time.GetUtcNow(), message, "🔥", false));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, Bob, bot.Time.GetUtcNow(), new MessageRef("test", "c1", "56"), "👍", true));

        var log = bot.Get<IEventLog>().ReactionsOfCommunity(Community);
        Assert.Equal(3, log.Count);
        Assert.All(log, r => Assert.Equal((PostKind.Claim, 4, "tenants-voice.example"), (r.Kind, r.ClaimId!.Value, r.Source!)));
        Assert.DoesNotContain(log, r => r.Voter.Contains("u1", StringComparison.Ordinal) || r.Voter.Contains("u2", StringComparison.Ordinal));
        var standing = ReactionLogger.Standing(log).ToList();
        Assert.Equal("👍", Assert.Single(standing).Emoji);
    }

    [Fact]
    public async Task Clearing_a_posts_reactions_logs_each_standing_one_removed_from_the_log_alone()
    {
        // A fresh bot over reactions logged earlier: nothing in memory knows who reacted, the log does.
        using var bot = new TestBot();
        bot.Get<IPostLog>().Record(new BotPost { Id = "test:c1:70", CommunityId = Community, Kind = PostKind.Summary, Source = "harbour-gazette.example" });
        var message = new MessageRef("test", "c1", "70");
        await bot.SendAsync(new ReactionChanged(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), message, "👍", true));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, Bob, bot.Time.GetUtcNow(), message, "👍", true));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, Bob, bot.Time.GetUtcNow(), message, "🔥", true));
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendAsync(new ReactionChanged(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), message, "👍", false));
        var log = bot.Get<IEventLog>();
        Assert.Equal(2, ReactionLogger.Standing(log.ReactionsOfCommunity(Community)).Count());

        // One emoji cleared: only Bob's 👍 goes (Uma took hers back already); then everything, twice (a redelivery).
        var system = new ChatUser("", "", IsModerator: false);
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendAsync(new ReactionsCleared(TestBot.Where, system, bot.Time.GetUtcNow(), message, "👍", "s1:10"));
        Assert.Equal(["🔥"], ReactionLogger.Standing(log.ReactionsOfCommunity(Community)).Select(r => r.Emoji));
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        await bot.SendAsync(new ReactionsCleared(TestBot.Where, system, bot.Time.GetUtcNow(), message, null, "s1:11"));
        await bot.SendAsync(new ReactionsCleared(TestBot.Where, system, bot.Time.GetUtcNow(), message, null, "s1:11"));

        Assert.Empty(ReactionLogger.Standing(log.ReactionsOfCommunity(Community)));
        Assert.Equal(3, log.ReactionsOfCommunity(Community).Count(r => !r.Added));
    }

    [Fact]
    public async Task Stats_show_claim_polls_and_reactions_per_source_with_a_chart()
    {
        using var bot = new TestBot();
        var claim = bot.Get<IClaimStore>().Insert(new Claim { CommunityId = Community, Text = "The flood study was independent." });
        await bot.SendAsync($"/poll {claim.Id}");
        await bot.SendAsync("/vote 1 2", TestBot.Member);
        bot.Get<IPostLog>().Record(new BotPost { Id = "test:c1:9", CommunityId = Community, Kind = PostKind.Summary, Source = "riverside-herald.example" });
        await bot.SendAsync(new ReactionChanged(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), new MessageRef("test", "c1", "9"), "😡", true));

        var reply = (await bot.SendAsync("/stats", TestBot.Member))!;
        var text = reply.Text.ToPlainText();
        Assert.Contains("The flood study was independent.", text, StringComparison.Ordinal);
        Assert.Contains("Agree 0, Disagree 1, Unsure 0 — 1 voter(s)", text, StringComparison.Ordinal);
        Assert.Contains("riverside-herald.example 1: 😡×1", text, StringComparison.Ordinal);
        Assert.NotNull(reply.Image);
    }

    [Fact]
    public async Task Exports_carry_pseudonyms_never_platform_ids()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/poll \"Q, with a comma\" a b");
        await bot.SendAsync("/vote 1 2", TestBot.Member);

        var votes = (await bot.SendAsync("/export votes"))!.File!;
        var csv = System.Text.Encoding.UTF8.GetString(votes.Content);
        Assert.Equal("votes.csv", votes.FileName);
        Assert.StartsWith("event_id,poll_id,voter,options,at\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",1,v_", csv, StringComparison.Ordinal);
        var voter = csv.Split("\r\n")[1].Split(',')[2];
        Assert.StartsWith("v_", voter, StringComparison.Ordinal);
        Assert.Equal(bot.Get<VoterIds>().Of("test", "u1"), voter);

        var polls = System.Text.Encoding.UTF8.GetString((await bot.SendAsync("/export polls json"))!.File!.Content);
        Assert.Contains("\"question\": \"Q, with a comma\"", polls, StringComparison.Ordinal);
        Assert.Contains("\"counts\": \"0 | 1\"", polls, StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Problem, (await bot.SendAsync("/export ballots"))!.Kind);
    }

    [Fact]
    public async Task Forgetme_deletes_the_callers_votes_and_reactions_after_confirmation()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/poll \"Q\" a b");
        await bot.SendAsync("/vote 1 1", TestBot.Member);
        await bot.SendAsync("/vote 1 2", Bob);

        var ask = (await bot.SendAsync("/forgetme", TestBot.Member))!;
        Assert.Equal(["forget:yes", "forget:no"], ask.Buttons.SelectMany(r => r).Select(b => b.Data));
        Assert.Equal(2, bot.Get<IEventLog>().VotesOf(1).Count);
        Assert.Equal("Nothing was deleted.", (await bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), "forget:no")))!.Text.ToPlainText());
        var done = await bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), "forget:yes"));

        Assert.Contains("1 vote and reaction event(s)", done!.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal([0, 1], bot.Get<PollService>().Results(bot.Get<IPollStore>().Get(1)!).Counts);
    }

    [Fact]
    public async Task Button_polls_vote_and_pressing_the_same_option_again_withdraws()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/poll \"Q\" a b --anonymous");
        var press = (string data) => bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), data));

        Assert.Contains("Voted \"b\"", (await press(PollVoteButton.Data(1, 1)))!.Text.ToPlainText(), StringComparison.Ordinal);
        bot.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("withdrawn", (await press(PollVoteButton.Data(1, 1)))!.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("no longer available", (await press("pv:zz"))!.Text.ToPlainText(), StringComparison.Ordinal);
    }

    private sealed class RecordingMessenger(string platform, List<(ChatLocation, Reply)> sent) : IMessenger
    {
        public string Platform => platform;

        public Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct)
        {
            sent.Add((where, reply));
            return Task.FromResult<MessageRef?>(new MessageRef(platform, where.ChatId, "1"));
        }
    }
}
