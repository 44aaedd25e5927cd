using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Ingest.Fetching;

/// <summary>How the bot fetches web pages and feeds. Section <c>Fetch</c>. The defaults are the safe ones.</summary>
public sealed class FetchOptions : IValidatableObject
{
    public const string Section = "Fetch";

    /// <summary>Lets the fetcher reach 127.0.0.0/8 and ::1. For tests against local servers only:
    /// never turn it on in a deployment, it exposes whatever listens on the bot's own machine.</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>The TCP ports a URL may name; empty means 80 and 443. Anything else (SSH, databases, admin
    /// panels) is refused. Empty rather than [80, 443] by default because configuration binding appends to an
    /// array's defaults instead of replacing them.</summary>
    public int[] AllowedPorts { get; init; } = [];

    public IReadOnlyList<int> EffectivePorts => AllowedPorts.Length == 0 ? [80, 443] : AllowedPorts;

    /// <summary>The most a body may hold, counted after decompression (so a small gzip "bomb" stops here too).</summary>
    [Range(16 * 1024, 100 * 1024 * 1024)]
    public int MaxBodyBytes { get; init; } = 5 * 1024 * 1024;

    [Range(0.05, 120)]
    public double ConnectTimeoutSeconds { get; init; } = 10;

    /// <summary>The whole fetch, redirects and body included.</summary>
    [Range(0.1, 600)]
    public double TotalTimeoutSeconds { get; init; } = 30;

    [Range(0, 10)]
    public int MaxRedirects { get; init; } = 3;

    /// <summary>Says who we are, so a publisher can tell the bot from a browser and contact its operator.</summary>
    [Required]
    [MinLength(3)]
    public string UserAgent { get; init; } = "DiscussionBot/1.0 (chat bot for discussion groups; fetches the links members share)";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AllowedPorts.Any(p => p is < 1 or > 65535))
        {
            yield return new ValidationResult("every port must be between 1 and 65535", [nameof(AllowedPorts)]);
        }
    }
}
