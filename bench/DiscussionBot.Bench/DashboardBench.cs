using System.Diagnostics;
using System.Globalization;
using System.Net;
using DiscussionBot.Core;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Dashboard;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
using DiscussionBot.Core.Storage;
using DiscussionBot.Storage.LiteDb;
using DiscussionBot.Web;
using DiscussionBot.Web.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiscussionBot.Bench;

/// <summary><c>dashboard [--reactions N] [--requests N]</c>: load time of the dashboard's reactions page (the heat map table and its chart, inline)
/// with N reactions in a real LiteDB file — the product's own composition (Core, LiteDB storage, the web endpoint and the
/// dashboard on loopback), a signed-in session, sequential requests after a warm-up. Beside it, in the same run, the
/// floor every such page stands on: reading the community's reaction log from LiteDB.</summary>
public static class DashboardBench
{
    private const string Community = "console:local";
    private const int Claims = 40;
    private const int Voters = 5000;
    private static readonly string[] Emojis = ["👍", "👎", "🤔", "❤", "😡", "🎉"];

    public static async Task<int> RunAsync(int reactions, int requests, TextWriter output, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dbot-dashbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DatabasePath"] = Path.Combine(directory, "bench.db"),
                ["Web:Urls"] = "http://127.0.0.1:0",
                ["Dashboard:SignInPerMinute"] = "1000",
            });
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            builder.AddDiscussionBotCore();
            builder.AddLiteDbStorage();
            builder.AddWebEndpoint();
            builder.AddDashboard();
            using var host = builder.Build();
            await host.StartAsync(ct);

            var seed = Stopwatch.StartNew();
            var topicIds = Seed(host.Services, reactions);
            await WriteReactionsAsync(host.Services, reactions, ct);
            seed.Stop();
            var size = new FileInfo(Path.Combine(directory, "bench.db")).Length;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"seeded {reactions:N0} reactions on {Claims} claims and 8 sources in {seed.Elapsed.TotalSeconds:0.0} s (database {size / 1024.0 / 1024.0:0.0} MiB, {topicIds} topics)"));

            var access = host.Services.GetRequiredService<DashboardAccess>();
            var secret = access.IssueLink(new ChatLocation("console", "local", "local"), new ChatUser("local", "moderator", true));
            var session = ((SignInOutcome.SignedIn)access.Redeem(secret)).Secret;
            var baseUrl = new Uri(host.Services.GetRequiredService<WebEndpointService>().Addresses[0]);
            var cookies = new CookieContainer();
            cookies.Add(baseUrl, new Cookie(DashboardModule.CookieName, session, "/dashboard"));
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
            var events = host.Services.GetRequiredService<IEventLog>();

            var measured = new (string Name, Func<Task> Run)[]
            {
                ("reaction log read (IEventLog, the floor)", () => { _ = events.ReactionsOfCommunity(Community).Count; return Task.CompletedTask; }),
                ("GET /dashboard/reactions", () => GetAsync(http, "/dashboard/reactions", ct)),
                ("GET /dashboard/reactions?topic=housing&by=label", () => GetAsync(http, "/dashboard/reactions?topic=housing&by=label", ct)),
            };
            var samples = measured.Select(_ => new List<double>()).ToArray();
            for (var round = -2; round < requests; round++)
            {
                // Interleaved: every figure sees the same machine state, and the first two rounds warm up.
                for (var i = 0; i < measured.Length; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await measured[i].Run();
                    if (round >= 0)
                    {
                        samples[i].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
            var floor = Percentile(samples[0], 0.5);
            foreach (var (m, i) in measured.Select((m, i) => (m, i)))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Name,-50} p50 {Percentile(samples[i], 0.5),8:0.0} ms  p90 {Percentile(samples[i], 0.9),8:0.0} ms  ({Percentile(samples[i], 0.5) / floor:0.00}× the log read, {requests} requests)"));
            }
            await host.StopAsync(ct);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>The demo library, topics and labels, and claims in the community's topics.</summary>
    private static int Seed(IServiceProvider services, int reactions)
    {
        services.GetRequiredService<DemoLoader>().Load(Community);
        var topics = services.GetRequiredService<ITopicStore>().List(Community);
        var claims = services.GetRequiredService<IClaimStore>();
        for (var i = 0; i < Claims; i++)
        {
            claims.Insert(new Claim
            {
                CommunityId = Community,
                Key = "bench:" + i,
                TopicId = topics[i % topics.Count].Id,
                Text = $"Benchmark claim {i}: the tower changes rents on the east bank by {i} percent",
                Origin = ClaimOrigin.Moderator,
                Status = ClaimStatus.Approved,
                CreatedBy = "bench",
            });
        }
        return topics.Count;
    }

    /// <summary>Reactions through the durable writer, as the adapters write them: posts about claims and about summaries
    /// of eight sources, a tenth of them removals.</summary>
    private static async Task WriteReactionsAsync(IServiceProvider services, int count, CancellationToken ct)
    {
        var writer = services.GetRequiredService<IEventWriter>();
        var random = new Random(13);
        var start = DateTimeOffset.UtcNow - TimeSpan.FromDays(14);
        var pending = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var aboutClaim = random.Next(3) > 0;
            var claim = random.Next(Claims) + 1;
            var source = $"source-{random.Next(8)}.example";
            var post = aboutClaim ? $"console:local:c{claim}-{random.Next(5)}" : $"console:local:s{source}";
            pending.Add(writer.WriteAsync(new ReactionRecord
            {
                Id = "bench:" + i.ToString(CultureInfo.InvariantCulture),
                CommunityId = Community,
                MessageKey = post,
                Kind = aboutClaim ? PostKind.Claim : PostKind.Summary,
                ClaimId = aboutClaim ? claim : null,
                Source = aboutClaim && random.Next(2) == 0 ? null : source,
                Voter = "v" + random.Next(Voters).ToString(CultureInfo.InvariantCulture),
                Emoji = Emojis[random.Next(Emojis.Length)],
                Added = random.Next(10) > 0,
                At = start + TimeSpan.FromSeconds(i * 12),
            }, ct).AsTask());
            if (pending.Count == 10_000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
