using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Insight;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Core.Tests;

/// <summary>One poll across a linked Discord guild and Telegram group, through the router, the real LiteDB stores and
/// a recording messenger per platform (the adapters' own tests cover how each platform renders a poll).</summary>
public sealed class LinkedPollTests
{
    private static readonly ChatLocation Guild = new("discord", "g1", "ch1");
    private static readonly ChatLocation Group = new("telegram", "-100", "-100");
    private static readonly ChatLocation OtherGuild = new("discord", "g2", "ch2");
    private static readonly ChatUser Mod = new("m1", "Mo", IsModerator: true);

    /// <summary>Records what Core posts, and (as both adapters do) which platform poll it posted for which Core poll.</summary>
    private sealed class RecordingMessenger(string platform, IPlatformPollMap map) : IMessenger
    {
        public List<(ChatLocation Where, Reply Reply)> Sent { get; } = [];

        public string Platform => platform;

        public Task<MessageRef?> SendAsync(ChatLocation where, Reply reply, CancellationToken ct)
        {
            Sent.Add((where, reply));
            var id = $"{platform}-msg-{Sent.Count}";
            if (reply.Poll is { } poll)
            {
                map.Record(new PlatformPoll { Id = PlatformPoll.KeyOf(platform, "p" + id), Platform = platform, PlatformPollId = "p" + id, PollId = poll.PollId, CommunityId = where.CommunityKey, ChatId = where.ChatId, MessageId = id, ClosesAt = poll.ClosesAt });
            }
            return Task.FromResult<MessageRef?>(new MessageRef(platform, where.ChatId, id));
        }
    }

    private static TestBot NewBot(IDictionary<string, string?>? settings = null) => new(services =>
    {
        services.AddSingleton(sp => new RecordingMessenger("discord", sp.GetRequiredService<IPlatformPollMap>()));
        services.AddSingleton(sp => new RecordingMessenger("telegram", sp.GetRequiredService<IPlatformPollMap>()));
        services.AddSingleton<IMessenger>(sp => sp.GetServices<RecordingMessenger>().First(m => m.Platform == "discord"));
        services.AddSingleton<IMessenger>(sp => sp.GetServices<RecordingMessenger>().First(m => m.Platform == "telegram"));
    }, settings);

    private static RecordingMessenger Messenger(TestBot bot, string platform) => bot.Services.GetServices<RecordingMessenger>().First(m => m.Platform == platform);

    private static async Task<Reply> Send(TestBot bot, ChatLocation where, string line, ChatUser? user = null)
    {
        Assert.True(Commands.ArgumentParser.TryParseCommand(line, out var name, out var args, out _));
        var reply = await bot.SendAsync(new CommandReceived(where, user ?? Mod, bot.Time.GetUtcNow(), name, args));
        Assert.NotNull(reply);
        return reply;
    }

    private static async Task<string> LinkAsync(TestBot bot)
    {
        var made = (await Send(bot, Guild, "/link")).Text.ToPlainText();
        var code = made.Split('\n')[0]["Link code: ".Length..];
        Assert.Equal(LinkService.CodeLength, code.Length);
        Assert.Contains("Linked with discord:g1", (await Send(bot, Group, $"/link {code}")).Text.ToPlainText(), StringComparison.Ordinal);
        return code;
    }

    private static ChatUser Member(string id) => new(id, "member " + id, IsModerator: false);

