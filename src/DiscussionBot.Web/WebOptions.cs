using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Web;

/// <summary>The web endpoint. Loopback by default: nothing listens beyond this machine unless <see cref="Urls"/> says so.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string Section = "Web";

    /// <summary>Semicolon-separated listen URLs (Kestrel syntax); empty turns the endpoint off.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The public base of links the bot hands out (dashboard sign-in) when it sits behind a reverse proxy;
    /// empty: the first of <see cref="Urls"/>.</summary>
    [Url]
    public string? PublicUrl { get; init; }

    /// <summary>Where the endpoint keeps its Data Protection keys (they sign the dashboard's form tokens), so a restart
    /// keeps open forms valid. Empty: <c>web-keys/</c> beside the database (<c>Storage:DatabasePath</c>); with an
    /// in-memory database, in memory only.</summary>
    public string KeysDirectory { get; set; } = "";

    /// <summary>The keys folder in use: <paramref name="configured"/> (<see cref="KeysDirectory"/>), else <c>web-keys/</c>
    /// beside <paramref name="databasePath"/>; null for an in-memory database. The endpoint and <c>backup</c> both ask here.</summary>
    public static string? KeysDirectoryFor(string? configured, string databasePath) =>
        configured is { Length: > 0 } ? Path.GetFullPath(configured)
        : databasePath == ":memory:" ? null
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".", "web-keys");

    /// <summary>Comma-separated addresses and CIDR networks of the reverse proxies in front of the endpoint. Only a request
    /// that comes from one of them has its <c>X-Forwarded-For</c> (the client address the sign-in limit counts),
    /// <c>X-Forwarded-Proto</c> (https: Secure cookies), <c>X-Forwarded-Host</c> and <c>X-Forwarded-Prefix</c> (a sub-path
    /// such as <c>/bot</c>: the dashboard's links, redirects and cookie paths go under it) applied; from anyone else those
    /// headers are ignored. Empty: trust no one.</summary>
    public string KnownProxies { get; init; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        TrustedProxies.Parse(KnownProxies, out var problems);
        foreach (var problem in problems)
        {
            yield return new ValidationResult(problem, [nameof(KnownProxies)]);
        }
    }
}
