using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Core.Tests;

public sealed class RouterTests
{
    [Fact]
    public void Slowness_is_read_from_the_command_as_its_handler_parses_it_whether_typed_as_text_as_options_or_as_a_record()
    {
        using var bot = new TestBot();
        using var scope = bot.Services.CreateScope();
        var router = scope.ServiceProvider.GetRequiredService<ChatRouter>();
        bool Slow(string name, string arguments = "", CommandOptions? options = null, DiscussionBot.Core.Commands.Records.ICommandRecord? record = null) =>
            router.IsSlow(new CommandReceived(TestBot.Where, TestBot.Moderator, bot.Time.GetUtcNow(), name, arguments, Options: options, Record: record));
        static CommandOptions Options(string[] path, params (string Name, string Value)[] values) =>
            new(path, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

        // Options: the argument text says nothing a handler could read (a dashboard record's text is only for logs).
        Assert.True(Slow("viewpoints", "https://news.example/tower --poll", Options([], ("story", "https://news.example/tower"), ("poll", "true"))));
        Assert.False(Slow("viewpoints", "tower rents", Options([], ("story", "tower rents"))));
        Assert.True(Slow("add", "", Options([], ("link", "https://news.example/tower"))));
        Assert.False(Slow("add", "", Options([], ("title", "Tower rents"), ("text", "The council met."))));
        Assert.True(Slow("topic", "", Options(["feed", "add"], ("topic", "housing"), ("url", "https://news.example/feed.xml"))));
        Assert.False(Slow("topic", "", Options(["feed", "remove"], ("topic", "housing"), ("url", "https://news.example/feed.xml"))));
        Assert.True(Slow("topic", "", record: new DiscussionBot.Core.Commands.Records.TopicFeed("housing", "https://news.example/feed.xml", Remove: false)));
        Assert.True(Slow("summary", "https://news.example/tower long"));
        Assert.False(Slow("summary", "3 long"));
        Assert.True(Slow("viewpoints", "https://news.example/tower --poll"));
        Assert.False(Slow("topic", "feed remove housing https://news.example/feed.xml"));
    }

    [Fact]
    public async Task Every_command_that_names_a_topic_answers_an_unknown_one_alike_with_the_members_name_cut_short()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var name = new string('x', 300);
        var expected = $"There is no topic {new string('x', 39)}…. /topics lists them.";
        foreach (var command in new[] { $"/articles {name}", $"/blindspots {name}", $"/stats {name}", $"/export votes {name}", $"/claim add {name} Rents rose." })
        {
            var reply = await bot.SendAsync(command);
            Assert.Equal(ReplyKind.Problem, reply!.Kind);
            Assert.Equal(expected, reply.Text.ToPlainText());
        }
        // /topic checks the name's form first (at most 40 characters), then answers a well-formed unknown name the same way.
        foreach (var command in new[] { "/topic remove no-such", "/topic describe no-such Rents and towers", "/topic keywords no-such rent" })
        {
            var reply = await bot.SendAsync(command);
            Assert.Equal(ReplyKind.Problem, reply!.Kind);
            Assert.Equal("There is no topic no-such. /topics lists them.", reply.Text.ToPlainText());
        }
    }