    [Fact]
    public async Task A_poll_started_in_a_linked_guild_is_posted_in_the_telegram_group_and_results_show_the_combined_tally_and_each_side()
    {
        using var bot = NewBot();
        await LinkAsync(bot);

        var started = await Send(bot, Guild, "/poll \"Extend the night bus?\" Yes No");
        var pollId = started.Poll!.PollId;
        Assert.Contains("also posted in the linked community telegram:-100", started.Text.ToPlainText(), StringComparison.Ordinal);
        var mirrored = Assert.Single(Messenger(bot, "telegram").Sent);
        Assert.Equal(Group, mirrored.Where);
        Assert.Equal(pollId, mirrored.Reply.Poll!.PollId);
        Assert.Empty(Messenger(bot, "discord").Sent);

        // Discord: two members by command. Telegram: one member natively (the event delivered twice), one by command,
        // and user id "u1" again — another platform's account, so another voter.
        await Send(bot, Guild, $"/vote {pollId} 1", Member("u1"));
        await Send(bot, Guild, $"/vote {pollId} 2", Member("u2"));
        var platformPoll = "ptelegram-msg-1";
        var native = new VoteCast(Group, Member("u1"), bot.Time.GetUtcNow(), platformPoll, [0]);
        await bot.SendAsync(native);
        await bot.SendAsync(native);
        await Send(bot, Group, $"/vote {pollId} 1", Member("u3"));

        var votes = bot.Get<IEventLog>().VotesOf(pollId);
        Assert.Equal(4, votes.Count);
        Assert.Equal(2, votes.Count(v => v.CommunityId == "discord:g1"));
        Assert.Equal(2, votes.Count(v => v.CommunityId == "telegram:-100"));
        var results = bot.Get<PollService>().Results(bot.Get<IPollStore>().Get(pollId)!);
        Assert.Equal([3, 1], results.Counts);

        foreach (var where in new[] { Guild, Group })
        {
            var text = (await Send(bot, where, $"/results {pollId}", Member("u9"))).Text.ToPlainText();
            Assert.Contains("1. Yes: 3 (75%)", text, StringComparison.Ordinal);
            Assert.Contains("4 voter(s) in the linked communities together", text, StringComparison.Ordinal);
            Assert.Contains("discord:g1: Yes 1, No 1 — 2 voter(s)", text, StringComparison.Ordinal);
            Assert.Contains("telegram:-100: Yes 2, No 0 — 2 voter(s)", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hidden_until_close_holds_on_both_sides_and_the_closing_results_are_posted_in_both()
    {
        using var bot = NewBot();
        await LinkAsync(bot);
        var pollId = (await Send(bot, Group, "/poll \"Move the meeting to Thursday?\" Yes No --hidden --duration 1h")).Poll!.PollId;
        Assert.True(Assert.Single(Messenger(bot, "discord").Sent).Reply.Poll!.HiddenUntilClose);
        await Send(bot, Group, $"/vote {pollId} 1", Member("u1"));
        await Send(bot, Guild, $"/vote {pollId} 2", Member("u2"));

        Assert.Contains("Results are hidden until the poll closes", (await Send(bot, Guild, $"/results {pollId}", Member("u3"))).Text.ToPlainText(), StringComparison.Ordinal);

        bot.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await bot.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<PollCloser>().Single().SweepAsync(CancellationToken.None));
        foreach (var platform in new[] { "discord", "telegram" })
        {
            var closed = Messenger(bot, platform).Sent.Last().Reply.Text.ToPlainText();
            Assert.StartsWith("Poll closed.", closed, StringComparison.Ordinal);
            Assert.Contains("telegram:-100: Yes 1, No 0", closed, StringComparison.Ordinal);
            Assert.Contains("discord:g1: Yes 0, No 1", closed, StringComparison.Ordinal);
        }
        Assert.Contains("is closed", (await Send(bot, Guild, $"/vote {pollId} 1", Member("u4"))).Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linking_to_itself_within_one_platform_with_an_expired_or_reused_code_or_twice_is_refused_and_changes_nothing()
    {
        using var bot = NewBot();
        var links = bot.Get<ILinkStore>();

        var code = (await Send(bot, Guild, "/link")).Text.ToPlainText().Split('\n')[0]["Link code: ".Length..];
        Assert.Contains("cannot be linked to itself", (await Send(bot, Guild, $"/link {code}")).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("both communities are on discord", (await Send(bot, OtherGuild, $"/link {code}")).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("no such link code", (await Send(bot, Group, "/link NOPE2345")).Text.ToPlainText(), StringComparison.Ordinal);
        var member = await Send(bot, Group, $"/link {code}", Member("u1"));
        Assert.Equal(ReplyKind.Refusal, member.Kind);
        Assert.Null(links.LinkOf("discord:g1"));
        Assert.Null(links.LinkOf("telegram:-100"));
        Assert.Null(links.FindCode(code)!.UsedAt);

        bot.Time.Advance(LinkService.CodeLifetime + TimeSpan.FromSeconds(1));
        var expired = await Send(bot, Group, $"/link {code.ToLowerInvariant()}");
        Assert.Equal(ReplyKind.Problem, expired.Kind);
        Assert.Contains("expired", expired.Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Null(links.LinkOf("telegram:-100"));

        var used = await LinkAsync(bot);
        Assert.Contains("already used", (await Send(bot, new ChatLocation("telegram", "-200", "-200"), $"/link {used}")).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("already linked", (await Send(bot, Guild, "/link")).Text.ToPlainText(), StringComparison.Ordinal);
        var fresh = (await Send(bot, OtherGuild, "/link")).Text.ToPlainText().Split('\n')[0]["Link code: ".Length..];
        Assert.Contains("already linked to discord:g1", (await Send(bot, Group, $"/link {fresh}")).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Equal("discord:g1", links.LinkOf("telegram:-100")!.PartnerId);
        Assert.Null(links.LinkOf("discord:g2"));
        // Each side's audit shows the one link its moderators agreed to.
        Assert.Single(bot.Get<IAuditLog>().Recent("telegram:-100", 50), e => e.Action == "link");
        Assert.Single(bot.Get<IAuditLog>().Recent("discord:g1", 50), e => e.Action == "link");
    }

    [Fact]
    public async Task After_unlink_new_polls_stay_home_while_a_running_linked_poll_keeps_both_sides()
    {
        using var bot = NewBot();
        await LinkAsync(bot);
        var running = (await Send(bot, Guild, "/poll \"Q1?\" A B")).Poll!.PollId;

        Assert.Contains("Unlinked from discord:g1", (await Send(bot, Group, "/unlink")).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Null(bot.Get<ILinkStore>().LinkOf("discord:g1"));
        Assert.Equal(ReplyKind.Problem, (await Send(bot, Group, "/unlink")).Kind);
        await Send(bot, Guild, "/poll \"Q2?\" A B");

        Assert.Single(Messenger(bot, "telegram").Sent);
        Assert.Contains("Voted", (await Send(bot, Group, $"/vote {running} 1", Member("u1"))).Text.ToPlainText(), StringComparison.Ordinal);
        Assert.Contains("There is no poll", (await Send(bot, Group, $"/vote {running + 1} 1", Member("u1"))).Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgetme_on_one_platform_removes_that_accounts_vote_and_leaves_the_other_sides_tally()
    {
        using var bot = NewBot();
        await LinkAsync(bot);
        var pollId = (await Send(bot, Guild, "/poll \"Q?\" A B")).Poll!.PollId;
        await Send(bot, Guild, $"/vote {pollId} 1", Member("u1"));
        await Send(bot, Group, $"/vote {pollId} 2", Member("u1"));

        await Send(bot, Group, "/forgetme", Member("u1"));
        await bot.SendAsync(new ButtonPressed(Group, Member("u1"), bot.Time.GetUtcNow(), "forget:yes"));

        var text = (await Send(bot, Guild, $"/results {pollId}", Member("u3"))).Text.ToPlainText();
        Assert.Contains("discord:g1: A 1, B 0 — 1 voter(s)", text, StringComparison.Ordinal);
        Assert.Contains("telegram:-100: A 0, B 0 — 0 voter(s)", text, StringComparison.Ordinal);
        Assert.Equal("discord:g1", Assert.Single(bot.Get<IEventLog>().VotesOf(pollId)).CommunityId);
    }

    [Fact]
    public async Task Help_lists_the_new_commands_so_the_telegram_menu_and_discord_registration_carry_them()
    {
        using var bot = NewBot();
        var help = await bot.TextAsync("/help");
        foreach (var command in new[] { "/blindspots", "/link", "/unlink" })
        {
            Assert.Contains(command + " — ", help, StringComparison.Ordinal);
        }
        Assert.Contains("--poll", await bot.TextAsync("/help viewpoints"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_linked_poll_loses_no_link_mirror_or_vote()
    {
        var directory = Directory.CreateTempSubdirectory("linked-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:DatabasePath"] = Path.Combine(directory.FullName, "bot.db") };
            int pollId;
            using (var bot = NewBot(settings))
            {
                await LinkAsync(bot);
                pollId = (await Send(bot, Guild, "/poll \"Q?\" A B")).Poll!.PollId;
                await Send(bot, Guild, $"/vote {pollId} 1", Member("u1"));
                await bot.SendAsync(new VoteCast(Group, Member("u1"), bot.Time.GetUtcNow(), "ptelegram-msg-1", [1]));
            }
            using (var bot = NewBot(settings))
            {
                await Send(bot, Group, $"/vote {pollId} 1", Member("u2"));
                var text = (await Send(bot, Guild, $"/results {pollId}", Member("u3"))).Text.ToPlainText();
                Assert.Contains("discord:g1: A 1, B 0 — 1 voter(s)", text, StringComparison.Ordinal);
                Assert.Contains("telegram:-100: A 1, B 1 — 2 voter(s)", text, StringComparison.Ordinal);
                Assert.Equal(3, bot.Get<IEventLog>().VotesOf(pollId).Count);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
