using DiscussionBot.Core.Storage;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>One document per article in <c>article_vectors</c> (kept apart from the articles, so listing and
/// searching articles never reads vectors).</summary>
public sealed class LiteArticleVectorStore(BotDatabase db) : IArticleVectorStore
{
    private readonly ILiteCollection<ArticleVectors> _vectors = db.Collection<ArticleVectors>(Collections.ArticleVectors);

    public ArticleVectors? Get(int articleId, string model) =>
        _vectors.FindById(articleId) is { } found && found.Model == model ? found : null;

    public void Save(ArticleVectors vectors) => _vectors.Upsert(vectors);

    public IReadOnlySet<int> Encoded(string model) =>
        _vectors.Query().Where(v => v.Model == model).Select(v => v.Id).ToList().ToHashSet();
}
