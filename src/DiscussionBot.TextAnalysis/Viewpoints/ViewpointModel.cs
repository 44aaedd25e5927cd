using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis;

/// <summary>The analysis model of a story: each source's candidate sentences as TF-IDF vectors over all sources'
/// sentences, with their framing, salience within their own article and (when stored) their meaning vectors.</summary>
public sealed partial class ViewpointAnalyzer
{
    // Web page furniture that extraction leaves behind; not a view of anyone.
    static readonly string[] Boilerplate =
    [
        "all rights reserved", "leave a reply", "email address will not be published", "required fields are marked",
        "similar posts", "subscribe", "cookie", "sign up for", "click here", "share this", "follow us", "read more",
        "advertisement", "copyright",
    ];

    internal sealed record Item(int Source, SourceSentence Sentence, SparseVector Vector, Framing Framing, string[] Stems, double Salience)
    {
        /// <summary>The sentence's meaning vector, when its article's vectors are stored.</summary>
        public float[]? Meaning { get; init; }
    }

    internal sealed class Model
    {
        public required List<Item> Items { get; init; }
        public required double[] Idf { get; init; }
        public required Dictionary<string, int> Vocabulary { get; init; }
        public required Dictionary<string, string> Surface { get; init; }
        public required double[] MaxOtherSimilarity { get; init; }
    }

