using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Ingest.AutoSummary;
using DiscussionBot.Ingest.Extraction;
using DiscussionBot.Ingest.Feeds;
using DiscussionBot.Ingest.Fetching;
using DiscussionBot.TextAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Registers safe fetching, article extraction, feeds and the auto-summary. <paramref name="pollFeeds"/>
    /// false leaves the feed poller out (CLI tools that never start the bot).</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder, bool pollFeeds = true)
    {
        builder.Services.AddIngest(pollFeeds);
        return builder;
    }

    public static IServiceCollection AddIngest(this IServiceCollection services, bool pollFeeds = true)
    {
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.TryAddSingleton(_ => new Summarizer());

        // The typed client's own timeout is off: SafeFetcher applies the total timeout across redirects and body.
        // The factory's request logging is off too: SafeFetcher logs each failure once, in words, where the
        // default handlers would log every request twice and a refused address with a full stack trace.
        services.AddHttpClient<SafeFetcher>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => SafeFetcher.CreateHandler(
                sp.GetRequiredService<IOptions<FetchOptions>>().Value,
                sp.GetRequiredService<IHostResolver>()));

        services.AddSingleton<ArticleExtractor>();
        services.AddSingleton<IHtmlArticleReader>(sp => sp.GetRequiredService<ArticleExtractor>());
        services.AddTransient<WebArticleFetcher>();
        services.AddTransient<IArticleFetcher>(sp => sp.GetRequiredService<WebArticleFetcher>());

        services.AddTransient<FeedReader>();
        services.AddTransient<ITopicFeeds, TopicFeedValidator>();
        services.AddTransient<FeedIngestor>();
        if (pollFeeds)
        {
            services.AddHostedService<FeedPoller>();
        }

        services.AddScoped<IMessageHandler, AutoSummaryHandler>();
        return services;
    }
}
