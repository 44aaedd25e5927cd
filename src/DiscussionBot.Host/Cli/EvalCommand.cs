using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiscussionBot.TextAnalysis;

namespace DiscussionBot.Host.Cli;

/// <summary><c>eval</c> of a summary or story corpus (the stance corpora are <see cref="StanceCommands"/>').</summary>
internal static class EvalCommand
{
    public static Task<int> RunAsync(string corpusPath, TextWriter output, TextWriter error, CancellationToken ct) =>
        RunAsync(corpusPath, output, error, null, null, ct);

    /// <summary>
    /// Summary corpora (rows with "reference"): ROUGE-1/2/L F1 of ours beside lead-k at the same length
    /// (3 sentences when references are short, like CNN/DailyMail highlights; 40% of sentences when
    /// they are long extracts, like BBC; or what --sentences / --ratio say). Story corpora (rows with
    /// "articles"): pairwise P/R/F1 with every story's articles mixed together.
    /// </summary>
    public static async Task<int> RunAsync(string corpusPath, TextWriter output, TextWriter error, int? sentences, double? ratio, CancellationToken ct) =>
        await RunAsync(corpusPath, output, error, sentences, ratio, null, ct);

    public static async Task<int> RunAsync(string corpusPath, TextWriter output, TextWriter error, int? sentences, double? ratio, string? cache, CancellationToken ct)
    {
        if (!File.Exists(corpusPath))
        {
            await error.WriteLineAsync($"No such corpus file: {corpusPath}");
            return 2;
        }
        var lines = (await File.ReadAllLinesAsync(corpusPath, ct)).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (lines.Count == 0)
        {
            await error.WriteLineAsync($"{corpusPath} has no rows.");
            return 2;
        }
        using (var first = JsonDocument.Parse(lines[0]))
        {
            if (first.RootElement.TryGetProperty("articles", out _))
            {
                return await StoryEval.RunAsync(corpusPath, lines, output, error, cache, ct);
            }
            if (!first.RootElement.TryGetProperty("reference", out _))
            {
                await error.WriteLineAsync($"{corpusPath}: rows have neither \"reference\" (summary corpus) nor \"articles\" (story corpus).");
                return 2;
            }
        }

        var rows = new List<SummaryRow>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (JsonlRows.ParseArticle(lines[i], i + 1, error) is { Reference: { } reference } row)
            {
                rows.Add(new SummaryRow(row.Id, row.Title, row.Text, reference));
            }
        }
        var meanReference = rows.Count == 0 ? 0 : rows.Average(r => r.Reference.Count);
        var length = JsonlRows.LengthOf(sentences, ratio, meanReference >= 5 ? SummaryLength.Ratio(0.4) : SummaryLength.Sentences(3));
        var watch = Stopwatch.StartNew();
        var result = Evaluation.CompareWithLead(rows, new Summarizer(), length);
        await output.WriteLineAsync($"{Path.GetFileName(corpusPath)}: {rows.Count} articles, {result.Length}, ROUGE F1 x100 (rouge-score tokenization, Porter stemming)");
        await output.WriteLineAsync("                 ROUGE-1  ROUGE-2  ROUGE-L  ROUGE-Lsum");
        await output.WriteLineAsync(Line("ours", result.Ours));
        await output.WriteLineAsync(Line("lead", result.Lead));
        if (length.Fraction is { } fraction && Ots.FindOnPath("ots") is { } ots)
        {
            // The classic tool on the same articles at the same ratio (ots counts its ratio in words).
            var pairs = new List<(string, string)>();
            foreach (var row in rows)
            {
                // ots prints one paragraph; one sentence per line makes its ROUGE-Lsum comparable with ours.
                var otsSummary = await Ots.RunAsync(ots, row.Text, (int)Math.Round(fraction * 100), ct);
                var otsLines = string.Join("\n", SentenceSplitter.Split(otsSummary).Select(s => s.Text));
                pairs.Add((otsLines, string.Join("\n", row.Reference)));
            }
            await output.WriteLineAsync(Line($"ots --ratio={(int)Math.Round(fraction * 100)}", Evaluation.MeanRouge(pairs)));
        }
        await output.WriteLineAsync($"({watch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    static string Line(string name, RougeAverages r) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-16} {r.Rouge1 * 100,7:F2}  {r.Rouge2 * 100,7:F2}  {r.RougeL * 100,7:F2}  {r.RougeLsum * 100,9:F2}");
}
