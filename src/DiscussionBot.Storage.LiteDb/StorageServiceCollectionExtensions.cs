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
        // The full-text index lives beside the database file unless configured elsewhere (in memory for :memory:).
        // Read from configuration, not from the validated StorageOptions, so a bad storage key is still reported as such.
        services.AddOptions<Core.Library.LibraryOptions>().PostConfigure<Microsoft.Extensions.Configuration.IConfiguration>((library, configuration) =>
        {
            var database = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DatabasePath)}"] is { Length: > 0 } configured ? configured : new StorageOptions().DatabasePath;
            if (string.IsNullOrWhiteSpace(library.SearchIndexPath) && database != ":memory:")
            {
                library.SearchIndexPath = database + ".search";
            }
        });
        services.AddSingleton<ICommunityStore, LiteCommunityStore>();
        services.AddSingleton<ITopicStore, LiteTopicStore>();
        services.AddSingleton<ISourceStore, LiteSourceStore>();
        services.AddSingleton<IArticleStore, LiteArticleStore>();
        services.AddSingleton<IArticleVectorStore, LiteArticleVectorStore>();
        services.AddSingleton<IArticleTermsStore, LiteArticleTermsStore>();
        services.AddSingleton<IWriteBatches, LiteWriteBatches>();
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
        services.AddSingleton<Core.Dashboard.IDashboardGrantStore, LiteDashboardGrantStore>();
        return services;
    }
}
