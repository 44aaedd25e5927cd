using System.Security.Cryptography;
using System.Text;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Library;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Core.Dashboard;

/// <summary>What became of a sign-in link.</summary>
public abstract record SignInOutcome
{
    /// <summary>Signed in: <see cref="Secret"/> goes into the session cookie.</summary>
    public sealed record SignedIn(string Secret, DashboardGrant Session) : SignInOutcome;

    /// <summary>The link is valid and not yet used (shown before the moderator confirms).</summary>
    public sealed record Pending(DashboardGrant Link) : SignInOutcome;

    public sealed record Refused(string Reason) : SignInOutcome;
}

/// <summary>Password-less sign-in to the dashboard: <c>/dashboard</c> issues a one-time link, the link becomes a session,
/// sessions expire and can be revoked. Secrets are 256-bit random values; only their hashes are stored.</summary>
public sealed class DashboardAccess(IDashboardGrantStore store, AuditTrail audit, IOptions<DashboardOptions> options, TimeProvider time)
{
    // Redeeming checks and marks a link in two steps; one lock makes "used once" hold under concurrent requests.
    private readonly Lock _gate = new();

    public TimeSpan LinkLifetime => TimeSpan.FromMinutes(options.Value.LinkMinutes);

    public TimeSpan SessionLifetime => TimeSpan.FromHours(options.Value.SessionHours);

    /// <summary>A new sign-in secret for the moderator in <paramref name="where"/>, valid for <see cref="LinkLifetime"/>.</summary>
    public string IssueLink(ChatLocation where, ChatUser moderator)
    {
        var now = time.GetUtcNow();
        store.DeleteExpired(now - TimeSpan.FromDays(1));
        var secret = NewSecret();
        store.Save(new DashboardGrant
        {
            Id = Hash(secret),
            Kind = GrantKind.SignInToken,
            Platform = where.Platform,
            CommunityId = where.CommunityId,
            ChatId = where.ChatId,
            ModeratorId = moderator.Id,
            ModeratorName = moderator.Name,
            CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
        });
        return secret;
    }

    /// <summary>The link's grant while it can still be redeemed (to show whom it signs in), else why not.</summary>
    public SignInOutcome Check(string? secret)
    {
        var grant = Usable(secret, GrantKind.SignInToken, out var reason);
        return grant is null ? new SignInOutcome.Refused(reason) : new SignInOutcome.Pending(grant);
    }

    /// <summary>Uses the link up and opens a session for its moderator and community.</summary>
    public SignInOutcome Redeem(string? secret)
    {
        DashboardGrant session;
        string sessionSecret;
        lock (_gate)
        {
            var token = Usable(secret, GrantKind.SignInToken, out var reason);
            if (token is null)
            {
                return new SignInOutcome.Refused(reason);
            }
            var now = time.GetUtcNow();
            store.Save(token with { EndedAt = now });
            sessionSecret = NewSecret();
            session = token with { Id = Hash(sessionSecret), Kind = GrantKind.Session, CreatedAt = now, ExpiresAt = now + SessionLifetime, EndedAt = null };
            store.Save(session);
        }
        audit.Record(session.Community(), Moderator(session), "dashboard sign-in", $"session until {session.ExpiresAt:yyyy-MM-dd HH:mm} UTC");
        return new SignInOutcome.SignedIn(sessionSecret, session);
    }

    /// <summary>The session of a cookie's secret, or null when it is unknown, expired or ended.</summary>
    public DashboardGrant? Session(string? secret) => Usable(secret, GrantKind.Session, out _);

    /// <summary>Ends one session (sign out).</summary>
    public void End(DashboardGrant session) => store.Save(session with { EndedAt = time.GetUtcNow() });

    /// <summary>Ends every session and unused link of the moderator in the community; returns how many sessions ended.</summary>
    public int RevokeAll(ChatLocation where, ChatUser moderator)
    {
        var now = time.GetUtcNow();
        var ended = 0;
        lock (_gate)
        {
            foreach (var grant in store.OfModerator(where.Platform, where.CommunityId, moderator.Id).Where(g => g.IsUsable(now)))
            {
                store.Save(grant with { EndedAt = now });
                ended += grant.Kind == GrantKind.Session ? 1 : 0;
            }
        }
        return ended;
    }

    /// <summary>The moderator of a session, as the audit trail and the command router see them.</summary>
    public static ChatUser Moderator(DashboardGrant session) =>
        new(session.ModeratorId, session.ModeratorName, IsModerator: true) { Via = ChatUser.ViaDashboard };

    private DashboardGrant? Usable(string? secret, GrantKind kind, out string reason)
    {
        reason = kind == GrantKind.SignInToken
            ? "This sign-in link is not valid. Send /dashboard in your community for a new one."
            : "Your dashboard session has ended. Send /dashboard in your community for a new sign-in link.";
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }
        var grant = store.Find(Hash(secret));
        if (grant is null || grant.Kind != kind)
        {
            return null;
        }
        if (grant.EndedAt is not null)
        {
            reason = kind == GrantKind.SignInToken
                ? "This sign-in link was used already: each link works once. Send /dashboard for a new one."
                : reason;
            return null;
        }
        if (time.GetUtcNow() >= grant.ExpiresAt)
        {
            reason = kind == GrantKind.SignInToken
                ? $"This sign-in link expired (links are valid {options.Value.LinkMinutes} minutes). Send /dashboard for a new one."
                : reason;
            return null;
        }
        return grant;
    }

    private static string NewSecret() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
