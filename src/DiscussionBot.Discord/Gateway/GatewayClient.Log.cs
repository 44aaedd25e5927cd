using Microsoft.Extensions.Logging;

namespace DiscussionBot.Discord.Gateway;

public sealed partial class GatewayClient
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connecting to the Discord gateway at {Url} (resume: {Resume})")]
    internal static partial void LogConnecting(ILogger logger, Uri url, bool resume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identifying with intents {Intents} as shard {Shard}")]
    internal static partial void LogIdentifying(ILogger logger, int intents, string shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the Message Content intent (close 4014). The bot goes on without it: slash commands keep working, "
        + "but plain messages arrive without text, so automatic summaries of links posted in channels are off (links in messages that mention the bot, and in DMs, "
        + "are still summarised). To enable it: Discord Developer Portal → your application → Bot → "
        + "Privileged Gateway Intents → Message Content Intent, then restart")]
    internal static partial void LogMessageContentRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The resume URL failed {Failures} times in a row; identifying afresh on the gateway URL")]
    internal static partial void LogResumeUrlGivenUp(ILogger logger, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A gateway status listener failed")]
    internal static partial void LogStatusListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway session {SessionId} ready as {BotName}")]
    internal static partial void LogReady(ILogger logger, string sessionId, string? botName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway session {SessionId} resumed at sequence {Sequence}")]
    internal static partial void LogResumed(ILogger logger, string? sessionId, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored gateway session {SessionId} at sequence {Sequence}, saved {SavedAt}; resuming")]
    internal static partial void LogRestoredSession(ILogger logger, string sessionId, int sequence, DateTimeOffset savedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped {EventName} #{Sequence}: already handled in this session")]
    internal static partial void LogDuplicate(ILogger logger, string eventName, int sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatch queue full; dropped {EventName} #{Sequence}. The event sink is not keeping up")]
    internal static partial void LogQueueFull(ILogger logger, string eventName, int sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {EventName} #{Sequence} failed")]
    internal static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventName, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No heartbeat ACK since the last heartbeat; closing the zombie connection and resuming")]
    internal static partial void LogZombie(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a heartbeat failed")]
    internal static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The gateway asked us to reconnect (op 7)")]
    internal static partial void LogReconnectRequested(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid session (op 9), resumable: {Resumable}")]
    internal static partial void LogInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The gateway closed the connection with {CloseCode} ({CloseReason}); next: {Action}")]
    internal static partial void LogServerClosed(ILogger logger, int closeCode, string? closeReason, GatewayCloseAction action);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Discord gateway closed with {CloseCode}: {Explanation} ({CloseReason}). Not reconnecting")]
    internal static partial void LogFatalClose(ILogger logger, int closeCode, string explanation, string closeReason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection failed")]
    internal static partial void LogConnectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting ({Action}) in {DelayMs} ms after {Failures} failed attempts")]
    internal static partial void LogReconnecting(ILogger logger, GatewayCloseAction action, double delayMs, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expected HELLO as the first payload, got op {Op}")]
    internal static partial void LogUnexpectedFirstPayload(ILogger logger, GatewayOpCode? op);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a gateway payload that is not valid JSON")]
    internal static partial void LogBadPayload(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GET /gateway/bot failed; using Discord:GatewayUrl without session start limits")]
    internal static partial void LogNoSessionLimit(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {Total} identifies of the day are used; waiting {Minutes:0.#} minutes for the limit to reset")]
    internal static partial void LogIdentifyLimitReached(ILogger logger, int total, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the gateway session failed; a restart may identify instead of resuming")]
    internal static partial void LogSessionSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the gateway connection failed")]
    internal static partial void LogCloseFailed(ILogger logger, Exception exception);
}
