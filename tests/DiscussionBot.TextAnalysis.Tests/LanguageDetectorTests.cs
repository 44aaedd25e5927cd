using Xunit.Abstractions;

namespace DiscussionBot.TextAnalysis.Tests;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Summarize this article please")]
    [InlineData("Can someone explain why")]
    [InlineData("Markets rally after the rate cut")]
    [InlineData("Tokayev visits Ankara amid tensions with Moscow")]
    [InlineData("Is anyone here?")]
    [InlineData("Don't forget the vote tonight")]
    [InlineData("Moscow watches as Astana courts Ankara and keeps its distance from the Kremlin")]
    [InlineData("Markets Rally After The Rate Cut In Ankara")]
    public void A_short_plain_English_line_is_English_with_some_confidence(string line)
    {
        var guess = LanguageDetector.Detect(line);

        Assert.Equal("en", guess.Code);
        Assert.InRange(guess.Confidence, 0.01, 1);
    }

    [Fact]
    public void A_short_line_is_never_as_sure_as_a_paragraph()
    {
        var line = LanguageDetector.Detect("Can someone explain why");
        var paragraph = LanguageDetector.Detect(
            "The government said on Tuesday that it would raise taxes for the first time in a decade, and the opposition said it was a mistake that would hurt the poorest families.");

        Assert.Equal("en", paragraph.Code);
        Assert.True(line.Confidence <= 0.5, $"a short line's confidence was {line.Confidence}");
        Assert.True(line.Confidence < paragraph.Confidence);
    }

    [Theory]
    [InlineData("The government said on Tuesday that it would raise taxes for the first time in a decade.", "en")]
    [InlineData("Die Regierung hat am Dienstag mitgeteilt, dass sie die Steuern zum ersten Mal seit zehn Jahren erhöhen wird.", "de")]
    [InlineData("Le gouvernement a annoncé mardi qu'il allait augmenter les impôts pour la première fois depuis dix ans.", "fr")]
    [InlineData("El gobierno anunció el martes que subirá los impuestos por primera vez en una década.", "es")]
    [InlineData("Правительство во вторник заявило, что впервые за десять лет повысит налоги.", "ru")]
    [InlineData("Merci pour votre aide", "fr")]
    [InlineData("Le meeting a été annulé", "fr")]
    [InlineData("Où est le sondage ?", "fr")]
    [InlineData("Bitte nicht vergessen", "de")]
    [InlineData("Wo ist die Abstimmung?", "de")]
    [InlineData("Straße gesperrt, Umleitung folgen", "de")]
    [InlineData("Muchas gracias también", "es")]
    [InlineData("¿Dónde está la encuesta?", "es")]
    [InlineData("Mañana votamos otra vez", "es")]
    [InlineData("Где опрос?", "ru")]
    [InlineData("Спасибо за сводку", "ru")]
    public void A_sentence_or_a_short_line_is_its_language(string line, string code)
    {
        Assert.Equal(code, LanguageDetector.Detect(line).Code);
    }

    [Theory]
    [InlineData("\u0001\u0002 $$$ 1234 ### %%%")]
    [InlineData("12345 678 2026")]
    [InlineData("https://example.com/the-state-of-the-union-and-what-it-means")]
    [InlineData("www.example.org/news/what-is-this")]
    [InlineData("Hello")]
    [InlineData("Thanks!")]
    [InlineData("Kazakhstan Turkey")]
    [InlineData("Presidentti vieraili Turkissa")]
    [InlineData("Jowell rejects 'Las Vegas' jibe")]
    [InlineData("Kazakhstan president visits Turkey")]
    public void Undecidable_input_stays_unknown(string input)
    {
        Assert.Equal("und", LanguageDetector.Detect(input).Code);
    }

    [Fact]
    public void The_words_of_a_link_are_not_the_language_of_the_message()
    {
        // The link's path is French words; the message around it is English.
        Assert.Equal("en", LanguageDetector.Detect("Why is https://example.com/le-monde-de-la-politique-et-des-elections so slow").Code);
    }

    [Fact]
    public void An_English_false_friend_does_not_make_a_German_line_English()
    {
        // "will" and "also" are English function words and everyday German.
        Assert.Equal("und", LanguageDetector.Detect("Also Peter will Kuchen").Code);
    }
}

/// <summary>Real short English text nobody on the project wrote, read at run time: how far function words carry.</summary>
public sealed class LanguageDetectorCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void A_third_of_real_English_headlines_are_English_and_almost_none_is_called_another_language()
    {
        // BBC News headlines: five words or so, a third of them without a single English function word
        // ("Battered dollar hits another low"), as many with only words other languages share ("to", "in").
        var titles = File.ReadLines(Path.Combine(Fixtures.Corpora, "bbc-summary-dev.jsonl"))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("title").GetString()!)
            .ToArray();

        var (english, foreign) = Measure(titles, "headlines");

        Assert.True(english >= 0.30, $"{english:P1} of {titles.Length} headlines were English");
        // A name that is another language's article opening the line ("El Guerrouj targets...") can still mislead.
        Assert.True(foreign.Count <= titles.Length / 500, $"called another language: {string.Join(" | ", foreign.Take(10))}");
    }

    [Fact]
    public void Most_real_one_line_key_points_are_English_and_none_is_called_another_language()
    {
        // IBM ArgKP key points: one short English sentence each ("School uniform reduces bullying").
        var points = new[] { "key_points_train.csv", "key_points_dev.csv" }
            .SelectMany(file => Column(Path.Combine(Fixtures.Corpora, "argkp-dev", file), 1))
            .ToArray();

        var (english, foreign) = Measure(points, "key points");

        Assert.True(english >= 0.5, $"{english:P1} of {points.Length} key points were English");
        Assert.True(foreign.Count == 0, $"called another language: {string.Join(" | ", foreign.Take(10))}");
    }

    /// <summary>The share of lines called English, and the lines called some other language.</summary>
    private (double English, IReadOnlyList<string> Foreign) Measure(IReadOnlyList<string> lines, string what)
    {
        var codes = lines.Select(t => LanguageDetector.Detect(t).Code).ToArray();
        var english = (double)codes.Count(c => c == "en") / codes.Length;
        var foreign = lines.Where((_, i) => codes[i] is not ("en" or "und")).ToList();
        output.WriteLine($"{english:P1} of {lines.Count} {what} English, {foreign.Count} called another language");
        return (english, foreign);
    }

    private static IEnumerable<string> Column(string path, int column)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = true });
        foreach (var row in reader)
        {
            yield return row[column].ToString();
        }
    }
}
