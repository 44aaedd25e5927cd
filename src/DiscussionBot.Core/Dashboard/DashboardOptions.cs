using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Core.Dashboard;

/// <summary>The moderators' web dashboard. Section <c>Dashboard</c>; where it is served is <c>Web:Urls</c> / <c>Web:PublicUrl</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How long a dashboard session lasts after sign-in.</summary>
    [Range(0.05, 24 * 30)]
    public double SessionHours { get; init; } = 12;

    /// <summary>How long a <c>/dashboard</c> sign-in link stays valid.</summary>
    [Range(1, 60)]
    public int LinkMinutes { get; init; } = 10;

    /// <summary>Sign-in attempts one address may make per minute (the rest get 429).</summary>
    [Range(1, 1000)]
    public int SignInPerMinute { get; init; } = 10;
}