    static readonly System.Text.RegularExpressions.Regex WebAddress = new(@"\b(?:https?://|www\.)\S+", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Characters of a source the analysis reads (the rest of a longer text is left out).</summary>
    public const int MaxSourceChars = 200_000;

    /// <summary>The sentences of a text that the analysis compares (it skips short ones and page furniture), in order,
    /// with their content stems and surface words. A text with no such sentence but some content (a headline, a short
    /// claim) is read as one sentence, so short inputs still compare.</summary>
    internal static List<(Sentence Sentence, List<(string Stem, string Surface)> Stems)> Candidates(string text, int maxSentences)
    {
        text ??= "";
        var list = new List<(Sentence, List<(string, string)>)>();
        var sentences = SentenceSplitter.Split(text.Length > MaxSourceChars ? text[..MaxSourceChars] : text);
        foreach (var sentence in sentences.Take(maxSentences))
        {
            // A link's words ("news.php?id=...") are an address, not what the sentence is about.
            var tokens = Tokenizer.Tokens(WebAddress.Replace(sentence.Text, " "));
            var lower = sentence.Text.ToLowerInvariant();
            if (tokens.Count < 6 || Boilerplate.Any(b => lower.Contains(b, StringComparison.Ordinal)))
            {
                continue;
            }
            var stems = ContentStems(tokens);
            if (stems.Count >= 3)
            {
                list.Add((sentence, stems));
            }
        }
        if (list.Count == 0 && text.Trim() is { Length: > 0 } whole)
        {
            var clipped = whole.Length > 1000 ? whole[..1000] : whole;
            var stems = ContentStems(Tokenizer.Tokens(clipped));
            if (stems.Count >= 1)
            {
                list.Add((new Sentence(clipped, text.IndexOf(clipped, StringComparison.Ordinal), 0), stems));
            }
        }
        return list;
    }

    static List<(string Stem, string Surface)> ContentStems(IReadOnlyList<Token> tokens)
    {
        var stems = new List<(string, string)>();
        foreach (var t in tokens)
        {
            if (Terms.IsContent(t.Normalized))
            {
                stems.Add((Stemmer.Stem(t.Normalized), t.Text));
            }
        }
        return stems;
    }

    /// <summary>What to encode for an article (title first, then the sentences the analysis compares, at most
    /// <paramref name="max"/>): the stored vectors then cover everything the analysis looks at.</summary>
    public static IReadOnlyList<string> EncodingPlan(string? title, string text, int max = 64)
    {
        var plan = new List<string>();
        if (!string.IsNullOrWhiteSpace(title))
        {
            plan.Add(SentenceVectors.Key(title));
        }
        foreach (var (sentence, _) in Candidates(text, new ViewpointOptions().MaxSentencesPerSource))
        {
            if (plan.Count >= max)
            {
                break;
            }
            plan.Add(SentenceVectors.Key(sentence.Text));
        }
        return plan.Distinct(StringComparer.Ordinal).ToList();
    }

    internal Model Build(IReadOnlyList<SourceText> sources)
    {
        var raw = new List<(int Source, SourceSentence Sentence, List<string> Stems)>();
        var surfaceCounts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        for (var s = 0; s < sources.Count; s++)
        {
            var src = sources[s];
            foreach (var (sentence, pairs) in Candidates(src.Text, options.MaxSentencesPerSource))
            {
                var stems = new List<string>(pairs.Count);
                foreach (var (stem, form) in pairs)
                {
                    stems.Add(stem);
                    if (!surfaceCounts.TryGetValue(stem, out var forms))
                    {
                        surfaceCounts[stem] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
                    }
                    forms[form] = forms.GetValueOrDefault(form) + 1;
                }
                raw.Add((s, new SourceSentence(src.SourceName, src.ArticleId, sentence), stems));
            }
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var df = new List<int>();
        foreach (var (_, _, stems) in raw)
        {
            foreach (var stem in stems.Distinct())
            {
                if (!vocabulary.TryGetValue(stem, out var id))
                {
                    vocabulary[stem] = id = vocabulary.Count;
                    df.Add(0);
                }
                df[id]++;
            }
        }
        var n = raw.Count;
        var idf = df.Select(d => Math.Log((n + 1.0) / (d + 0.5))).ToArray();

        var vectors = raw.Select(r =>
        {
            var w = new Dictionary<int, double>();
            foreach (var stem in r.Stems)
            {
                var id = vocabulary[stem];
                w[id] = w.GetValueOrDefault(id) + 1;
            }
            foreach (var id in w.Keys.ToArray())
            {
                w[id] = (1 + Math.Log(w[id])) * idf[id];
            }
            return SparseVector.FromWeights(w);
        }).ToArray();

        // Salience within the source's own article: closeness to that article's centroid, plus a lead prior.
        var salience = new double[n];
        for (var s = 0; s < sources.Count; s++)
        {
            var members = Enumerable.Range(0, n).Where(i => raw[i].Source == s).ToList();
            var centroid = new Dictionary<int, double>();
            foreach (var i in members)
            {
                for (var k = 0; k < vectors[i].Count; k++)
                {
                    centroid[vectors[i].Ids[k]] = centroid.GetValueOrDefault(vectors[i].Ids[k]) + vectors[i].Weights[k];
                }
            }
            var c = SparseVector.FromWeights(centroid);
            for (var r = 0; r < members.Count; r++)
            {
                var i = members[r];
                salience[i] = vectors[i].Dot(c) + 0.3 * Math.Exp(-r / 5.0);
            }
        }

        var maxOther = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (raw[i].Source == raw[j].Source)
                {
                    continue;
                }
                var sim = vectors[i].Dot(vectors[j]);
                maxOther[i] = Math.Max(maxOther[i], sim);
                maxOther[j] = Math.Max(maxOther[j], sim);
            }
        }

        var items = raw.Select((r, i) => new Item(r.Source, r.Sentence, vectors[i], Framing.Of(r.Sentence.Text), r.Stems.Distinct().ToArray(), salience[i])
        {
            Meaning = sources[r.Source].Vectors?.Find(r.Sentence.Text),
        }).ToList();
        var surface = surfaceCounts.ToDictionary(kv => kv.Key, kv => kv.Value.MaxBy(f => (f.Value, f.Key.Any(char.IsUpper) ? 1 : 0)).Key, StringComparer.Ordinal);
        return new Model { Items = items, Idf = idf, Vocabulary = vocabulary, Surface = surface, MaxOtherSimilarity = maxOther };
    }
}