    [Fact]
    public async Task An_unknown_command_gets_a_clear_answer()
    {
        using var bot = new TestBot();
        var reply = await bot.SendAsync("/frobnicate now");
        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains("Unknown command /frobnicate", reply.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_is_refused_every_moderator_command_with_the_reason_and_nothing_changes()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/demo");
        var router = bot.Services.CreateScope().ServiceProvider.GetRequiredService<ChatRouter>();
        var moderatorCommands = router.Commands.Where(c => c.Info.Moderator).Select(c => c.Info).ToList();
        Assert.Contains(moderatorCommands, i => i.Name == "topic");
        Assert.Contains(moderatorCommands, i => i.Name == "source");
        Assert.Contains(moderatorCommands, i => i.Name == "settings");
        var auditBefore = bot.Get<IAuditLog>().Recent(TestBot.Where.CommunityKey, 100).Count;

        foreach (var info in moderatorCommands)
        {
            var reply = await bot.SendAsync($"/{info.Name} {info.Example.Split(' ', 2).ElementAtOrDefault(1)}", TestBot.Member);
            Assert.Equal(ReplyKind.Refusal, reply!.Kind);
            Assert.Contains("moderators only", reply.Text.ToPlainText(), StringComparison.Ordinal);
        }

        Assert.Equal(auditBefore, bot.Get<IAuditLog>().Recent(TestBot.Where.CommunityKey, 100).Count);
        Assert.Equal(2, bot.Get<ITopicStore>().List(TestBot.Where.CommunityKey).Count);
    }

    [Fact]
    public async Task Over_long_arguments_are_refused_before_the_handler_runs()
    {
        using var bot = new TestBot();
        var reply = await bot.SendAsync("/search " + new string('a', 600));
        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains("too long", reply.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expensive_commands_have_a_per_member_cooldown()
    {
        using var bot = new TestBot(s => s.AddCommand<ExpensiveEcho>(), new Dictionary<string, string?> { ["Bot:CooldownSeconds"] = "10" });

        Assert.Equal(ReplyKind.Normal, (await bot.SendAsync("/echo 1", TestBot.Member))!.Kind);
        var second = await bot.SendAsync("/echo 2", TestBot.Member);
        Assert.Equal(ReplyKind.Refusal, second!.Kind);
        Assert.Contains("wait 10 s", second.Text.ToPlainText(), StringComparison.Ordinal);
        // Another member is not held up, and the first may go again once the period is over.
        Assert.Equal(ReplyKind.Normal, (await bot.SendAsync("/echo 3", TestBot.Member with { Id = "u2" }))!.Kind);
        bot.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ReplyKind.Normal, (await bot.SendAsync("/echo 4", TestBot.Member))!.Kind);
    }

    [Fact]
    public async Task A_failing_handler_becomes_an_apology_not_a_crash()
    {
        using var bot = new TestBot(s => s.AddCommand<Throwing>());
        var reply = await bot.SendAsync("/boom");
        Assert.Equal(ReplyKind.Problem, reply!.Kind);
        Assert.Contains("something went wrong", reply.Text.ToPlainText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_button_with_an_unknown_prefix_is_answered()
    {
        using var bot = new TestBot();
        var reply = await bot.SendAsync(new ButtonPressed(TestBot.Where, TestBot.Member, bot.Time.GetUtcNow(), "gone:12"));
        Assert.Contains("no longer available", reply!.Text.ToPlainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_event_of_a_community_creates_it()
    {
        using var bot = new TestBot();
        await bot.SendAsync("/help");
        Assert.NotNull(bot.Get<ICommunityStore>().Find("test:c1"));
    }

    [Fact]
    public async Task Help_lists_every_visible_command_with_an_example()
    {
        using var bot = new TestBot();
        var text = await bot.TextAsync("/help");
        var router = bot.Services.CreateScope().ServiceProvider.GetRequiredService<ChatRouter>();
        foreach (var info in router.Commands.Select(c => c.Info).Where(i => !i.Hidden))
        {
            Assert.Contains($"/{info.Name} — ", text, StringComparison.Ordinal);
            Assert.Contains(info.Example, text, StringComparison.Ordinal);
        }
        Assert.Contains("Example: /topic add", await bot.TextAsync("/help topic"), StringComparison.Ordinal);
        Assert.Equal(ReplyKind.Problem, (await bot.SendAsync("/help nothing"))!.Kind);
    }

    private sealed class ExpensiveEcho : ICommandHandler
    {
        public CommandInfo Info { get; } = new("echo", "<text>", "echo", "/echo hi", Expensive: true);

        public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Reply.Of(request.Arguments));
    }

    private sealed class Throwing : ICommandHandler
    {
        public CommandInfo Info { get; } = new("boom", "", "fails", "/boom");

        public ValueTask<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");
    }
}
