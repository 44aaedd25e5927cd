using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis;

/// <summary>
/// Compares sources on one story. Sentences become TF-IDF vectors over all sources' sentences (ViewpointModel.cs);
/// a source's take is its sentences that are central to its own article yet unlike anything the
/// other sources wrote; when every source's meaning vectors are stored, the learned stance model aligns points and
/// finds clashes (Semantics/SemanticComparison.cs); otherwise shared points are close cross-source pairs
/// (LexicalSharedPoints.cs) and clashes are pairs that share a subject but differ in framing (ClashDetection.cs).
/// Stateless and thread-safe.
/// </summary>
public sealed partial class ViewpointAnalyzer(ViewpointOptions? options = null)
{
    readonly ViewpointOptions options = options ?? new ViewpointOptions();

    public ViewpointReport Analyze(IReadOnlyList<SourceText> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            return new ViewpointReport([], [], [], sources, "There are no sources to compare.");
        }
        var model = Build(sources);
        var note = sources.Count < 2 ? "Only one source covers this story, so there is nothing to compare it with." : null;
        // Only a language the detector names: a source it cannot place ("und": a bare link, a few words without function words) is not called foreign.
        var languages = sources.Select(s => LanguageDetector.Detect(s.Text)).Where(g => g.Code is not ("en" or "und")).ToList();
        if (languages.Count > 0)
        {
            note = (note is null ? "" : note + " ") + "Some sources are not in English; the comparison is rough.";
        }
        var takes = Takes(sources, model);
        if (sources.Count > 1 && (options.Stance ?? StanceModel.Default) is { } stance && model.Items.Count(i => i.Meaning is not null) >= 2
            && sources.All(src => src.Vectors is not null))
        {
            // Every source's vectors are stored: compare by meaning with the learned stance model.
            var semantic = new SemanticComparison(model, stance, options);
            return new ViewpointReport(takes, semantic.Shared(sources.Count), semantic.Clashes(), sources, note)
            {
                ByMeaning = true,
                Points = semantic.Points(sources.Count),
            };
        }
        var shared = Shared(sources, model);
        var clashes = Clashes(model);
        return new ViewpointReport(takes, shared, clashes, sources, note);
    }

    /// <summary>Each source's distinctive take: sentences central to its own article, unlike what the others wrote.</summary>
    List<SourceTake> Takes(IReadOnlyList<SourceText> sources, Model model)
    {
        var perSource = Enumerable.Range(0, sources.Count)
            .Select(s => model.Items.Select((item, i) => (item, i)).Where(x => x.item.Source == s).ToList())
            .ToList();
        // Equal room: every source gets as many sentences as the shortest one can give.
        var k = Math.Min(options.SentencesPerSource, perSource.Where(p => p.Count > 0).Select(p => p.Count).DefaultIfEmpty(0).Min());
        var takes = new List<SourceTake>();
        for (var s = 0; s < sources.Count; s++)
        {
            var candidates = perSource[s];
            var chosen = new List<int>();
            while (chosen.Count < k && chosen.Count < candidates.Count)
            {
                var best = -1;
                var bestValue = double.NegativeInfinity;
                foreach (var (item, i) in candidates)
                {
                    if (chosen.Contains(i))
                    {
                        continue;
                    }
                    var redundancy = chosen.Count == 0 ? 0 : chosen.Max(c => model.Items[c].Vector.Dot(item.Vector));
                    // Distinctive: central to its own article, unlike what the others say.
                    var value = item.Salience - 0.8 * model.MaxOtherSimilarity[i] - 0.5 * redundancy
                        + 0.1 * Math.Min(3, item.Framing.Evaluative);
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = i;
                    }
                }
                if (best < 0)
                {
                    break;
                }
                chosen.Add(best);
            }
            var sentences = chosen.Select(i => model.Items[i].Sentence.Sentence).OrderBy(x => x.Index).ToArray();
            takes.Add(new SourceTake(sources[s].SourceName, sources[s].StanceLabel, sources[s].ArticleId, sentences));
        }
        return takes;
    }
}
