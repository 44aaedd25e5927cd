using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Web;

/// <summary>The web endpoint. Loopback by default: nothing listens beyond this machine unless <see cref="Urls"/> says so.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Semicolon-separated listen URLs (Kestrel syntax); empty turns the endpoint off.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The public base of links the bot hands out (dashboard sign-in) when it sits behind a reverse proxy;
    /// empty: the first of <see cref="Urls"/>.</summary>
    [Url]
    public string? PublicUrl { get; init; }
}
