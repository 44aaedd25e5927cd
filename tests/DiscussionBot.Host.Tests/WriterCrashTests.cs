using System.Diagnostics;
using DiscussionBot.Storage.LiteDb;
using LiteDB;

namespace DiscussionBot.Host.Tests;

/// <summary>The durable writer in a child process, killed with SIGKILL in the middle of a burst, again and again:
/// every event it acknowledged is in the database afterwards, none twice, and the database opens cleanly.</summary>
public sealed class WriterCrashTests
{
    [Fact]
    public async Task Every_acknowledged_vote_survives_a_sigkill_in_the_middle_of_a_burst()
    {
        using var runner = new HostRunner();
        var database = runner.File("crash/votes.db");
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(20261125);
        const int kills = 6;

        for (var round = 0; round < kills; round++)
        {
            var stopAfter = random.Next(200, 4000);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "discussionbot.dll"), "probe-writer", "--db", database, "--run", $"r{round}", "--events", "1000000" })
            {
                info.ArgumentList.Add(arg);
            }
            using var process = Process.Start(info)!;
            var seen = 0;
            try
            {
                while (seen < stopAfter && await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
                {
                    Assert.StartsWith("ack ", line, StringComparison.Ordinal);
                    Assert.True(acknowledged.Add(line[4..]), $"{line} acknowledged twice");
                    seen++;
                }
            }
            finally
            {
                process.Kill(); // SIGKILL: no shutdown, no drain, no checkpoint
                await process.WaitForExitAsync();
            }
            Assert.Equal(stopAfter, seen);

            // The database opens cleanly (LiteDB replays its log) and holds every acknowledged vote once.
            using var db = new BotDatabase(database);
            var ids = db.Database.GetCollection(Collections.Votes).Query().Select("$._id").ToList().Select(d => d["_id"].AsString).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            var stored = ids.ToHashSet(StringComparer.Ordinal);
            var missing = acknowledged.Where(id => !stored.Contains(id)).Take(5).ToList();
            Assert.True(missing.Count == 0, $"round {round}: acknowledged but not stored: {string.Join(", ", missing)}");
        }
    }
}
