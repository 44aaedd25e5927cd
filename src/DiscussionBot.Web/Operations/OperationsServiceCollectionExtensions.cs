using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DiscussionBot.Web.Operations;

public static class OperationsServiceCollectionExtensions
{
    /// <summary>Adds <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> to the web endpoint.</summary>
    public static IServiceCollection AddOperationsEndpoints(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebModule, OperationsWebModule>());
        return services;
    }
}
