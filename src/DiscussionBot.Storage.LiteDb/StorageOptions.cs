using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>Where and how the database is kept. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The LiteDB file; its directory is created. Relative paths are relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; init; } = "data/discussionbot.db";

    /// <summary>Seconds between checkpoints that fold LiteDB's log file into the data file.</summary>
    [Range(1, 3600)]
    public int CheckpointIntervalSeconds { get; init; } = 60;
}
