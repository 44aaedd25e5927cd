using DiscussionBot.Core.Storage;
using DiscussionBot.Testing.Telegram;
using DiscussionBot.Telegram.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Telegram.Tests;

/// <summary>Whole conversations: members and moderators of a group talk to the bot through the real Telegram.Bot
/// client and the loopback Bot API.</summary>
public sealed class ConversationTests : IAsyncLifetime
{
    private const long Group = -1001;
    private const long Moderator = 10;
    private const long Member = 20;

    private readonly TempDirectory _dir = new();
    private FakeBotApi _api = null!;
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        _api.SetAdministrators(Group, Moderator);
        _bot = await BotHarness.StartAsync(_api, _dir.File("bot.db"));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _api.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_member_gets_help_topics_and_search_results_after_a_moderator_loads_the_demo()
    {
        await AskAsync(Moderator, "/demo", "Demo loaded");

        var help = await AskAsync(Member, "/help", "DiscussionBot");
        Assert.Contains("<b>DiscussionBot</b>", help.Html, StringComparison.Ordinal);
        Assert.Contains("/search", help.Visible, StringComparison.Ordinal);
        Assert.Equal("html", help.Parameters["parse_mode"]!.GetValue<string>(), ignoreCase: true);

        var topics = await AskAsync(Member, "/topics", "Topics");
        Assert.Contains("housing", topics.Visible, StringComparison.Ordinal);

        var search = await AskAsync(Member, "/search harbor point tower", "Best matches");
        Assert.Contains("Harbor Point", search.Visible, StringComparison.Ordinal);
        // Replies answer the member's message.
        Assert.NotNull(search.Parameters["reply_parameters"]);
    }

