using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiscussionBot.Host.Cli;

/// <summary><c>discussionbot export polls|votes|reactions</c>: the same files moderators get from <c>/export</c>.</summary>
public static class ExportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string kind, string? communityId, string? topicSlug, bool json, string? outFile, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var communities = services.GetRequiredService<ICommunityStore>().All();
        if (communityId is null)
        {
            if (communities.Count != 1)
            {
                await error.WriteLineAsync(communities.Count == 0
                    ? "The database has no community yet."
                    : "Several communities: name one with --community (" + string.Join(", ", communities.Select(c => c.Id)) + ").");
                return 1;
            }
            communityId = communities[0].Id;
        }
        else if (communities.All(c => c.Id != communityId))
        {
            await error.WriteLineAsync($"No community {communityId}. Known: {string.Join(", ", communities.Select(c => c.Id))}.");
            return 1;
        }
        Topic? topic = null;
        if (topicSlug is not null && (topic = services.GetRequiredService<ITopicStore>().Find(communityId, topicSlug.ToLowerInvariant())) is null)
        {
            await error.WriteLineAsync($"No topic {topicSlug} in {communityId}.");
            return 1;
        }
        var file = services.GetRequiredService<Exporter>().Export(communityId, kind, topic, json);
        if (outFile is null)
        {
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(file.Content));
            await output.FlushAsync(ct);
        }
        else
        {
            await File.WriteAllBytesAsync(outFile, file.Content, ct);
            await error.WriteLineAsync($"Wrote {file.Content.Length:N0} bytes to {outFile}.");
        }
        return 0;
    }
}
