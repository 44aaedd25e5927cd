using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Tests;

public sealed class PayloadTests
{
    private static GatewayDispatch Dispatch(string name, string json) => new(name, JsonDocument.Parse(json).RootElement.Clone(), 7);

    [Fact]
    public void A_button_press_parses_with_its_custom_id_and_the_member_who_pressed()
    {
        var interaction = Dispatch("INTERACTION_CREATE", """
            {"id":"1","application_id":"2","type":3,"token":"tok","guild_id":"3","channel_id":"4",
             "member":{"user":{"id":"5","username":"bob"},"roles":["6"],"permissions":"8"},
             "message":{"id":"9","channel_id":"4","content":"Vote"},
             "data":{"custom_id":"vote:42:1","component_type":2}}
            """).Parse<Interaction>();

        Assert.Equal(InteractionType.MessageComponent, interaction.Type);
        Assert.Equal("vote:42:1", interaction.Data!.CustomId);
        Assert.Equal("9", interaction.Message!.Id);
        Assert.Equal(["6"], interaction.Member!.Roles);
        Assert.True(Permissions.Has(interaction.Member.Permissions, Permissions.ManageGuild)); // Administrator grants all
    }

    [Fact]
    public void A_direct_message_interaction_names_the_user_instead_of_a_member()
    {
        var interaction = Dispatch("INTERACTION_CREATE", """
            {"id":"1","application_id":"2","type":2,"token":"tok","channel_id":"4","user":{"id":"5","username":"dm-user"},"data":{"id":"7","name":"help","type":1}}
            """).Parse<Interaction>();

        Assert.Null(interaction.Member);
        Assert.Equal("dm-user", interaction.Invoker!.Username);
        Assert.False(Permissions.Has(interaction.Member?.Permissions, Permissions.ManageGuild));
    }

    [Fact]
    public void Reaction_and_poll_vote_events_parse()
    {
        var add = Dispatch("MESSAGE_REACTION_ADD", """
            {"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","emoji":{"id":null,"name":"👍"},"message_author_id":"5","burst":false,"type":0,
             "member":{"user":{"id":"1","username":"a"},"roles":[]}}
            """).Parse<MessageReactionAddEvent>();
        var remove = Dispatch("MESSAGE_REACTION_REMOVE", """{"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","emoji":{"id":"77","name":"custom"},"burst":false,"type":0}""").Parse<MessageReactionRemoveEvent>();
        var all = Dispatch("MESSAGE_REACTION_REMOVE_ALL", """{"channel_id":"2","message_id":"3","guild_id":"4"}""").Parse<MessageReactionRemoveAllEvent>();
        var emoji = Dispatch("MESSAGE_REACTION_REMOVE_EMOJI", """{"channel_id":"2","message_id":"3","guild_id":"4","emoji":{"id":null,"name":"🔥"}}""").Parse<MessageReactionRemoveEmojiEvent>();
        var vote = Dispatch("MESSAGE_POLL_VOTE_ADD", """{"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","answer_id":2}""").Parse<MessagePollVoteEvent>();

        Assert.Equal(("👍", "5"), (add.Emoji.Name, add.MessageAuthorId));
        Assert.Equal("77", remove.Emoji.Id);
        Assert.Equal("3", all.MessageId);
        Assert.Equal("🔥", emoji.Emoji.Name);
        Assert.Equal((2, "1"), (vote.AnswerId, vote.UserId));
    }

    [Fact]
    public void A_finalized_poll_message_carries_the_counts()
    {
        var message = Dispatch("MESSAGE_UPDATE", """
            {"id":"1","channel_id":"2","author":{"id":"3","username":"bot","bot":true},"content":"",
             "poll":{"question":{"text":"Q?"},"answers":[{"answer_id":1,"poll_media":{"text":"yes"}},{"answer_id":2,"poll_media":{"text":"no"}}],
                     "expiry":"2025-01-02T12:00:00+00:00","allow_multiselect":false,"layout_type":1,
                     "results":{"is_finalized":true,"answer_counts":[{"id":1,"count":5,"me_voted":false},{"id":2,"count":3,"me_voted":false}]}}}
            """).Parse<DiscordMessage>();

        Assert.True(message.Poll!.Results!.IsFinalized);
        Assert.Equal([(1, 5), (2, 3)], message.Poll.Results.AnswerCounts.Select(c => (c.Id, c.Count)));
    }

    [Fact]
    public void Add_discord_protocol_binds_validated_options_and_starts_nothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:BotToken"] = "t",
            ["Discord:ApplicationId"] = "100000000000000001",
            ["Discord:GuildIds:0"] = "300000000000000001",
            ["Discord:ModeratorRoleIds:0"] = "600000000000000001",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddDiscordProtocol();
        services.AddSingleton<IGatewayEventSink, CollectingSink>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
        Assert.Equal("https://discord.com/api/v10", options.ApiBaseUrl);
        Assert.Equal(["300000000000000001"], options.GuildIds);
        Assert.Equal(["600000000000000001"], options.ModeratorRoleIds);
        Assert.NotNull(provider.GetRequiredService<DiscordRestClient>());
        Assert.NotNull(provider.GetRequiredService<GatewayShardRunner>());
    }

    [Fact]
    public void A_bad_api_base_url_fails_options_validation_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:ApiBaseUrl"] = "not a url",
            ["Discord:ApplicationId"] = "abc",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddDiscordProtocol();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains("ApiBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("ApplicationId", error.Message, StringComparison.Ordinal);
    }
}
