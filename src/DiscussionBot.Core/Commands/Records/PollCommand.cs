using System.Globalization;
using DiscussionBot.Core.Chat;
using DiscussionBot.Core.Library;

namespace DiscussionBot.Core.Commands.Records;

/// <summary>
/// <c>/poll &lt;claim id&gt; ["option" …]</c> or <c>/poll "question" "option" "option" …</c> with
/// <c>--duration 2d --multiple --anonymous --hidden</c>; a setting left out (null) takes the community's default.
/// </summary>
public sealed record PollCommand(int? ClaimId, string? Question, IReadOnlyList<string> Options, TimeSpan? Duration, bool? Multiple, bool? Anonymous, bool? Hidden) : ICommandRecord
{
    public const string Usage = "Usage: /poll <claim id> [\"option\" …] or /poll \"question\" \"option\" \"option\" … [--duration 2d] [--multiple] [--anonymous] [--hidden]";

    public const string DurationProblem = "--duration takes e.g. 30m, 24h or 7d: at least a minute, at most 30 days.";

    public static ParsedCommand<PollCommand> Parse(CommandRequest request) =>
        request.Record is PollCommand given ? given : request.Options is { } options ? FromOptions(options) : FromText(request.Args);

    public static ParsedCommand<PollCommand> FromText(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        TimeSpan? duration = null;
        bool? multiple = null, anonymous = null, hidden = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (flag, value) = arg.StartsWith("--", StringComparison.Ordinal) ? (arg.Split('=', 2)[0].ToLowerInvariant(), arg.Contains('=', StringComparison.Ordinal) ? arg.Split('=', 2)[1] : null) : ("", null);
            switch (flag)
            {
                case "":
                    words.Add(arg);
                    break;
                case "--duration":
                    value ??= i + 1 < args.Count ? args[++i] : "";
                    if (CommunitySettings.ParseDuration(value) is not { } d)
                    {
                        return ParsedCommand<PollCommand>.Fail(DurationProblem);
                    }

                    duration = d;
                    break;
                case "--multiple": multiple = true; break;
                case "--single": multiple = false; break;
                case "--anonymous": anonymous = true; break;
                case "--public": anonymous = false; break;
                case "--hidden": hidden = true; break;
                case "--visible": hidden = false; break;
                default:
                    return ParsedCommand<PollCommand>.Fail($"Unknown option {Shortening.Shorten(flag, 30)}. {Usage}");
            }
        }

        if (words.Count == 0)
        {
            return ParsedCommand<PollCommand>.Fail(Usage);
        }

        return int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var claimId)
            ? new PollCommand(claimId, null, [.. words.Skip(1)], duration, multiple, anonymous, hidden)
            : new PollCommand(null, words[0], [.. words.Skip(1)], duration, multiple, anonymous, hidden);
    }

    public static ParsedCommand<PollCommand> FromOptions(CommandOptions options)
    {
        TimeSpan? duration = null;
        if (options.Get("duration") is { } text)
        {
            if (CommunitySettings.ParseDuration(text) is not { } d)
            {
                return ParsedCommand<PollCommand>.Fail(DurationProblem);
            }

            duration = d;
        }

        var (multiple, anonymous, hidden) = (options.Flag("multiple"), options.Flag("anonymous"), options.Flag("hidden"));
        return options.Verb() switch
        {
            "claim" when int.TryParse(options.Get("claim"), NumberStyles.None, CultureInfo.InvariantCulture, out var claimId) =>
                new PollCommand(claimId, null, [], duration, multiple, anonymous, hidden),
            "free" when options.Get("question") is { } question =>
                new PollCommand(null, question, ArgumentParser.Split(options.Get("options") ?? ""), duration, multiple, anonymous, hidden),
            _ => ParsedCommand<PollCommand>.Fail(Usage),
        };
    }
}
