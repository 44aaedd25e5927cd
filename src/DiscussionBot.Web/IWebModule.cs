using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Web;

/// <summary>
/// One part of the web endpoint (operations, dashboard). The endpoint runs its own small Kestrel application inside
/// the bot's host; a module copies the bot's services it needs into that application's container (resolving them
/// from <paramref name="bot"/>, so both share one instance) and maps its routes.
/// </summary>
public interface IWebModule
{
    void ConfigureServices(IServiceCollection web, IServiceProvider bot);

    void Configure(WebApplication app);
}
