namespace DiscussionBot.Web.Operations;

/// <summary>One part of the bot that <c>/readyz</c> asks besides the platforms (the database). Cheap and
/// non-blocking: it runs on every probe.</summary>
public interface IReadinessCheck
{
    /// <summary>The part's name in the <c>/readyz</c> body.</summary>
    string Name { get; }

    ReadinessResult Check();
}

/// <summary>Whether a part is ready, with a line for the operator.</summary>
public sealed record ReadinessResult(bool Ready, string? Detail);
