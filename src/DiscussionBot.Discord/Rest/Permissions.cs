using System.Globalization;

namespace DiscussionBot.Discord.Rest;

/// <summary>Permission bits the bot checks (https://discord.com/developers/docs/topics/permissions), and the string bitfield they arrive in.</summary>
public static class Permissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ManageGuild = 1UL << 5;

    /// <summary>Bitfield string for <c>default_member_permissions</c>: moderator commands are hidden from others by default.</summary>
    public static string ForModerators => ManageGuild.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether <paramref name="bitfield"/> (a member's permissions, a decimal string) grants <paramref name="permission"/>;
    /// Administrator grants everything.
    /// </summary>
    public static bool Has(string? bitfield, ulong permission) =>
        ulong.TryParse(bitfield, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && Has(bits, permission);

    /// <summary>Whether <paramref name="bits"/> grant <paramref name="permission"/>; Administrator grants everything.</summary>
    public static bool Has(ulong bits, ulong permission) => (bits & Administrator) != 0 || (bits & permission) == permission;

    /// <summary>
    /// A role's permission bitfield (a decimal string). Discord may add bits past 64 one day: those are dropped, the ones
    /// the bot checks are all low; a value that is no number grants nothing.
    /// </summary>
    public static ulong Parse(string? bitfield) =>
        System.Numerics.BigInteger.TryParse(bitfield, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            ? (ulong)(bits & ulong.MaxValue)
            : 0;
}
