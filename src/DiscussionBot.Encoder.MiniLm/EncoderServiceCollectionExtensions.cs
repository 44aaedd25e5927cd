using DiscussionBot.TextAnalysis.Semantics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Encoder.MiniLm;

public static class EncoderServiceCollectionExtensions
{
    /// <summary>Registers the MiniLM sentence encoder as <see cref="ISentenceEncoder"/>. It loads its model on first use.</summary>
    public static IHostApplicationBuilder AddMiniLmEncoder(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EncoderOptions>().BindConfiguration(EncoderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new MiniLmSentenceEncoder(
            sp.GetRequiredService<IOptions<EncoderOptions>>().Value, sp.GetRequiredService<ILogger<MiniLmSentenceEncoder>>()));
        // Added, not tried: it replaces Core's lexical stand-in, whichever was registered first.
        builder.Services.AddSingleton<ISentenceEncoder>(sp => sp.GetRequiredService<MiniLmSentenceEncoder>());
        return builder;
    }
}
