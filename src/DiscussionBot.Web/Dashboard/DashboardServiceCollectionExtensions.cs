using DiscussionBot.Core.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Web.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>Serves the moderators' dashboard under <c>/dashboard</c> on the web endpoint (<c>AddWebEndpoint</c>), and
    /// gives <c>/dashboard</c> its link base.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IWebModule, DashboardModule>();
        builder.Services.AddSingleton<IDashboardLinks, DashboardLinks>();
        return builder;
    }
}
