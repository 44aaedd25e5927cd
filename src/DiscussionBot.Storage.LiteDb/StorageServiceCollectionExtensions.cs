using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Storage.LiteDb;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the one <see cref="BotDatabase"/> of the process and every store over it.
    /// The container disposes the database at shutdown, which checkpoints and closes it.</summary>
    public static IHostApplicationBuilder AddLiteDbStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLiteDbStorage();
        return builder;
    }

    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BotDatabase>();
        services.AddSingleton<ICommunityStore, LiteCommunityStore>();
        services.AddSingleton<ITopicStore, LiteTopicStore>();
        services.AddSingleton<ISourceStore, LiteSourceStore>();
        services.AddSingleton<IArticleStore, LiteArticleStore>();
        services.AddSingleton<IArticleVectorStore, LiteArticleVectorStore>();
        services.AddSingleton<IStoryStore, LiteStoryStore>();
        services.AddSingleton<IClaimStore, LiteClaimStore>();
        services.AddSingleton<IAuditLog, LiteAuditLog>();
        services.AddSingleton<IPostLog, LitePostLog>();
        services.AddSingleton<IStateStore, LiteStateStore>();
        services.AddSingleton<IPollStore, LitePollStore>();
        services.AddSingleton<IEventLog, LiteEventLog>();
        services.AddSingleton<IVoterKeySource, VoterKeyFile>();
        services.AddSingleton<DurableEventWriter>();
        services.AddSingleton<IEventWriter>(sp => sp.GetRequiredService<DurableEventWriter>());
        // Registered first among hosted services so it stops last: everything queued by the adapters is committed.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<DurableEventWriter>()));
        services.AddSingleton<IPlatformPollMap, LitePlatformPollMap>();
        services.AddSingleton<ITallyLog, LiteTallyLog>();
        services.AddSingleton<IInsightLog, LiteInsightLog>();
        services.AddSingleton<ILinkStore, LiteLinkStore>();
        return services;
    }
}
