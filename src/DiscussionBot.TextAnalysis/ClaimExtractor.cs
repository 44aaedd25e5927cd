using System.Security.Cryptography;
using System.Text;

namespace DiscussionBot.TextAnalysis;

/// <summary>Where a source stands on a claim.</summary>
public enum ClaimStance
{
    Silent,
    Asserts,
    Denies,
}

/// <summary>What made a sentence a claim candidate.</summary>
public enum ClaimKind
{
    /// <summary>One side of a clash between sources.</summary>
    Contested,

    /// <summary>A sentence that says something is not so, or is false.</summary>
    Refutation,

    /// <summary>A statement about what will happen.</summary>
    Prediction,

    /// <summary>"X said ...": a claim put in someone's mouth.</summary>
    Attribution,

    /// <summary>A firm, judging assertion.</summary>
    Assertion,
}

/// <summary>
/// A contested-claim candidate: the sentence verbatim, where it came from, each source's stance,
/// and a score for ranking. <see cref="Key"/> is a short hash of the normalised text, stable across
/// runs, so the same sentence always gets the same key.
/// </summary>
public sealed record ClaimCandidate(
    string Key,
    string Text,
    ClaimKind Kind,
    string OriginSource,
    string OriginArticleId,
    int OriginSentenceIndex,
    IReadOnlyDictionary<string, ClaimStance> Stances,
    double Score,
    string? Counter,
    string? Subject)
{
    /// <summary>Each source's own sentence on the point, for the sources that assert or dispute it (compared by
    /// meaning: a claim is a point several sources make, not one source's sentence).</summary>
    public IReadOnlyDictionary<string, string> Sentences { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Finds claims worth putting to a community: the two sides of each clash first, then claim-like
/// sentences (refutations, predictions, attributions, firm judgements) that are central to their
/// article. A source denies a claim only when one of its sentences clashes with it (same subject,
/// opposed claim or framing); it asserts when its closest sentence is close; otherwise it is silent. Stateless and thread-safe.
/// </summary>
public sealed class ClaimExtractor(ViewpointOptions? options = null)
{
    readonly ViewpointAnalyzer analyzer = new(options);

    public IReadOnlyList<ClaimCandidate> Extract(IReadOnlyList<SourceText> sources, int max = 12) =>
        Extract(analyzer.Analyze(sources), max);

    public IReadOnlyList<ClaimCandidate> Extract(ViewpointReport report, int max = 12)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Sources.Count == 0)
        {
            return [];
        }
        var sourceNames = report.Sources.Select(s => s.SourceName).Distinct().ToArray();
        if (report.ByMeaning)
        {
            return FromPoints(report, sourceNames, max);
        }
        var model = analyzer.Build(report.Sources);
        var items = model.Items;
        var deniers = Deniers(model);
        var candidates = new List<ClaimCandidate>();
        var usedTexts = new HashSet<string>(StringComparer.Ordinal);

        int Find(SourceSentence s) => items.FindIndex(i => i.Sentence.ArticleId == s.ArticleId && i.Sentence.Sentence.Start == s.Sentence.Start);

        foreach (var clash in report.Clashes)
        {
            var a = Find(clash.First);
            var b = Find(clash.Second);
            if (a < 0 || b < 0)
            {
                continue;
            }
            var stances = Stances(model, a, sourceNames, deniers);
            stances[clash.Second.SourceName] = ClaimStance.Denies;
            candidates.Add(Candidate(items[a], ClaimKind.Contested, stances, 1 + clash.Score, clash.Second.Text, clash.Subject));
            usedTexts.Add(clash.First.Text);
            usedTexts.Add(clash.Second.Text);
        }

        foreach (var (item, index) in items.Select((it, i) => (it, i)))
        {
            if (usedTexts.Contains(item.Sentence.Text))
            {
                continue;
            }
            var f = item.Framing;
            ClaimKind? kind =
                f.Negated && (f.Certain || f.Evaluative > 0) ? ClaimKind.Refutation
                : f.Predictive && !f.Hedged ? ClaimKind.Prediction
                : f.Attributed ? ClaimKind.Attribution
                : f.Certain || f.Evaluative >= 2 ? ClaimKind.Assertion
                : null;
            if (kind is null)
            {
                continue;
            }
            var weight = kind switch
            {
                ClaimKind.Refutation => 0.9,
                ClaimKind.Prediction => 0.8,
                ClaimKind.Attribution => 0.7,
                _ => 0.6,
            };
            var stances = Stances(model, index, sourceNames, deniers);
            var contested = stances.Values.Count(v => v == ClaimStance.Denies) > 0 ? 0.2 : 0;
            var score = weight * (item.Salience + 0.1 * Math.Min(3, f.Evaluative)) + contested;
            candidates.Add(Candidate(item, kind.Value, stances, score, null, null));
        }

        return candidates
            .GroupBy(c => c.Key)
            .Select(g => g.MaxBy(c => c.Score)!)
            .OrderByDescending(c => c.Score)
            .Take(Math.Max(0, max))
            .ToList();
    }

    /// <summary>Claims compared by meaning: each aligned point, with every source's stance — asserts (it makes the
    /// point), denies (a sentence of it takes the opposite position) or silent. Contested points come first.</summary>
    static IReadOnlyList<ClaimCandidate> FromPoints(ViewpointReport report, string[] sourceNames, int max)
    {
        var candidates = new List<ClaimCandidate>();
        foreach (var point in report.Points)
        {
            var stances = sourceNames.ToDictionary(n => n, _ => ClaimStance.Silent, StringComparer.Ordinal);
            var sentences = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var s in new[] { point.Origin }.Concat(point.Asserting))
            {
                stances[s.SourceName] = ClaimStance.Asserts;
                sentences.TryAdd(s.SourceName, s.Text);
            }
            foreach (var s in point.Disputing)
            {
                stances[s.SourceName] = ClaimStance.Denies;
                sentences.TryAdd(s.SourceName, s.Text);
            }
            var contested = point.Disputing.Count > 0;
            var framing = Framing.Of(point.Origin.Text);
            var kind = contested ? ClaimKind.Contested
                : framing.Negated && (framing.Certain || framing.Evaluative > 0) ? ClaimKind.Refutation
                : framing.Predictive && !framing.Hedged ? ClaimKind.Prediction
                : framing.Attributed ? ClaimKind.Attribution
                : ClaimKind.Assertion;
            candidates.Add(new ClaimCandidate(KeyOf(point.Origin.Text), point.Origin.Text, kind, point.Origin.SourceName, point.Origin.ArticleId,
                point.Origin.Sentence.Index, stances, Math.Round((contested ? 1 : 0) + point.Score, 4), point.Disputing.FirstOrDefault()?.Text, point.Subject)
            {
                Sentences = sentences,
            });
        }
        return candidates.GroupBy(c => c.Key).Select(g => g.MaxBy(c => c.Score)!)
            .OrderByDescending(c => c.Score).Take(Math.Max(0, max)).ToList();
    }

    /// <summary>
    /// For each sentence, the sources that deny it. Between two sources, sentences are paired one to one,
    /// strongest clash first (as the report's clashes are): a source denies a claim only with the sentence
    /// that opposes that claim better than any other, and one sentence denies one claim, not every claim
    /// that shares a word or two with it.
    /// </summary>
    static HashSet<int>[] Deniers(ViewpointAnalyzer.Model model)
    {
        var items = model.Items;
        var deniers = new HashSet<int>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            deniers[i] = [];
        }
        var pairs = new List<(int A, int B, double Score)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (items[i].Source == items[j].Source)
                {
                    continue;
                }
                var score = ViewpointAnalyzer.Score(model, items[i], items[j], ViewpointAnalyzer.ClashWeights.Default).Score;
                if (score > 0)
                {
                    pairs.Add((i, j, score));
                }
            }
        }
        // Paired per source pair: sentence i may be matched once against each other source.
        var matched = new HashSet<(int Item, int OtherSource)>();
        foreach (var (a, b, _) in pairs.OrderByDescending(p => p.Score))
        {
            if (matched.Contains((a, items[b].Source)) || matched.Contains((b, items[a].Source)))
            {
                continue;
            }
            matched.Add((a, items[b].Source));
            matched.Add((b, items[a].Source));
            deniers[a].Add(items[b].Source);
            deniers[b].Add(items[a].Source);
        }
        return deniers;
    }

    static Dictionary<string, ClaimStance> Stances(ViewpointAnalyzer.Model model, int index, string[] sourceNames, HashSet<int>[] deniers)
    {
        var items = model.Items;
        var origin = items[index];
        var stances = new Dictionary<string, ClaimStance>(StringComparer.Ordinal);
        foreach (var name in sourceNames)
        {
            stances[name] = ClaimStance.Silent;
        }
        stances[origin.Sentence.SourceName] = ClaimStance.Asserts;
        foreach (var group in items.Where(i => i.Sentence.SourceName != origin.Sentence.SourceName).GroupBy(i => i.Sentence.SourceName))
        {
            // Denies only when the source has a sentence paired with the claim as its clash (see Deniers);
            // asserts when it has a close sentence framed alike; otherwise it is silent, whatever it omits.
            if (deniers[index].Contains(group.First().Source))
            {
                stances[group.Key] = ClaimStance.Denies;
                continue;
            }
            var best = group.MaxBy(i => i.Vector.Dot(origin.Vector))!;
            if (best.Vector.Dot(origin.Vector) >= 0.25)
            {
                stances[group.Key] = ClaimStance.Asserts;
            }
        }
        return stances;
    }

    static ClaimCandidate Candidate(ViewpointAnalyzer.Item item, ClaimKind kind, Dictionary<string, ClaimStance> stances, double score, string? counter, string? subject) =>
        new(KeyOf(item.Sentence.Text), item.Sentence.Text, kind, item.Sentence.SourceName, item.Sentence.ArticleId,
            item.Sentence.Sentence.Index, stances, Math.Round(score, 4), counter, subject);

    /// <summary>Eight hex digits of SHA-256 over the lower-cased, space-collapsed text.</summary>
    public static string KeyOf(string text)
    {
        var normalized = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
