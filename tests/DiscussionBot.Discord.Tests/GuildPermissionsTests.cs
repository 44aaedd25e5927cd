using DiscussionBot.Discord.Adapter;

namespace DiscussionBot.Discord.Tests;

/// <summary>Guild-level permissions worked out as Discord's permissions page does (compute_base_permissions).</summary>
public sealed class GuildPermissionsTests
{
    private const string Guild = "300000000000000001";
    private const string Owner = "500000000000000009";
    private const string Member = "500000000000000001";
    private const string Readers = "610000000000000001";
    private const string Admins = "610000000000000002";

    private static GatewayDispatch Dispatch(string name, string json) => new(name, JsonDocument.Parse(json).RootElement.Clone(), 1);

    private static string GuildJson(string everyone = "1024", string readers = "2048", string admins = "8") =>
        $$"""{"id":"{{Guild}}","name":"Readers","owner_id":"{{Owner}}","roles":[{"id":"{{Guild}}","name":"@everyone","permissions":"{{everyone}}"},{"id":"{{Readers}}","name":"readers","permissions":"{{readers}}"},{"id":"{{Admins}}","name":"admins","permissions":"{{admins}}"}]}""";

    [Fact]
    public void A_member_has_everyones_permissions_and_those_of_each_of_their_roles()
    {
        var permissions = new GuildPermissions();
        permissions.Apply(Dispatch("GUILD_CREATE", GuildJson()));

        Assert.Equal(1024UL, permissions.Of(Guild, Member, []));
        Assert.Equal(1024UL | 2048UL, permissions.Of(Guild, Member, [Readers]));
        Assert.Equal(1024UL, permissions.Of(Guild, Member, ["610000000000000099"]));
    }

    [Fact]
    public void The_owner_and_an_administrator_have_every_permission()
    {
        var permissions = new GuildPermissions();
        permissions.Apply(Dispatch("GUILD_CREATE", GuildJson()));

        Assert.Equal(ulong.MaxValue, permissions.Of(Guild, Owner, []));
        Assert.Equal(ulong.MaxValue, permissions.Of(Guild, Member, [Readers, Admins]));
    }

    [Fact]
    public void An_unknown_guild_has_no_answer_and_a_role_event_for_it_waits_for_its_guild_create()
    {
        var permissions = new GuildPermissions();

        permissions.Apply(Dispatch("GUILD_ROLE_CREATE", $$$"""{"guild_id":"{{{Guild}}}","role":{"id":"{{{Readers}}}","permissions":"32"}}"""));

        Assert.False(permissions.Knows(Guild));
        Assert.Null(permissions.Of(Guild, Member, [Readers]));
    }

    [Fact]
    public void An_outage_keeps_what_was_known_and_leaving_the_guild_forgets_it()
    {
        var permissions = new GuildPermissions();
        permissions.Apply(Dispatch("GUILD_CREATE", GuildJson()));

        permissions.Apply(Dispatch("GUILD_DELETE", $$"""{"id":"{{Guild}}","unavailable":true}"""));
        permissions.Apply(Dispatch("GUILD_CREATE", $$"""{"id":"{{Guild}}","unavailable":true}"""));
        var duringOutage = permissions.Of(Guild, Member, [Readers]);
        permissions.Apply(Dispatch("GUILD_DELETE", $$"""{"id":"{{Guild}}"}"""));

        Assert.Equal(1024UL | 2048UL, duringOutage);
        Assert.False(permissions.Knows(Guild));
    }

    [Fact]
    public void Role_updates_and_deletions_change_the_members_permissions()
    {
        var permissions = new GuildPermissions();
        permissions.Apply(Dispatch("GUILD_CREATE", GuildJson()));

        permissions.Apply(Dispatch("GUILD_ROLE_UPDATE", $$$"""{"guild_id":"{{{Guild}}}","role":{"id":"{{{Readers}}}","permissions":"32"}}"""));
        var updated = permissions.Of(Guild, Member, [Readers]);
        permissions.Apply(Dispatch("GUILD_ROLE_DELETE", $$"""{"guild_id":"{{Guild}}","role_id":"{{Readers}}"}"""));

        Assert.Equal(1024UL | 32UL, updated);
        Assert.Equal(1024UL, permissions.Of(Guild, Member, [Readers]));
    }

    [Fact]
    public void A_bitfield_wider_than_64_bits_keeps_its_low_bits_and_one_that_is_no_number_grants_nothing()
    {
        var permissions = new GuildPermissions();
        var wide = (System.Numerics.BigInteger.One << 70) + 32;

        permissions.Apply(Dispatch("GUILD_CREATE", GuildJson(everyone: "0", readers: wide.ToString(System.Globalization.CultureInfo.InvariantCulture), admins: "lots")));

        Assert.Equal(32UL, permissions.Of(Guild, Member, [Readers]));
        Assert.Equal(0UL, permissions.Of(Guild, Member, [Admins]));
    }
}
