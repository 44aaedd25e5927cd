namespace DiscussionBot.Core.Operations;

/// <summary>The process exit codes an operator (and systemd's <c>Restart=on-failure</c>) can act on. Transient trouble
/// (a platform briefly unreachable, 429, 5xx) never ends the process; these are for what a restart cannot fix.</summary>
public static class BotExitCodes
{
    public const int Ok = 0;

    /// <summary>A CLI tool found nothing to do or its input was wrong.</summary>
    public const int Usage = 1;

    /// <summary>A configuration value is missing or invalid; the message names the key.</summary>
    public const int Configuration = 2;

    /// <summary>A platform refused the bot's credentials (Telegram 401, Discord 4004) or a setting it cannot accept.</summary>
    public const int PlatformRefused = 3;

    /// <summary>No platform token is configured and there is no terminal for the console chat.</summary>
    public const int NothingToRun = 4;

    /// <summary>A service died of an unhandled exception (a bug); the log holds the exception. 70 is EX_SOFTWARE.</summary>
    public const int Crashed = 70;
}
