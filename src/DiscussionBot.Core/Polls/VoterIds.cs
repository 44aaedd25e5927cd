using System.Security.Cryptography;
using System.Text;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Polls;

/// <summary>Pseudonymous voter ids: a keyed hash (HMAC-SHA256) of platform and user id. Without the key the
/// stored ids cannot be linked back to platform accounts, and exports never carry raw ids.</summary>
public sealed class VoterIds(IVoterKeySource keys)
{
    public string Of(string platform, string userId)
    {
        var mac = HMACSHA256.HashData(keys.Key, Encoding.UTF8.GetBytes(platform + "\n" + userId));
        return "v_" + Convert.ToBase64String(mac, 0, 15).Replace('+', '-').Replace('/', '_');
    }
}
