using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// The clash reading (mode <c>clashes</c>): the clashes /viewpoints flags on real AllSides stories
/// (allsides-labeled-dev rows FROM..TO, the same path as <c>show</c>: title and text, 48 sentence vectors per take),
/// scored against hand labels (clash-labels-dev.tsv: story row, the two article ids and a hash of each sentence,
/// never the text). Prints every flagged clash with its key and verdict (the text only to the console, for reading),
/// then precision: real of labelled flagged, and how many flagged are not labelled yet. CLASH_PAIRS=file also
/// writes every aligned pair with the figures the rule reads (text included: keep it outside the repository).
/// </summary>
static class ClashReading
{
    public sealed record Label(int Row, string IdA, string HashA, string IdB, string HashB, string Verdict);

    public static string Hash(string sentence) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sentence.Trim())))[..12];

    public static List<Label> ReadLabels(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))
                .Where(c => c.Length >= 6 && c[0] != "row").Select(c => new Label(int.Parse(c[0]), c[1], c[2], c[3], c[4], c[5])).ToList()
            : [];

    static string Key(int row, string idA, string hashA, string idB, string hashB) =>
        string.CompareOrdinal(idA + hashA, idB + hashB) <= 0 ? $"{row}|{idA}|{hashA}|{idB}|{hashB}" : $"{row}|{idB}|{hashB}|{idA}|{hashA}";

    public static void Run(string corpora, ISentenceEncoder encoder, int from, int to, string labelsPath)
    {
        var labels = ReadLabels(labelsPath).ToDictionary(l => Key(l.Row, l.IdA, l.HashA, l.IdB, l.HashB), l => l.Verdict);
        var rows = File.ReadLines(Path.Combine(corpora, "allsides-labeled-dev.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var pairsOut = Environment.GetEnvironmentVariable("CLASH_PAIRS") is { } pairsFile ? new StreamWriter(pairsFile) : null;
        pairsOut?.WriteLine("row\tidA\thashA\tidB\thashB\tflagged\tsame\tshown\tmodel\tlexical\tcos\tattrA\tattrB\tpredA\tpredB\tnegA\tnegB\ttone\tnegated\taxes\tloaded\thedge\trefutation\tpolA\tpolB\tevalA\tevalB\tspeakersA\tspeakersB\townA\townB\tmainNegA\tmainNegB\tshared\ttextA\ttextB");
        int stories = 0, flagged = 0, real = 0, not = 0, unlabelled = 0;
        for (var row = from; row <= Math.Min(to, rows.Count - 1); row++)
        {
            using var doc = JsonDocument.Parse(rows[row]);
            var texts = doc.RootElement.GetProperty("articles").EnumerateArray().Select(a =>
            {
                var title = a.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
                var body = a.GetProperty("text").GetString() ?? "";
                return new SourceText(a.GetProperty("source").GetString() ?? "?", null, a.GetProperty("id").GetString() ?? "?", title, body, StanceFitting.Vectors(encoder, title, body, 48));
            }).ToList();
            if (texts.Count < 2)
            {
                continue;
            }
            stories++;
            var report = new ViewpointAnalyzer().Analyze(texts);
            foreach (var c in report.Clashes)
            {
                flagged++;
                var key = Key(row, c.First.ArticleId, Hash(c.First.Text), c.Second.ArticleId, Hash(c.Second.Text));
                var verdict = labels.GetValueOrDefault(key, "?");
                if (verdict == "real") real++;
                else if (verdict is "not" or "borderline") not++;
                else unlabelled++;
                Console.WriteLine($"CLASH\t{key.Replace('|', '\t')}\t{verdict}\t{c.Score}\t({c.Reason})\n   {c.First.SourceName}: {c.First.Text}\n   {c.Second.SourceName}: {c.Second.Text}");
            }
            if (pairsOut is not null)
            {
                var model = new ViewpointAnalyzer().Build(texts);
                var comparison = new SemanticComparison(model, StanceModel.Default!, new ViewpointOptions());
                var shown = comparison.ClashPairs().Select(p => (p.A, p.B)).ToHashSet();
                foreach (var p in comparison.Pairs.Where(p => p.Same >= StanceModel.Default!.SameThreshold && p.Opposed >= 0.1))
                {
                    var (a, b) = (model.Items[p.A], model.Items[p.B]);
                    var f = ViewpointAnalyzer.Features(model, a, b, out _);
                    pairsOut.WriteLine(string.Join('\t', row, a.Sentence.ArticleId, Hash(a.Sentence.Text), b.Sentence.ArticleId, Hash(b.Sentence.Text),
                        shown.Contains((p.A, p.B)) ? 1 : 0, $"{p.Same:F3}", $"{p.Opposed:F3}", $"{p.ModelOpposed:F3}", $"{p.Lexical:F3}",
                        $"{VectorMath.Dot(a.Meaning!, b.Meaning!):F3}", a.Framing.Attributed ? 1 : 0, b.Framing.Attributed ? 1 : 0,
                        a.Framing.Predictive ? 1 : 0, b.Framing.Predictive ? 1 : 0, a.Framing.Negated ? 1 : 0, b.Framing.Negated ? 1 : 0, f.Tone, f.NegatedPredicate, f.Axes, f.Loaded, f.HedgeCertain, f.Refutation,
                        $"{a.Framing.Polarity:F2}", $"{b.Framing.Polarity:F2}", string.Join(' ', a.Framing.EvaluativeStems), string.Join(' ', b.Framing.EvaluativeStems),
                        string.Join(' ', a.Framing.Speakers), string.Join(' ', b.Framing.Speakers),
                        a.Framing.OwnVoice is { } oa ? $"{oa.Polarity:F2}" : "-", b.Framing.OwnVoice is { } ob ? $"{ob.Polarity:F2}" : "-",
                        string.Join(' ', a.Framing.MainNegatedStems), string.Join(' ', b.Framing.MainNegatedStems),
                        string.Join(' ', a.Stems.Intersect(b.Stems).Select(t => $"{model.Surface.GetValueOrDefault(t, t)}:{model.Idf[model.Vocabulary[t]]:F1}")),
                        a.Sentence.Text.Replace('\t', ' ').Replace('\n', ' '), b.Sentence.Text.Replace('\t', ' ').Replace('\n', ' ')));
                }
            }
        }
        pairsOut?.Dispose();
        var judged = real + not;
        Console.WriteLine($"rows {from}-{to}: {stories} stories, {flagged} clashes flagged ({(double)flagged / Math.Max(1, stories):F2} per story); "
            + $"labelled {judged}: {real} real, {not} not (precision {(judged == 0 ? 0 : (double)real / judged):P0}); {unlabelled} not labelled yet");
    }
}
