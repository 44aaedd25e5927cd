using DiscussionBot.Host.Cli;

// The command line (System.CommandLine) picks what to run; every mode builds the same host (BotHost).
// Arguments of the form --Section:Key=value are configuration, as everywhere in .NET.
return await CommandLine.InvokeAsync(args);
