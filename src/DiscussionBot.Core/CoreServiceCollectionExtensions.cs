using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Commands;
using DiscussionBot.Core.Handlers;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Polls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DiscussionBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the chat model, the router and every command handler. Storage comes from
    /// its own project; platform adapters from theirs.</summary>
    public static IHostApplicationBuilder AddDiscussionBotCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDiscussionBotCore();
        return builder;
    }

    public static IServiceCollection AddDiscussionBotCore(this IServiceCollection services)
    {
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Operations.PlatformHealth>();
        services.AddSingleton<Cooldowns>();
        services.AddSingleton<SearchIndex>();
        services.AddSingleton<ArticleLibrary>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<DemoLoader>();
        services.AddScoped<ChatRouter>();

        services.AddCommand<HelpHandler>();
        services.AddCommand<StartHandler>();
        services.AddCommand<TopicsHandler>();
        services.AddCommand<TopicHandler>();
        services.AddCommand<SourceHandler>();
        services.AddCommand<SourcesHandler>();
        services.AddCommand<ArticlesHandler>();
        services.AddCommand<SearchHandler>();
        services.AddCommand<AddHandler>();
        services.AddCommand<AuditHandler>();
        services.AddCommand<SettingsHandler>();
        services.AddCommand<DemoHandler>();

        services.AddSingleton(new DiscussionBot.TextAnalysis.Summarizer());
        services.AddSingleton<StoryIndex>();
        services.AddSingleton<IArticleObserver>(sp => sp.GetRequiredService<StoryIndex>());
        // Meaning vectors (issue 14): an encoder project replaces this stand-in; articles are encoded in the background.
        services.TryAddSingleton<DiscussionBot.TextAnalysis.Semantics.ISentenceEncoder, NoSentenceEncoder>();
        services.AddSingleton<ArticleEncodingWorker>();
        services.AddSingleton<IArticleObserver>(sp => sp.GetRequiredService<ArticleEncodingWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<ArticleEncodingWorker>());
        services.AddSingleton<ViewpointService>();
        services.AddSingleton<ClaimService>();
        services.AddSingleton<SummaryReplies>();
        services.AddSingleton<ViewpointReplies>();
        services.AddScoped<LibraryLookup>();
        services.AddCommand<SummaryHandler>();
        services.AddCommand<ViewpointsHandler>();
        services.AddCommand<ClaimsHandler>();
        services.AddCommand<ClaimHandler>();
        services.AddButton<SummaryButton>();
        services.AddButton<ViewpointsButton>();
        services.AddButton<ClashPollButton>();
        services.AddScoped<PollHandler>();

        services.AddSingleton<VoterIds>();
        services.AddSingleton<PollService>();
        services.AddSingleton<Exporter>();
        services.AddScoped<ICommandHandler>(sp => sp.GetRequiredService<PollHandler>());
        services.AddCommand<VoteCommandHandler>();
        services.AddCommand<ResultsHandler>();
        services.AddCommand<StatsHandler>();
        services.AddCommand<ExportHandler>();
        services.AddScoped<ForgetMeHandler>();
        services.AddScoped<ICommandHandler>(sp => sp.GetRequiredService<ForgetMeHandler>());
        services.AddScoped<IButtonHandler>(sp => sp.GetRequiredService<ForgetMeHandler>());
        services.AddButton<PollVoteButton>();
        services.AddScoped<IVoteHandler, NativePollVoteHandler>();
        services.AddScoped<IReactionHandler, ReactionLogger>();
        services.AddHostedService<PollCloser>();

        // Community insight: fairness ratings, story opens, blind spots, before/after polls.
        services.AddSingleton<Insight.FairnessReport>();
        services.AddSingleton<Insight.ShiftService>();
        services.AddSingleton<Insight.ShiftReplies>();
        services.AddScoped<IReplyObserver, Insight.StoryOpenRecorder>();
        services.AddButton<Insight.FairnessButton>();
        services.AddButton<Insight.ShiftButtons>();
        services.AddCommand<Insight.BlindspotsHandler>();
        services.AddSingleton<Insight.LinkService>();
        services.AddCommand<Insight.LinkHandler>();
        services.AddCommand<Insight.UnlinkHandler>();
        return services;
    }

    public static IServiceCollection AddCommand<T>(this IServiceCollection services)
        where T : class, ICommandHandler
    {
        services.AddScoped<ICommandHandler, T>();
        return services;
    }

    public static IServiceCollection AddButton<T>(this IServiceCollection services)
        where T : class, IButtonHandler
    {
        services.AddScoped<IButtonHandler, T>();
        return services;
    }
}
