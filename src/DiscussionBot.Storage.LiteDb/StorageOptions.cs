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

    /// <summary>Votes and reactions waiting for the durable writer; a fuller queue makes producers wait.</summary>
    [Range(16, 1_000_000)]
    public int WriterQueueCapacity { get; init; } = 40_000;

    /// <summary>Most events committed in one transaction.</summary>
    [Range(1, 100_000)]
    public int WriterMaxBatch { get; init; } = 20_000;

    /// <summary>The secret behind pseudonymous voter ids (base64, at least 32 bytes). When empty, a key is
    /// generated on first start and kept in <c>voter.key</c> beside the database.</summary>
    public string VoterKey { get; init; } = "";
}
