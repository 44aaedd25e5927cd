using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Registers the web endpoint when <c>Web:Urls</c> is not empty. Modules are added with
    /// <c>services.AddSingleton&lt;IWebModule, …&gt;()</c> by the features that serve pages.</summary>
    public static IHostApplicationBuilder AddWebEndpoint(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure<IConfiguration>((web, configuration) =>
            {
                // Beside the bot's data, as the search index and voter.key are. Read from configuration (the storage
                // options belong to the storage project); its default is Storage's, data/discussionbot.db.
                var database = configuration["Storage:DatabasePath"] is { Length: > 0 } configured ? configured : "data/discussionbot.db";
                web.KeysDirectory = WebOptions.KeysDirectoryFor(web.KeysDirectory, database) ?? "";
            });
        var urls = builder.Configuration[$"{WebOptions.Section}:{nameof(WebOptions.Urls)}"];
        if (urls is null || urls.Length > 0)
        {
            builder.Services.AddSingleton<WebEndpointService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WebEndpointService>());
        }
        return builder;
    }
}
