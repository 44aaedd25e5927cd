using System.Text;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>The day names of a title and lead (<see cref="StoryDays"/>), which the story model compares.</summary>
public sealed class StoryDaysTests
{
    [Fact]
    public void Weekday_names_are_found_in_the_title_and_in_each_lead_sentence_with_their_position()
    {
        var days = StoryDays.Of(
            "Senate passes the bill on Tuesday",
            "Lawmakers voted 52-48. Wednesday's session is set to take up the House version. The president said on Friday he would sign it.");

        Assert.Equal(["w2@0", "w3@2", "w5@3"], days);
    }

    [Fact]
    public void Month_day_dates_are_found_written_every_usual_way_and_compared_as_month_and_day()
    {
        var days = StoryDays.Of(null, "The hearing on Sept. 16 was moved to October 18th. A vote was held on 3 March. Oct 5 saw the first session.");

        Assert.Equal(["m9-16@1", "m10-18@1", "m3-3@2", "m10-5@3"], days);
        var a = StoryDays.Read(StoryDays.Of(null, "The hearing began on September 16, 2019, in the capital."), StoryDays.Lead);
        var b = StoryDays.Read(StoryDays.Of(null, "On Sept. 16 the committee heard its first witness."), StoryDays.Lead);
        var c = StoryDays.Read(StoryDays.Of(null, "On Sept. 17 the committee heard its second witness."), StoryDays.Lead);
        Assert.Equal((0, 0, 1, 0), StoryDays.Marks.Compare(a, b));
        Assert.Equal((0, 0, 0, 1), StoryDays.Marks.Compare(b, c));
    }

    [Fact]
    public void The_verb_may_the_noun_march_holidays_and_numbers_that_are_no_day_are_not_days()
    {
        var days = StoryDays.Of(
            "Thousands march on the capital as Black Friday sales may slow",
            "The March for Life drew crowds. Officials may 5 times over deny it. Super Tuesday results and Cyber Monday deals came in. " +
            "Prices rose in May 2020 and March 3.5 percent higher. Sales in June 2021 fell.");

        Assert.Empty(days);
    }

    [Fact]
    public void Only_the_title_and_the_first_sentences_count()
    {
        var body = string.Join(' ', Enumerable.Range(1, StoryDays.MaxSentences + 3).Select(i => i == StoryDays.MaxSentences + 2 ? "It ended on Sunday." : $"Sentence number {i} is here."));

        Assert.Empty(StoryDays.Of("A title", body));
        var marks = StoryDays.Read(["w1@0", "w2@1", "w3@4", "m10-18@5", "bad", "w9@1", "m13-40@1"], 3);
        Assert.Equal((1 << 1) | (1 << 2), marks.Weekdays);
        Assert.Empty(marks.Dates);
    }

    [Fact]
    public void Pairs_that_do_not_both_name_a_day_say_nothing()
    {
        var monday = StoryDays.Read(["w1@1"], 3);
        var none = StoryDays.Read([], 3);

        Assert.Equal((0, 0, 0, 0), StoryDays.Marks.Compare(monday, none));
        Assert.Equal((0, 0, 0, 0), StoryDays.Marks.Compare(monday, null));
        Assert.Equal((1, 0, 0, 0), StoryDays.Marks.Compare(monday, StoryDays.Read(["w1@2", "w4@1"], 3)));
        Assert.Equal((0, 1, 0, 0), StoryDays.Marks.Compare(monday, StoryDays.Read(["w2@0"], 3)));
    }

    [Fact]
    public void Empty_null_and_ten_megabyte_texts_are_read_without_failing()
    {
        Assert.Empty(StoryDays.Of(null, null));
        Assert.Empty(StoryDays.Of("", ""));
        var huge = new StringBuilder();
        while (huge.Length < 10_000_000)
        {
            huge.Append("Monday Sept. 16 1234567890 ");
        }
        var text = huge.ToString();

        var days = StoryDays.Of(text, text);

        Assert.Contains("w1@0", days);
        Assert.Contains("m9-16@0", days);
        Assert.Empty(StoryDays.Of(new string('x', 10_000_000), new string('.', 10_000_000)));
    }
}
