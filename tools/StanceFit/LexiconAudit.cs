using System.Text.Json;
using DiscussionBot.TextAnalysis;

/// <summary>
/// The lexicon audit (mode <c>lexicon</c>): how many of the evaluative (tone) and axis words of the general lexicon
/// share their Porter2 stem with a common word of a corpus that is none of the lexicon's words or their inflections
/// ("lawful" and "law", "effective" and "effect"), i.e. how many neutral words a match by stem gives a tone or an axis
/// (the matching before 2026-12-01), against the match by surface form (Lexicon.Forms) that replaced it. Reads the
/// vocabulary of a JSON-lines corpus (title and text of each row); prints counts and the colliding words with their
/// frequencies, to the console only.
/// </summary>
static class LexiconAudit
{
    public static void Run(string path, int minCount)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var field in new[] { "title", "text" })
            {
                if (doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    foreach (var t in Tokenizer.Tokenize(v.GetString()))
                    {
                        counts[t] = counts.GetValueOrDefault(t) + 1;
                    }
                }
            }
        }
        var common = counts.Where(kv => kv.Value >= minCount && kv.Key.All(char.IsLetter)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Console.WriteLine($"{path}: {counts.Count} word types, {common.Count} alphabetic ones seen at least {minCount} times");
        var axisWords = Lexicon.AxisWords.SelectMany(a => (a.Up + " " + a.Down).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Report("tone", Lexicon.PositiveWords.Concat(Lexicon.NegativeWords).ToArray(), w => Lexicon.Tone(w) != 0, common);
        Report("axes", axisWords, Lexicon.Axes.ContainsKey, common);
        if (Environment.GetEnvironmentVariable("LEXICON_REFERENCE") is { } reference)
        {
            Derivations(reference);
        }
    }

    /// <summary>LEXICON_REFERENCE=dir holding a general opinion lexicon as positive.txt and negative.txt (one word a
    /// line, ';' comments; Hu and Liu's): the words of it that share a stem with an evaluative or axis entry, carry
    /// the entry's sign there and are none of the entry's forms: the derivations the match by stem reached rightly
    /// ("critics" of "criticize"), which the lexicon lists as its own words since it matches by form.</summary>
    static void Derivations(string dir)
    {
        HashSet<string> Read(string file) => File.ReadLines(Path.Combine(dir, file)).Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith(';') && l.All(char.IsLetter)).ToHashSet(StringComparer.Ordinal);
        var positive = Read("positive.txt");
        var negative = Read("negative.txt");
        int Sign(string w) => positive.Contains(w) ? 1 : negative.Contains(w) ? -1 : 0;
        var reference = positive.Concat(negative).ToList();
        var toneStems = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in Lexicon.PositiveWords) toneStems.TryAdd(Stemmer.Stem(w), 1);
        foreach (var w in Lexicon.NegativeWords) toneStems.TryAdd(Stemmer.Stem(w), -1);
        var tone = reference.Where(w => Lexicon.Tone(w) == 0 && toneStems.TryGetValue(Stemmer.Stem(w), out var s) && s == Sign(w)).Order().ToList();
        Console.WriteLine($"reference derivations, tone (+): {string.Join(' ', tone.Where(w => Sign(w) > 0))}");
        Console.WriteLine($"reference derivations, tone (-): {string.Join(' ', tone.Where(w => Sign(w) < 0))}");
        // Axis ends read as approval (up) and disapproval (down), except amount, whose ends are no judgement.
        var axisStems = new Dictionary<string, (string Axis, int Sign)>(StringComparer.Ordinal);
        foreach (var (axis, up, down) in Lexicon.AxisWords.Where(a => a.Axis != "amount"))
        {
            foreach (var w in up.Split(' ', StringSplitOptions.RemoveEmptyEntries)) axisStems.TryAdd(Stemmer.Stem(w), (axis, 1));
            foreach (var w in down.Split(' ', StringSplitOptions.RemoveEmptyEntries)) axisStems.TryAdd(Stemmer.Stem(w), (axis, -1));
        }
        foreach (var g in reference.Where(w => !Lexicon.Axes.ContainsKey(w) && axisStems.TryGetValue(Stemmer.Stem(w), out var a) && a.Sign == Sign(w))
                     .GroupBy(w => axisStems[Stemmer.Stem(w)]).OrderBy(g => g.Key.Axis).ThenByDescending(g => g.Key.Sign))
        {
            Console.WriteLine($"reference derivations, axis {g.Key.Axis} ({(g.Key.Sign > 0 ? "up" : "down")}): {string.Join(' ', g.Order())}");
        }
    }

    static void Report(string what, string[] words, Func<string, bool> matchesNow, Dictionary<string, int> common)
    {
        var stems = words.Select(Stemmer.Stem).ToHashSet(StringComparer.Ordinal);
        var forms = Lexicon.LexiconForms(words).ToHashSet(StringComparer.Ordinal);
        // By stem (before): every word whose stem is a lexicon word's stem. A collision: such a word outside the lexicon's forms.
        var byStem = common.Keys.Where(w => stems.Contains(Stemmer.Stem(w))).ToList();
        var collisions = byStem.Where(w => !forms.Contains(w)).ToList();
        var collidingStems = collisions.GroupBy(Stemmer.Stem).OrderByDescending(g => g.Sum(w => common[w])).ToList();
        // By surface form (now): what matches, and any matched word outside the forms (none if Forms is what is matched).
        var now = common.Keys.Where(matchesNow).ToList();
        var nowOutside = now.Where(w => !forms.Contains(w)).ToList();
        var gained = now.Where(w => !stems.Contains(Stemmer.Stem(w))).ToList();
        Console.WriteLine($"{what}: {words.Distinct().Count()} lexicon words, {stems.Count} stems, {forms.Count} surface forms");
        Console.WriteLine($"  by stem: {byStem.Count} corpus words matched ({byStem.Sum(w => common[w])} occurrences); colliding: {collidingStems.Count} stems "
            + $"shared with {collisions.Count} words outside the lexicon's forms ({collisions.Sum(w => common[w])} occurrences)");
        Console.WriteLine($"  by form: {now.Count} corpus words matched ({now.Sum(w => common[w])} occurrences); outside the forms: {nowOutside.Count}; "
            + $"matched now and not by stem: {gained.Count} ({string.Join(' ', gained.OrderByDescending(w => common[w]).Select(w => $"{w}:{common[w]}"))})");
        foreach (var g in collidingStems)
        {
            var lexiconWords = words.Where(w => Stemmer.Stem(w) == g.Key).Distinct();
            Console.WriteLine($"  {g.Key} [{string.Join(' ', lexiconWords)}] <- {string.Join(' ', g.OrderByDescending(w => common[w]).Select(w => $"{w}:{common[w]}"))}");
        }
    }
}
