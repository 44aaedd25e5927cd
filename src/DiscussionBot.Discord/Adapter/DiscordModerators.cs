using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Discord.Adapter;

/// <summary>
/// Who moderates a guild: members whose permissions include Manage Server or Administrator (as the interaction computed
/// them for the channel; for a message, which carries none, as <see cref="GuildPermissions"/> works them out from the
/// guild's owner and roles), and members holding a role from <see cref="DiscordOptions.ModeratorRoleIds"/> or the
/// community's <c>moderator.role</c> setting.
/// </summary>
/// <remarks>
/// Outside a guild (a DM with the bot) nobody is a moderator: a DM belongs to no community a member could configure,
/// and granting rights there would let anyone change a "community" of their own making.
/// </remarks>
public sealed class DiscordModerators(IOptions<DiscordOptions> options, ICommunityStore communities, GuildPermissions guildPermissions)
{
    private readonly HashSet<string> _configuredRoles = [.. options.Value.ModeratorRoleIds.Where(r => r.Length > 0)];

    /// <summary>Whether the member moderates; <paramref name="userId"/> (a message's author) lets their permissions be worked
    /// out when <paramref name="member"/> carries none.</summary>
    public bool IsModerator(string? guildId, GuildMember? member, string? userId = null)
    {
        if (guildId is null || member is null)
        {
            return false;
        }

        var roles = member.Roles ?? [];
        var managesServer = member.Permissions is not null
            ? Permissions.Has(member.Permissions, Permissions.ManageGuild)
            : userId is not null && guildPermissions.Of(guildId, userId, roles) is { } bits && Permissions.Has(bits, Permissions.ManageGuild);
        if (managesServer)
        {
            return true;
        }

        if (roles.Count == 0)
        {
            return false;
        }

        if (roles.Any(_configuredRoles.Contains))
        {
            return true;
        }

        var community = communities.Find($"{DiscordPosts.Platform}:{guildId}");
        var role = community is null ? "" : CommunitySettings.Get(community, CommunitySettings.ModeratorRole);
        return role.Length > 0 && roles.Contains(role, StringComparer.Ordinal);
    }
}
