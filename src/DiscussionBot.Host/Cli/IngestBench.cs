using System.Diagnostics;
using System.Globalization;
using DiscussionBot.Core.Domain;
using DiscussionBot.Storage.LiteDb;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot bench ingest [--events N]</c>: votes and reactions through the durable writer beside
/// the same documents inserted with raw LiteDB <c>InsertBulk</c>, alternating, in one run; medians and their ratio.</summary>
public static class IngestBench
{
    public static async Task<int> RunAsync(int events, int rounds, TextWriter output, CancellationToken ct)
    {
        var writerRates = new List<double>();
        var rawRates = new List<double>();
        long peakQueueBytes = 0;
        var capacity = new StorageOptions().WriterQueueCapacity;
        await output.WriteLineAsync($"ingest: {events:N0} events a round (half votes, half reactions), {rounds} rounds, writer queue capacity {capacity:N0}");
        for (var round = 0; round < rounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            var (rate, peak, batches) = await ThroughWriterAsync(events, round, ct);
            writerRates.Add(rate);
            peakQueueBytes = Math.Max(peakQueueBytes, peak);
            rawRates.Add(RawInsertBulk(events, round));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: writer {writerRates[^1],10:N0} events/s ({batches} group commits)   raw InsertBulk {rawRates[^1],10:N0} docs/s"));
        }
        var writer = Median(writerRates);
        var raw = Median(rawRates);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"durable writer (acknowledged after commit): median {writer:N0} events/s"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"raw LiteDB InsertBulk:                      median {raw:N0} docs/s"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ratio writer/raw: {writer / raw:0.00} (target ≥ 0.80)"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"managed heap high-water above baseline while the writer ran (garbage included): {peakQueueBytes / 1024.0 / 1024.0:0.0} MiB; the queue holds at most {capacity:N0} events"));
        return 0;
    }

    private static async Task<(double Rate, long PeakBytes, long Batches)> ThroughWriterAsync(int events, int round, CancellationToken ct)
    {
        using var dir = new TempDatabase();
        using var db = new BotDatabase(dir.Path);
        var writer = new DurableEventWriter(db, Options.Create(new StorageOptions { DatabasePath = dir.Path }), TimeProvider.System, NullLogger<DurableEventWriter>.Instance);
        await writer.StartAsync(ct);
        GC.Collect();
        var baseline = GC.GetTotalMemory(false);
        long peak = 0;
        var stopwatch = Stopwatch.StartNew();
        // Many members at once, as an adapter handles a burst of updates: each producer keeps a window of
        // writes in flight and awaits their acknowledgements, so the writer can group them into large commits.
        const int producers = 16;
        const int window = 2048;
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            var inFlight = new Queue<Task>(window);
            for (var i = p; i < events; i += producers)
            {
                if (inFlight.Count == window)
                {
                    await inFlight.Dequeue();
                }
                inFlight.Enqueue(i % 2 == 0 ? writer.WriteAsync(Vote(round, i)).AsTask() : writer.WriteAsync(Reaction(round, i)).AsTask());
                if (i % 4096 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                }
            }
            await Task.WhenAll(inFlight);
        }, ct)).ToArray();
        await Task.WhenAll(tasks);
        stopwatch.Stop();
        await writer.StopAsync(ct);
        if (writer.Committed != events)
        {
            throw new InvalidOperationException($"the writer committed {writer.Committed} of {events} events");
        }
        return (events / stopwatch.Elapsed.TotalSeconds, peak, writer.Batches);
    }

    private static double RawInsertBulk(int events, int round)
    {
        using var dir = new TempDatabase();
        using var db = new BotDatabase(dir.Path);
        var votes = db.Database.GetCollection(Collections.Votes);
        var reactions = db.Database.GetCollection(Collections.Reactions);
        var mapper = db.Database.Mapper;
        var stopwatch = Stopwatch.StartNew();
        var voteDocs = new List<LiteDB.BsonDocument>(events / 2 + 1);
        var reactionDocs = new List<LiteDB.BsonDocument>(events / 2 + 1);
        for (var i = 0; i < events; i++)
        {
            if (i % 2 == 0)
            {
                voteDocs.Add(mapper.ToDocument(Vote(round, i) with { Seq = i }));
            }
            else
            {
                reactionDocs.Add(mapper.ToDocument(Reaction(round, i) with { Seq = i }));
            }
        }
        votes.InsertBulk(voteDocs);
        reactions.InsertBulk(reactionDocs);
        stopwatch.Stop();
        return events / stopwatch.Elapsed.TotalSeconds;
    }

    internal static VoteRecord Vote(int round, int i) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"bench:{round}:{i}"),
        PollId = 1 + (i % 50),
        CommunityId = "bench:community",
        Voter = string.Create(CultureInfo.InvariantCulture, $"v_{i % 5000:x8}"),
        Options = [i % 3],
        At = DateTimeOffset.UnixEpoch.AddSeconds(i),
    };

    internal static ReactionRecord Reaction(int round, int i) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"bench:{round}:{i}"),
        CommunityId = "bench:community",
        MessageKey = string.Create(CultureInfo.InvariantCulture, $"bench:chat:{i % 200}"),
        Kind = Core.Chat.PostKind.Claim,
        ClaimId = i % 40,
        Source = "bench.example",
        Voter = string.Create(CultureInfo.InvariantCulture, $"v_{i % 5000:x8}"),
        Emoji = (i % 3) switch { 0 => "👍", 1 => "👎", _ => "🔥" },
        Added = i % 7 != 0,
        At = DateTimeOffset.UnixEpoch.AddSeconds(i),
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class TempDatabase : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("discussionbot-bench-").FullName;

        public string Path => System.IO.Path.Combine(_directory, "bench.db");

        public void Dispose()
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>A hidden tool for the crash test: writes events through the durable writer and prints
/// <c>ack &lt;id&gt;</c> the moment each is acknowledged, until it is killed.</summary>
public static class WriterProbe
{
    public static async Task<int> RunAsync(string databasePath, string run, int events, TextWriter output, CancellationToken ct)
    {
        using var db = new BotDatabase(databasePath);
        var writer = new DurableEventWriter(db, Options.Create(new StorageOptions { DatabasePath = databasePath, WriterMaxBatch = 500 }), TimeProvider.System, NullLogger<DurableEventWriter>.Instance);
        await writer.StartAsync(ct);
        var gate = new Lock();
        const int producers = 16;
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < events; i += producers)
            {
                var vote = IngestBench.Vote(0, i) with { Id = $"{run}:{i}" };
                await writer.WriteAsync(vote, ct);
                lock (gate)
                {
                    output.WriteLine($"ack {vote.Id}");
                    output.Flush();
                }
            }
        }, ct)));
        await writer.StopAsync(ct);
        return 0;
    }
}
