using System.Diagnostics.Metrics;

namespace DiscussionBot.Core.Operations;

/// <summary>
/// The bot's metrics on <see cref="System.Diagnostics.Metrics"/> (no exporter dependency here): the host's
/// <c>/metrics</c> endpoint exports the <see cref="MeterName"/> meter as Prometheus text. Every project records
/// through these few methods so names and tags stay one list. Instrument names are written as Prometheus names
/// (<c>_total</c> on counters, the unit in the name): prometheus-net exports them prefixed with the meter's name, as
/// <c>discussionbot_commands_total</c>, and adds no suffix of its own. A gauge passed to <see cref="ObserveGauge"/>
/// follows the same rule (<c>writer_queue_depth</c>).
/// </summary>
public static class BotMetrics
{
    public const string MeterName = "DiscussionBot";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("commands_total", description: "Chat commands handled, by command and outcome");
    private static readonly Histogram<double> CommandSeconds = Meter.CreateHistogram<double>("command_duration_seconds", unit: "s", description: "Time from a command's arrival to its replies");
    private static readonly Counter<long> Votes = Meter.CreateCounter<long>("votes_written_total", description: "Votes committed to the database");
    private static readonly Counter<long> Reactions = Meter.CreateCounter<long>("reactions_written_total", description: "Reactions committed to the database");
    private static readonly Counter<long> ApiErrors = Meter.CreateCounter<long>("platform_api_errors_total", description: "Failed platform API calls, by platform and status");
    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("gateway_reconnects_total", description: "Gateway or polling reconnections, by platform");
    private static readonly Counter<long> Updates = Meter.CreateCounter<long>("platform_events_total", description: "Events received from a platform, by platform");

    /// <summary>A command finished: <paramref name="outcome"/> is a short word (ok, denied, invalid, cooldown, failed).</summary>
    public static void CommandHandled(string command, string outcome, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("command", command), new("outcome", outcome) };
        Commands.Add(1, tags);
        CommandSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("command", command));
    }

    public static void VotesWritten(int count) => Votes.Add(count);

    public static void ReactionsWritten(int count) => Reactions.Add(count);

    /// <summary>A platform call failed; <paramref name="status"/> is the HTTP status or a word (timeout, network).</summary>
    public static void PlatformApiError(string platform, string status) =>
        ApiErrors.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("status", status));

    public static void GatewayReconnect(string platform) =>
        Reconnects.Add(1, new KeyValuePair<string, object?>("platform", platform));

    public static void PlatformEvent(string platform) =>
        Updates.Add(1, new KeyValuePair<string, object?>("platform", platform));

    /// <summary>Observes a gauge (queue depth and the like) through a callback; call once per process.</summary>
    public static void ObserveGauge(string name, string description, Func<long> read) =>
        Meter.CreateObservableGauge(name, read, description: description);
}
