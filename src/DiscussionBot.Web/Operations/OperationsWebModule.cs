using System.Text.Json;
using System.Text.Json.Serialization;
using DiscussionBot.Core.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DiscussionBot.Web.Operations;

/// <summary>
/// The operator's surface: <c>GET /healthz</c> (200 while the process serves requests), <c>GET /readyz</c> (200 only
/// when every <see cref="IReadinessCheck"/> passes and every configured platform is connected, else 503; the JSON body
/// names each part) and <c>GET /metrics</c> (Prometheus text: the "DiscussionBot" meter and the process's own figures,
/// through prometheus-net).
/// </summary>
public sealed class OperationsWebModule : IWebModule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public void ConfigureServices(IServiceCollection web, IServiceProvider bot)
    {
        PrometheusExport.EnsureConfigured();
        web.AddSingleton(bot.GetRequiredService<PlatformHealth>());
        foreach (var check in bot.GetServices<IReadinessCheck>())
        {
            web.AddSingleton(check);
        }
    }

    public void Configure(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("alive\n", "text/plain; charset=utf-8"));
        app.MapGet("/readyz", (PlatformHealth platforms, IEnumerable<IReadinessCheck> checks) =>
        {
            var report = Readiness.Of(checks, platforms);
            return Results.Json(report, Json, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapMetrics("/metrics");
    }
}

/// <summary>The body of <c>/readyz</c>.</summary>
public sealed record Readiness(bool Ready, IReadOnlyDictionary<string, ReadinessResult> Checks, IReadOnlyDictionary<string, PlatformReadiness> Platforms)
{
    public static Readiness Of(IEnumerable<IReadinessCheck> checks, PlatformHealth platforms)
    {
        var parts = new SortedDictionary<string, ReadinessResult>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            ReadinessResult result;
            try
            {
                result = check.Check();
            }
            catch (Exception ex)
            {
                result = new ReadinessResult(false, ex.Message);
            }
            parts[check.Name] = result;
        }
        var snapshot = platforms.Snapshot();
        var board = new SortedDictionary<string, PlatformReadiness>(StringComparer.Ordinal);
        foreach (var status in snapshot)
        {
            board[status.Platform] = new PlatformReadiness(status.IsReady, status.State, status.Detail, status.Since);
        }
        var ready = parts.Values.All(p => p.Ready) && snapshot.All(s => s.IsReady);
        return new Readiness(ready, parts, board);
    }
}

/// <summary>One platform in the <c>/readyz</c> body.</summary>
public sealed record PlatformReadiness(bool Ready, PlatformState State, string? Detail, DateTimeOffset Since);

/// <summary>prometheus-net's default registry, set up once per process: the bot's meter (not every library's), the
/// process metrics (CPU, memory, open handles, start time), no EventCounters (they cost memory and say little here).</summary>
internal static class PrometheusExport
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
        Metrics.ConfigureMeterAdapter(options =>
        {
            options.InstrumentFilterPredicate = instrument => instrument.Meter.Name == BotMetrics.MeterName;
            // Chat command latency: 5 ms to 30 s in a dozen buckets (the default doubles up to two days).
            options.ResolveHistogramBuckets = _ => [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
        });
        // The adapters start listening at the registry's first collection (prometheus-net issue #487): collect once now,
        // or every command before the first scrape would be lost.
        Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null).GetAwaiter().GetResult();
        return true;
    });

    public static void EnsureConfigured() => _ = Configured.Value;
}
