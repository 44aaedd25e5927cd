using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Core.Library;

/// <summary>How the library grows over years. Section <c>Library</c>.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>Days of articles (by publication date, else by arrival) clustered together into stories; older
    /// stories are frozen as stored and only this window is loaded at start. News events rarely span more.</summary>
    [Range(1, 365)]
    public int StoryWindowDays { get; init; } = 4;

    /// <summary>The story window holds at least this many of the latest articles, however few days they span: word
    /// weights need enough articles (a library smaller than this is clustered whole).</summary>
    [Range(0, 20_000)]
    public int StoryWindowMinArticles { get; init; } = 1000;

    /// <summary>Days an article's text is kept (by arrival); older texts are dropped while title, link, story,
    /// summary, claims, votes and reactions stay. 0 keeps every text.</summary>
    [Range(0, 36_500)]
    public int TextRetentionDays { get; init; }

    /// <summary>How many stories' viewpoint reports are kept in memory (the least recently used go first).</summary>
    [Range(1, 100_000)]
    public int ReportCacheSize { get; init; } = 256;

    /// <summary>Folder of the on-disk full-text index (Lucene). Empty: beside the database file
    /// (<c>&lt;database&gt;.search</c>), or in memory for an in-memory database.</summary>
    public string SearchIndexPath { get; set; } = "";
}
