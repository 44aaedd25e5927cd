using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;

namespace DiscussionBot.Core.Library;

/// <summary>Loads <see cref="DemoContent"/> into the library and, for a community, its topics and source labels.</summary>
public sealed class DemoLoader(ArticleLibrary library, ITopicStore topics, ISourceStore sources, TimeProvider time)
{
    /// <summary>Returns how many articles were new (the demo can be loaded twice without duplicates).</summary>
    public int Load(string communityId)
    {
        var now = time.GetUtcNow();
        foreach (var (slug, description, keywords) in DemoContent.Topics)
        {
            if (topics.Find(communityId, slug) is null)
            {
                var topic = topics.Insert(new Topic { CommunityId = communityId, Slug = slug, Description = description, Keywords = [.. keywords], CreatedAt = now });
                library.Reassign(topic);
            }
        }
        foreach (var source in DemoContent.Sources)
        {
            if (sources.Find(communityId, source.Key) is null)
            {
                sources.Upsert(new Source { CommunityId = communityId, Key = source.Key, DisplayName = source.Name, StanceLabel = source.Stance, UpdatedAt = now });
            }
        }
        return DemoContent.Articles.Count(a => library.Add(a, "demo") is AddOutcome.Added);
    }
}
