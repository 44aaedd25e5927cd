using System.Collections.Concurrent;
using System.Collections.Immutable;
using DiscussionBot.Discord.Gateway;
using DiscussionBot.Discord.Rest;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Each guild's owner and role permissions, kept from the gateway (GUILD_CREATE, GUILD_UPDATE, GUILD_ROLE_CREATE/UPDATE/
/// DELETE, GUILD_DELETE), so a member's guild-level permissions can be worked out where Discord does not send them: a
/// message carries the author's roles, not their permissions. Computed as Discord's permissions page does
/// (compute_base_permissions): the owner has all; else @everyone's permissions and each of the member's roles', and
/// Administrator means all. Channel overwrites are left out: Manage Server, the one permission the bot asks about of a
/// message's author, is guild-wide and no overwrite applies to it.
/// </summary>
public sealed class GuildPermissions
{
    private const ulong All = ulong.MaxValue;

    private readonly ConcurrentDictionary<string, Guild> _guilds = new(StringComparer.Ordinal);

    private sealed record Guild(string? OwnerId, ImmutableDictionary<string, ulong> Roles);

    /// <summary>Applies one dispatch; others are ignored. Called in the gateway's order, before later events are handled.</summary>
    public void Apply(GatewayDispatch dispatch)
    {
        switch (dispatch.EventName)
        {
            case GatewayEventNames.GuildCreate or GatewayEventNames.GuildUpdate:
                var guild = dispatch.Parse<GuildCreateEvent>();
                // An unavailable guild (an outage) carries no roles: what was known stays until it is back.
                if (guild.Unavailable != true && guild.Roles is { } roles)
                {
                    _guilds[guild.Id] = new Guild(guild.OwnerId, roles.ToImmutableDictionary(r => r.Id, r => Permissions.Parse(r.Permissions), StringComparer.Ordinal));
                }

                break;
            case GatewayEventNames.GuildDelete:
                var gone = dispatch.Parse<GuildCreateEvent>();
                if (gone.Unavailable != true)
                {
                    _guilds.TryRemove(gone.Id, out _);
                }

                break;
            case GatewayEventNames.GuildRoleCreate or GatewayEventNames.GuildRoleUpdate:
                var changed = dispatch.Parse<GuildRoleEvent>();
                Update(changed.GuildId, g => g with { Roles = g.Roles.SetItem(changed.Role.Id, Permissions.Parse(changed.Role.Permissions)) });
                break;
            case GatewayEventNames.GuildRoleDelete:
                var deleted = dispatch.Parse<GuildRoleDeleteEvent>();
                Update(deleted.GuildId, g => g with { Roles = g.Roles.Remove(deleted.RoleId) });
                break;
        }
    }

    /// <summary>Whether the guild's roles have arrived (GUILD_CREATE comes soon after each connection).</summary>
    public bool Knows(string guildId) => _guilds.ContainsKey(guildId);

    /// <summary>The member's guild-level permissions, or null while the guild is unknown. A role the bot has not heard of grants nothing.</summary>
    public ulong? Of(string guildId, string userId, IReadOnlyList<string> roles)
    {
        if (!_guilds.TryGetValue(guildId, out var guild))
        {
            return null;
        }

        if (guild.OwnerId == userId)
        {
            return All;
        }

        var permissions = guild.Roles.GetValueOrDefault(guildId); // @everyone's id is the guild's
        foreach (var role in roles)
        {
            permissions |= guild.Roles.GetValueOrDefault(role);
        }

        return (permissions & Permissions.Administrator) != 0 ? All : permissions;
    }

    // A role event for a guild not yet known waits for its GUILD_CREATE, which carries every role.
    private void Update(string guildId, Func<Guild, Guild> change)
    {
        while (_guilds.TryGetValue(guildId, out var current) && !_guilds.TryUpdate(guildId, change(current), current))
        {
        }
    }
}
