namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// How a sentence evaluates what it is about — for it or against it — as a logit, from its words (stemmed; a word a
/// negator governs counts as its own "not_" feature), its meaning vector and the general lexicon's polarity. Fitted by
/// tools/StanceFit on ArgKP train arguments across topics (label: stance times the topic's direction, which the tool
/// reads from the data), so it carries no topic: two sentences on one subject that evaluate it oppositely take
/// opposite positions, whichever way a motion on it is worded. Weights apply to raw features (standardization folded in).
/// </summary>
public sealed record EvaluationHead(string[] Vocabulary, double[] WordWeights, double[] VectorWeights, double PolarityWeight, double Bias)
{
    private Dictionary<string, double>? _words;

    /// <summary>The word features of a sentence: its stems, with "not_" before a stem a negator governs.</summary>
    internal static HashSet<string> Words(string sentence, Framing framing)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Tokenizer.Tokens(sentence))
        {
            var s = Stemmer.Stem(t.Normalized);
            set.Add(framing.NegatedStems.Contains(s) ? "not_" + s : s);
        }
        return set;
    }

    /// <summary>The evaluation logit of a sentence (its meaning vector may be missing: then words and polarity only).</summary>
    internal double Z(string sentence, Framing framing, float[]? meaning)
    {
        _words ??= Vocabulary.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => WordWeights[x.i], StringComparer.Ordinal);
        var z = Bias + PolarityWeight * framing.Polarity;
        foreach (var w in Words(sentence, framing))
        {
            z += _words.GetValueOrDefault(w);
        }
        if (meaning is not null && meaning.Length == VectorWeights.Length)
        {
            for (var i = 0; i < meaning.Length; i++)
            {
                z += VectorWeights[i] * meaning[i];
            }
        }
        return Math.Clamp(z, -12, 12);
    }

    internal double Z(ViewpointAnalyzer.Item item) => Z(item.Sentence.Text, item.Framing, item.Meaning);
}