    [Fact]
    public async Task A_member_gets_a_summary_and_the_viewpoints_with_a_button_for_each_sources_summary()
    {
        await AskAsync(Moderator, "/demo", "Demo loaded");

        var summary = await AskAsync(Member, "/summary 2 bullets", "Harbor Point vote hands");
        Assert.Contains("<b>Harbor Point vote hands the riverfront to Castellan Homes</b>", summary.Html, StringComparison.Ordinal);
        Assert.Equal(3, summary.Visible.Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal)));

        // Another member: the first is cooling down after an expensive command.
        var viewpoints = await AskAsync(Member + 1, "/viewpoints housing", "Viewpoints:");
        Assert.Contains("riverside-herald.example (pro-development)", viewpoints.Visible, StringComparison.Ordinal);
        Assert.Contains("tenants-voice.example (tenant advocacy)", viewpoints.Visible, StringComparison.Ordinal);
        Assert.Contains("Where they may clash", viewpoints.Visible, StringComparison.Ordinal);
        var buttons = viewpoints.Parameters["reply_markup"]!["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray()).ToList();
        var tenants = buttons.Single(b => b!["text"]!.GetValue<string>() == "Summary: tenants-voice.example");

        _api.Enqueue(_api.CallbackUpdate(viewpoints, Member, tenants!["callback_data"]!.GetValue<string>()));
        await _api.WaitForMessageAsync(Group, m => m.Visible.StartsWith("Harbor Point vote hands", StringComparison.Ordinal) && m.MessageId != summary.MessageId, "the source's summary");
        // Nothing here fetches a page, so no "typing" action was needed.
        Assert.Empty(_api.Calls("sendChatAction"));
    }

    [Fact]
    public async Task Members_see_the_members_commands_and_administrators_see_the_moderators_commands_too()
    {
        await FakeBotApi.WaitUntilAsync(() => _api.Calls("setMyCommands").Count >= 3, "setMyCommands for each scope");
        var members = _api.MenuFor("default")!;
        var administrators = _api.MenuFor("all_chat_administrators")!;
        Assert.Contains("help", members);
        Assert.DoesNotContain("topic", members);
        Assert.DoesNotContain("export", members);
        Assert.Contains("help", administrators);
        Assert.Contains("topic", administrators);
        Assert.Contains("export", administrators);
        Assert.Empty(members.Except(administrators));
        // In a private chat the user moderates their own conversation, so the full menu is theirs.
        Assert.Equal(administrators, _api.MenuFor("all_private_chats"));
        Assert.DoesNotContain("start", administrators);

        _api.SendText(Member, Member, "/start");
        var start = await _api.WaitForMessageAsync(Member, _ => true, "the /start reply");
        Assert.Contains("I am DiscussionBot", start.Visible, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderator_adds_a_topic_a_member_is_refused_until_promoted()
    {
        _api.SendText(Group, Member, "/topic add transit Buses and trams");
        var refusal = await _api.WaitForMessageAsync(Group, m => m.Visible.Contains("moderators only", StringComparison.Ordinal), "the refusal");
        Assert.StartsWith("/topic", refusal.Visible, StringComparison.Ordinal);

        await AskAsync(Moderator, "/topic add transit Buses and trams", "Added topic transit");

        // The member is promoted: chat_member drops the cached administrator list.
        _api.SetAdministrators(Group, Moderator, Member);
        _api.Enqueue(FakeBotApi.ChatMemberUpdate(Group, Member, administrator: true));
        await AskAsync(Member, "/topic add cycling Bike lanes", "Added topic cycling");
    }

    [Fact]
    public async Task In_a_private_chat_the_user_is_the_moderator()
    {
        await AskAsync(Member, "/topic add mine My own topic", "Added topic mine", chat: Member);
        Assert.Empty(_api.Calls("getChatAdministrators"));
    }

    [Fact]
    public async Task Commands_for_another_bot_are_ignored_and_ours_are_answered()
    {
        _api.SendText(Group, Member, "/note one@otherbot");
        _api.SendText(Group, Member, "/note@otherbot two");
        _api.SendText(Group, Member, $"/note@{FakeBotApi.BotUsername} three");
        await _api.WaitForMessageAsync(Group, m => m.Visible == "noted three", "the reply to our command");
        Assert.Equal(["one@otherbot", "three"], _bot.Recorder.Notes.ToArray());
        Assert.DoesNotContain(_api.MessagesTo(Group), m => m.Visible == "noted two");
    }

    [Fact]
    public async Task A_poll_is_a_native_poll_whose_votes_changes_and_retraction_reach_core_and_it_is_stopped_at_the_deadline()
    {
        _api.SendText(Group, Moderator, "/testpoll");
        var poll = await _api.WaitForMessageAsync(Group, m => m.Method == "sendPoll", "sendPoll");
        Assert.False(poll.Parameters["is_anonymous"]!.GetValue<bool>());
        Assert.False(poll.Parameters["allows_multiple_answers"]?.GetValue<bool>() ?? false); // Telegram.Bot leaves out defaults
        Assert.Null(poll.Parameters["open_period"]); // two hours: stopped by the bot, not by open_period
        Assert.Equal(3, poll.Parameters["options"]!.AsArray().Count);

        var polls = _bot.Services.GetRequiredService<IPlatformPollMap>();
        await FakeBotApi.WaitUntilAsync(() => polls.Find("telegram", poll.PollId!) is not null, "the poll mapping");
        Assert.Equal(42, polls.Find("telegram", poll.PollId!)!.PollId);
        var posts = _bot.Services.GetRequiredService<IPostLog>();
        await FakeBotApi.WaitUntilAsync(() => posts.Find($"telegram:{Group}:{poll.MessageId}") is not null, "the poll post's record");
        Assert.Equal(42, posts.Find($"telegram:{Group}:{poll.MessageId}")!.PollId);

        _api.Enqueue(_api.PollAnswerUpdate(poll.PollId!, Member, 0));
        _api.Enqueue(_api.PollAnswerUpdate(poll.PollId!, Member, 1));
        _api.Enqueue(_api.PollAnswerUpdate(poll.PollId!, Member));
        await FakeBotApi.WaitUntilAsync(() => _bot.Recorder.Votes.Count == 3, "three votes");
        var votes = _bot.Recorder.Votes.ToArray();
        Assert.All(votes, v => Assert.Equal(poll.PollId, v.PlatformPollId));
        Assert.All(votes, v => Assert.Equal(Group.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Where.ChatId));
        Assert.Equal([[0], [1], []], votes.Select(v => v.Options.ToArray()).ToArray());
        Assert.Equal(Member.ToString(System.Globalization.CultureInfo.InvariantCulture), votes[0].Author.Id);

        // Two hours later the poll closer stops it.
        await FakeBotApi.WaitUntilAsync(() =>
        {
            _bot.Time.Advance(TimeSpan.FromMinutes(30));
            return _api.Calls("stopPoll").Count > 0;
        }, "stopPoll at the deadline");
        Assert.Equal(poll.MessageId, _api.Calls("stopPoll")[0].Parameters["message_id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Anonymous_polls_report_counts_from_poll_updates()
    {
        _api.SendText(Group, Moderator, "/testpoll anonymous");
        var poll = await _api.WaitForMessageAsync(Group, m => m.Method == "sendPoll", "sendPoll");
        Assert.True(poll.Parameters["is_anonymous"]!.GetValue<bool>());
        var polls = _bot.Services.GetRequiredService<IPlatformPollMap>();
        await FakeBotApi.WaitUntilAsync(() => polls.Find("telegram", poll.PollId!) is not null, "the poll mapping");

        _api.Enqueue(_api.PollUpdate(poll.PollId!, [3, 1, 0]));
        var tallies = _bot.Services.GetRequiredService<ITallyLog>();
        await FakeBotApi.WaitUntilAsync(() => tallies.Find(PlatformTally.ForPoll("telegram", poll.PollId!)) is not null, "the poll tally");
        var tally = tallies.Find(PlatformTally.ForPoll("telegram", poll.PollId!))!;
        Assert.Equal(42, tally.PollId);
        Assert.Equal(4, tally.Total);
        Assert.Equal(3, tally.Counts["0"]);
    }

    [Fact]
    public async Task Reactions_on_a_bot_post_reach_core_attributed_to_what_the_post_was_about()
    {
        _api.SendText(Group, Member, "/testpost");
        var post = await _api.WaitForMessageAsync(Group, m => m.Visible == "Summary of article 7", "the post");
        var posts = _bot.Services.GetRequiredService<IPostLog>();
        await FakeBotApi.WaitUntilAsync(() => posts.Find($"telegram:{Group}:{post.MessageId}") is not null, "the post's record");

        _api.Enqueue(FakeBotApi.ReactionUpdate(Group, post.MessageId, Member, [], ["👍"]));
        _api.Enqueue(FakeBotApi.ReactionUpdate(Group, post.MessageId, Member, ["👍"], ["🔥"]));
        await FakeBotApi.WaitUntilAsync(() => _bot.Recorder.Reactions.Count == 3, "three reaction changes");
        var changes = _bot.Recorder.Reactions.ToArray();
        Assert.Equal([("👍", true), ("👍", false), ("🔥", true)], changes.Select(c => (c.Reaction.Emoji, c.Reaction.Added)).ToArray());
        Assert.All(changes, c => Assert.Equal(7, c.Post?.ArticleId));
        Assert.All(changes, c => Assert.Equal(Core.Chat.PostKind.Summary, c.Post?.Kind));

        _api.Enqueue(FakeBotApi.ReactionCountUpdate(Group, post.MessageId, ("👍", 5), ("🔥", 2)));
        var tallies = _bot.Services.GetRequiredService<ITallyLog>();
        var key = PlatformTally.ForReactions($"telegram:{Group}:{post.MessageId}");
        await FakeBotApi.WaitUntilAsync(() => tallies.Find(key) is not null, "the reaction counts");
        Assert.Equal(7, tallies.Find(key)!.Total);
    }

    [Fact]
    public async Task An_article_title_with_html_and_a_tg_link_is_shown_literally()
    {
        const string title = "<b>Breaking</b> & <a href=\"tg://user?id=1\">tap here</a>";
        _api.SendText(Member, Member, "/add " + title + "\nThe council met on Tuesday. It approved the plan. Residents objected to the vote.");
        var added = await _api.WaitForMessageAsync(Member, m => m.Visible.StartsWith("Added", StringComparison.Ordinal), "the /add reply");
        Assert.Contains(title, added.Visible, StringComparison.Ordinal);
        Assert.Empty(added.Links);
        Assert.Contains("&lt;b&gt;Breaking&lt;/b&gt; &amp; &lt;a href=&quot;tg://user?id=1&quot;&gt;", added.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ten_thousand_character_reply_is_split_into_parts_under_4096()
    {
        _api.SendText(Group, Member, "/long");
        await FakeBotApi.WaitUntilAsync(() => _api.MessagesTo(Group).Sum(m => m.Visible.Length) >= 9_900, "all parts");
        var parts = _api.MessagesTo(Group);
        Assert.InRange(parts.Count, 3, 4);
        var posts = _bot.Services.GetRequiredService<IPostLog>();
        await FakeBotApi.WaitUntilAsync(() => parts.All(p => posts.Find($"telegram:{Group}:{p.MessageId}") is not null), "the parts' records");
        Assert.All(parts, p => Assert.True(p.Visible.Length < 4096, $"a part of {p.Visible.Length} characters"));
        Assert.All(parts.Skip(1), p => Assert.StartsWith("Sentence", p.Visible, StringComparison.Ordinal));
        // Every part is recorded, so a reaction on any of them is attributed.
        Assert.All(parts, p => Assert.Equal("s1", posts.Find($"telegram:{Group}:{p.MessageId}")?.StoryId));
    }

    [Fact]
    public async Task Buttons_become_an_inline_keyboard_and_every_press_is_answered()
    {
        _api.SendText(Group, Member, "/buttons");
        var menu = await _api.WaitForMessageAsync(Group, m => m.Visible == "Pick one", "the buttons");
        var keyboard = menu.Parameters["reply_markup"]!["inline_keyboard"]!.AsArray();
        Assert.Equal("t:ok", keyboard[0]![0]!["callback_data"]!.GetValue<string>());

        _api.Enqueue(_api.CallbackUpdate(menu, Member, "t:ok"));
        await _api.WaitForMessageAsync(Group, m => m.Visible == "pressed ok", "the press's answer");
        _api.Enqueue(_api.CallbackUpdate(menu, Member, "t:no"));
        await FakeBotApi.WaitUntilAsync(() => _api.Calls("answerCallbackQuery").Count == 2, "two callback answers");
        var answers = _api.Calls("answerCallbackQuery");
        Assert.Null(answers[0].Parameters["text"]);
        Assert.Equal("Only moderators may press that.", answers[1].Parameters["text"]!.GetValue<string>());
        Assert.DoesNotContain(_api.MessagesTo(Group), m => m.Visible.Contains("Only moderators", StringComparison.Ordinal));
        Assert.Equal(menu.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), _bot.Recorder.Presses.First().Message?.MessageId);
    }

    [Fact]
    public async Task Callback_data_over_64_bytes_is_refused_at_render_time()
    {
        _api.SendText(Group, Member, "/buttons big");
        var reply = await _api.WaitForMessageAsync(Group, _ => true, "the reply");
        Assert.StartsWith("Sorry, that answer cannot be shown on Telegram", reply.Visible, StringComparison.Ordinal);
        Assert.Null(reply.Parameters["reply_markup"]);
    }

    /// <summary>Sends <paramref name="line"/> as <paramref name="user"/> (in the group unless <paramref name="chat"/> says
    /// otherwise) and waits for the bot's message there that starts with <paramref name="replyStart"/>.</summary>
    private Task<FakeMessage> AskAsync(long user, string line, string replyStart, long chat = Group)
    {
        _api.SendText(chat, user, line);
        return _api.WaitForMessageAsync(chat, m => m.Visible.StartsWith(replyStart, StringComparison.Ordinal), $"the reply to {line}");
    }
}
