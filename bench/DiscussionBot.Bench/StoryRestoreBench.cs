using System.Diagnostics;
using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Storage;
using DiscussionBot.Host;
using DiscussionBot.Host.Cli;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Testing;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Bench;

/// <summary>
/// <c>story-restore [--articles 10000] [--rounds 3]</c>: what a start costs when the stored story features predate day
/// names (format 1), which the story index completes at the first start that reads them. A library is built as
/// <c>discussionbot bench library</c> builds it; a copy has every <c>article_terms</c> row rewritten as format 1 (the
/// same words, no days). Each round then opens, on fresh copies, the library as imported (format 2: what a start of a
/// library without old rows costs, and what a start on format-1 rows cost before they were completed: rows read as
/// they are, nothing written), the format-1 library at its first start (days added, rows stored again) and the same
/// copy at its second start; the three in turn, in an order that rotates each round, so load from elsewhere falls on
/// each alike. The time is <see cref="StoryIndex.EnsureLoaded()"/>'s (the window read and clustered), after the host is
/// built and the database open.
/// </summary>
public static class StoryRestoreBench
{
    public static async Task<int> RunAsync(int size, int rounds, TextWriter output, CancellationToken ct)
    {
        var corpus = BenchCorpus.Load(Console.Error);
        if (corpus.Count == 0)
        {
            await Console.Error.WriteLineAsync("No corpus articles found under ../shared/corpora (allsides-*.jsonl, bbc-summary-dev.jsonl).");
            return 2;
        }
        var directory = Directory.CreateTempSubdirectory("discussionbot-story-restore-bench-");
        try
        {
            var imported = Path.Combine(directory.FullName, "imported.db");
            var (added, _) = LibraryBench.Import(imported, corpus, size, ct);
            var formatOne = Path.Combine(directory.FullName, "format-one.db");
            Copy(imported, formatOne);
            var rewritten = RewriteAsFormatOne(formatOne);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{added:N0} articles added; {rewritten:N0} stored feature rows rewritten as format 1 in the upgraded copy; {rounds} rounds, each start on a fresh copy"));

            var times = new Dictionary<string, List<double>> { ["format 2 (as imported)"] = [], ["format 1, first start"] = [], ["format 1, second start"] = [] };
            var upgraded = new List<(int Rows, int StillOld)>();
            for (var round = 0; round < rounds; round++)
            {
                var order = Enumerable.Range(0, 2).Select(i => (i + round) % 2).ToList();
                foreach (var which in order)
                {
                    ct.ThrowIfCancellationRequested();
                    var copy = Path.Combine(directory.FullName, $"round{round}-{which}.db");
                    if (which == 0)
                    {
                        Copy(imported, copy);
                        times["format 2 (as imported)"].Add(Start(copy));
                    }
                    else
                    {
                        Copy(formatOne, copy);
                        var before = Formats(copy);
                        times["format 1, first start"].Add(Start(copy));
                        var after = Formats(copy);
                        upgraded.Add((before.Old - after.Old, after.Old));
                        times["format 1, second start"].Add(Start(copy));
                        if (Formats(copy).Old != after.Old)
                        {
                            await output.WriteLineAsync("the second start rewrote rows: it should have read them as they were");
                            return 1;
                        }
                    }
                    foreach (var file in Directory.EnumerateFileSystemEntries(directory.FullName, Path.GetFileName(copy) + "*"))
                    {
                        if (Directory.Exists(file))
                        {
                            Directory.Delete(file, recursive: true);
                        }
                        else
                        {
                            File.Delete(file);
                        }
                    }
                }
            }
            var baseline = Median(times["format 2 (as imported)"]);
            await output.WriteLineAsync("start | story window loaded, median ms | each round ms | × format 2");
            foreach (var (name, values) in times)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{name} | {Median(values):F0} | {string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} | {Median(values) / baseline:F2}"));
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"rows completed with their days at the first start: {string.Join(", ", upgraded.Select(u => u.Rows))} (format-1 rows left, not read by a start: {upgraded[0].StillOld:N0})"));
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Milliseconds of the story index's load at a start of <paramref name="db"/>.</summary>
    private static double Start(string db)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var host = BotHost.CreateBuilder([$"--Storage:DatabasePath={db}", "--Encoder:Enabled=false", "--Logging:LogLevel:Default=Warning"], HostMode.Tool).Build();
        host.Services.GetRequiredService<IArticleStore>().Count();
        var started = Stopwatch.GetTimestamp();
        host.Services.GetRequiredService<StoryIndex>().EnsureLoaded();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Rewrites every stored feature row as the codec before day names wrote it; returns how many.</summary>
    private static int RewriteAsFormatOne(string db)
    {
        using var database = new BotDatabase(db);
        var store = new LiteArticleTermsStore(database);
        var rows = database.Collection<BsonDocument>(Collections.ArticleTerms);
        var count = 0;
        database.Database.BeginTrans();
        foreach (var row in rows.FindAll().ToList())
        {
            var id = row["_id"].AsInt32;
            var hash = row["ContentHash"].AsString;
            var fingerprint = row["Fingerprint"].AsString;
            if (store.Get(id, hash, fingerprint).Terms is not { } terms)
            {
                continue;
            }
            store.Save(id, hash, fingerprint, terms with { Days = null });
            var saved = rows.FindById(id);
            saved["Data"] = StoredTermsFormats.AsFormatOne(saved["Data"].AsBinary);
            rows.Update(saved);
            count++;
        }
        database.Database.Commit();
        return count;
    }

    /// <summary>How many stored feature rows are in format 1.</summary>
    private static (int Old, int All) Formats(string db)
    {
        using var database = new BotDatabase(db);
        var data = database.Collection<BsonDocument>(Collections.ArticleTerms).FindAll().Select(r => r["Data"].AsBinary[2]).ToList();
        return (data.Count(b => b == 1), data.Count);
    }

    /// <summary>Copies a database file (the LiteDB file and its full-text index folder beside it).</summary>
    private static void Copy(string from, string to)
    {
        File.Copy(from, to, overwrite: true);
        if (Directory.Exists(from + ".search"))
        {
            Directory.CreateDirectory(to + ".search");
            foreach (var file in Directory.EnumerateFiles(from + ".search"))
            {
                File.Copy(file, Path.Combine(to + ".search", Path.GetFileName(file)), overwrite: true);
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
