using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Registers the web endpoint when <c>Web:Urls</c> is not empty. Modules are added with
    /// <c>services.AddSingleton&lt;IWebModule, …&gt;()</c> by the features that serve pages.</summary>
    public static IHostApplicationBuilder AddWebEndpoint(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var urls = builder.Configuration[$"{WebOptions.Section}:{nameof(WebOptions.Urls)}"];
        if (urls is null || urls.Length > 0)
        {
            builder.Services.AddSingleton<WebEndpointService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WebEndpointService>());
        }
        return builder;
    }
}
