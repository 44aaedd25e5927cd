using System.Globalization;
using System.Text.RegularExpressions;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// The days an article's title and lead name for its event: weekday names ("on Monday", "Thursday's vote") and
/// month-day dates ("Sept. 16", "October 18", "18 October"). News names the day of its event, and two takes of one
/// event name the same one whatever hour each was published at, so two articles that both name a day and share none
/// are likelier two events (consecutive days' takes on one topic), two that share one likelier one.
/// English only, written by hand (Microsoft.Recognizers.Text.DateTime does not restore here, and a full date
/// recognizer resolves much more than this needs): capitalised names only ("may" the verb never matches, "May" only
/// before a day number, as every month), weekday names in holiday names ("Black Friday", "Super Tuesday") left out.
/// </summary>
public static partial class StoryDays
{
    /// <summary>Mentions are kept for the title and this many sentences of the body (the features use <see cref="Lead"/> of them).</summary>
    public const int MaxSentences = 5;

    /// <summary>Sentences of the body whose day names count (the title always does): five, chosen by cross-validation on allsides-train (tools/StoryFit cv; one and three scored lower).</summary>
    internal static int Lead { get; set; } = MaxSentences;

    /// <summary>Only the start of a body is split into sentences: the lead is long told by then.</summary>
    const int MaxChars = 3000;

    static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    // Words before a weekday name that make it a holiday or an event's name, not a day of this week.
    static readonly HashSet<string> NotADay = new(StringComparer.Ordinal)
    {
        "Black", "Cyber", "Super", "Good", "Ash", "Easter", "Bloody", "Giving", "Holy", "Palm", "Maundy", "Fat", "Shrove", "Whit",
        "Business",
    };

    [GeneratedRegex(@"\b(?<prev>[A-Z][a-z]+\s+)?(?<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayPattern();

    // "Sept. 16", "Oct 18th", "October 18" ... and "18 October", "18th of October".
    [GeneratedRegex(@"\b(?:(?<m1>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)\s+(?<d1>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\s*(?:%|percent|million|billion|people|points|votes))|(?<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?<m2>January|February|March|April|May|June|July|August|September|October|November|December)\b)(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    /// <summary>
    /// The day mentions of a title and the start of a body, each as "w{1-7}@{position}" (Monday = 1) or
    /// "m{month}-{day}@{position}", position 0 for the title and 1.. for the body's sentences (up to <see cref="MaxSentences"/>),
    /// in order of appearance. Never throws; empty when nothing names a day.
    /// </summary>
    public static IReadOnlyList<string> Of(string? title, string? body)
    {
        var result = new List<string>();
        Scan(title, 0, result);
        if (!string.IsNullOrEmpty(body))
        {
            var position = 1;
            foreach (var sentence in SentenceSplitter.Split(body.Length > MaxChars ? body[..MaxChars] : body))
            {
                if (position > MaxSentences)
                {
                    break;
                }
                Scan(sentence.Text, position++, result);
            }
        }
        return result;
    }

    static void Scan(string? text, int position, List<string> into)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        if (text.Length > SentenceSplitter.MaxSentenceChars * 4)
        {
            text = text[..(SentenceSplitter.MaxSentenceChars * 4)];
        }
        foreach (Match m in WeekdayPattern().Matches(text))
        {
            if (m.Groups["prev"].Success && NotADay.Contains(m.Groups["prev"].Value.TrimEnd()))
            {
                continue;
            }
            var key = string.Create(CultureInfo.InvariantCulture, $"w{Array.IndexOf(Weekdays, m.Groups["wd"].Value) + 1}@{position}");
            if (!into.Contains(key))
            {
                into.Add(key);
            }
        }
        foreach (Match m in DatePattern().Matches(text))
        {
            var month = m.Groups["m1"].Success ? m.Groups["m1"].Value : m.Groups["m2"].Value;
            var day = int.Parse(m.Groups["d1"].Success ? m.Groups["d1"].Value : m.Groups["d2"].Value, CultureInfo.InvariantCulture);
            var number = MonthNumber(month);
            if (day is < 1 or > 31 || number == 0)
            {
                continue;
            }
            var key = string.Create(CultureInfo.InvariantCulture, $"m{number}-{day}@{position}");
            if (!into.Contains(key))
            {
                into.Add(key);
            }
        }
    }

    static int MonthNumber(string name) => name[..3] switch
    {
        "Jan" => 1, "Feb" => 2, "Mar" => 3, "Apr" => 4, "May" => 5, "Jun" => 6,
        "Jul" => 7, "Aug" => 8, "Sep" => 9, "Oct" => 10, "Nov" => 11, "Dec" => 12,
        _ => 0,
    };

    /// <summary>The days named in the title and the first <paramref name="lead"/> sentences of stored mentions
    /// (<see cref="Of"/>): weekdays as bits (Monday = bit 1), dates as month * 32 + day.</summary>
    internal static Marks Read(IReadOnlyList<string> mentions, int lead)
    {
        var weekdays = 0;
        List<int>? dates = null;
        foreach (var mention in mentions)
        {
            var at = mention.LastIndexOf('@');
            if (at < 2 || !int.TryParse(mention.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position > lead)
            {
                continue;
            }
            var value = mention.AsSpan(1, at - 1);
            if (mention[0] == 'w' && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var wd) && wd is >= 1 and <= 7)
            {
                weekdays |= 1 << wd;
            }
            else if (mention[0] == 'm' && value.IndexOf('-') is var dash and > 0
                && int.TryParse(value[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
                && int.TryParse(value[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31)
            {
                dates ??= [];
                if (!dates.Contains(month * 32 + day))
                {
                    dates.Add(month * 32 + day);
                }
            }
        }
        return new Marks(weekdays, dates?.ToArray() ?? []);
    }

    /// <summary>The weekdays (bits) and dates (month * 32 + day) an article's title and lead name.</summary>
    internal sealed record Marks(int Weekdays, int[] Dates)
    {
        /// <summary>Whether both name a weekday and share one, and whether both name one and share none; the same for dates.</summary>
        public static (double SameWeekday, double OtherWeekday, double SameDate, double OtherDate) Compare(Marks? a, Marks? b)
        {
            if (a is null || b is null)
            {
                return (0, 0, 0, 0);
            }
            double sameW = 0, otherW = 0, sameD = 0, otherD = 0;
            if (a.Weekdays != 0 && b.Weekdays != 0)
            {
                (sameW, otherW) = (a.Weekdays & b.Weekdays) != 0 ? (1, 0) : (0, 1);
            }
            if (a.Dates.Length > 0 && b.Dates.Length > 0)
            {
                (sameD, otherD) = a.Dates.Any(b.Dates.Contains) ? (1, 0) : (0, 1);
            }
            return (sameW, otherW, sameD, otherD);
        }
    }
}
