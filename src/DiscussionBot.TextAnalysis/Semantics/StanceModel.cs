using System.Reflection;
using System.Text.Json;

namespace DiscussionBot.TextAnalysis.Semantics;

/// <summary>
/// The features of a sentence pair that the stance model reads: the lexical cues of the clash detector (shared
/// subject, negation scope, opposite tone, axes, limits, hedges, refutation) and, when both sentences have meaning
/// vectors, their cosine, how differently they evaluate what they are about (the <see cref="EvaluationHead"/>
/// logits: their gap and their product, which carry no topic) and their per-dimension agreement (u∘v, which lets the
/// model weigh which aspects of meaning two sentences share).
/// </summary>
internal static class StanceFeatures
{
    public static readonly string[] LexicalNames =
    [
        "shared", "overlap", "coverage", "tfidf", "tone", "negatedPredicate", "axes", "loaded", "hedgeCertain",
        "refutation", "negationXor", "bothNegated", "polarityProduct", "refuteAny", "hedgedAny", "lengthRatio",
    ];

    public static int Lexical => LexicalNames.Length;

    /// <summary>Semantic features before the per-dimension products: cosine, cosine², evaluation gap and product.</summary>
    public const int SemanticScalars = 4;

    /// <summary>Lexical features, then (semantic only) cosine, cosine², the evaluation gap |za − zb| and product za·zb
    /// (<paramref name="za"/>, <paramref name="zb"/>: the sentences' evaluation logits, 0 without a head), and the 384 products.</summary>
    public static double[] Of(ViewpointAnalyzer.Model model, ViewpointAnalyzer.Item a, ViewpointAnalyzer.Item b, bool semantic, double za = 0, double zb = 0)
    {
        var f = ViewpointAnalyzer.Features(model, a, b, out _);
        var fa = a.Framing;
        var fb = b.Framing;
        var dims = semantic ? a.Meaning!.Length : 0;
        var x = new double[Lexical + (semantic ? SemanticScalars + dims : 0)];
        x[0] = Math.Min(6, f.Shared) / 6.0;
        x[1] = Math.Min(1.5, f.Overlap / 8);
        x[2] = Math.Min(1, f.Coverage);
        x[3] = f.Similarity;
        x[4] = f.Tone;
        x[5] = f.NegatedPredicate;
        x[6] = Math.Min(2, f.Axes) / 2;
        x[7] = Math.Min(3, f.Loaded) / 3.0;
        x[8] = f.HedgeCertain;
        x[9] = f.Refutation;
        x[10] = fa.Negated != fb.Negated ? 1 : 0;
        x[11] = fa.Negated && fb.Negated ? 1 : 0;
        x[12] = Math.Clamp(fa.Polarity * fb.Polarity, -1, 1);
        x[13] = fa.AxisSigns.GetValueOrDefault("truth") < 0 || fb.AxisSigns.GetValueOrDefault("truth") < 0 ? 1 : 0;
        x[14] = fa.Hedged || fb.Hedged ? 1 : 0;
        x[15] = Math.Min(a.Stems.Length, b.Stems.Length) / (double)Math.Max(1, Math.Max(a.Stems.Length, b.Stems.Length));
        if (semantic)
        {
            var u = a.Meaning!;
            var v = b.Meaning!;
            var cos = VectorMath.Dot(u, v);
            x[Lexical] = cos;
            x[Lexical + 1] = cos * cos;
            x[Lexical + 2] = Math.Abs(za - zb);
            x[Lexical + 3] = za * zb;
            for (var d = 0; d < dims; d++)
            {
                x[Lexical + SemanticScalars + d] = u[d] * v[d] * dims; // about unit scale
            }
        }
        return x;
    }
}

/// <summary>One logistic head: standardize, weigh, squash. A head with fewer weights than features reads the
/// leading ones (a head fitted without the per-dimension block reads only the cues and the cosine).</summary>
public sealed record LogisticHead(double[] Mean, double[] Scale, double[] Weights, double Bias)
{
    public double Probability(ReadOnlySpan<double> x)
    {
        if (x.Length < Weights.Length)
        {
            return 0.5;
        }
        var z = Bias;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += Weights[i] * (x[i] - Mean[i]) / Scale[i];
        }
        return 1 / (1 + Math.Exp(-z));
    }
}

/// <summary>
/// The learned stance model (fitted by tools/StanceFit on FNC-1 train and ArgKP train; shipped as
/// stance-model.json inside this assembly): for a sentence pair, the probability that both make the same point, and
/// the probability that they take opposite positions on it — with meaning vectors when both sentences have them,
/// from wording alone otherwise.
/// </summary>
public sealed class StanceModel
{
    public required LogisticHead SameSemantic { get; init; }
    public required LogisticHead SameLexical { get; init; }
    public required LogisticHead OpposedSemantic { get; init; }
    public required LogisticHead OpposedLexical { get; init; }

    /// <summary>How a sentence evaluates its subject (null in a model fitted without it: the features read 0).</summary>
    public EvaluationHead? Evaluation { get; init; }

    /// <summary>The opposition of a pair inside a discussion (Discussion.cs): reads the lone-pair logit, z'a·z'b and
    /// |z'a − z'b| of the two sentences' logits as the discussion reads them (null: the lone-pair opposition).</summary>
    public LogisticHead? OpposedInDiscussion { get; init; }

    /// <summary>Opposed probability above which a pair is shown as a clash (chosen on dev data by the fitting tool).</summary>
    public double ClashThreshold { get; init; } = 0.5;

    /// <summary>Opposed probability above which the model alone (no cue word agreeing) flags a clash: where the
    /// FNC-1 held-out precision of "disagree" reaches one half (chosen by the fitting tool).</summary>
    public double StrongClashThreshold { get; init; } = 0.5;

    /// <summary>Same-point probability above which sentences of different sources are aligned as one point.</summary>
    public double SameThreshold { get; init; } = 0.5;

    /// <summary>How the tool fitted it (data, figures), for the record.</summary>
    public string Notes { get; init; } = "";

    static readonly Lazy<StanceModel?> Shipped = new(LoadShipped);

    /// <summary>The shipped model, or null when the assembly carries none (then the hand-weighted clash score is used).</summary>
    public static StanceModel? Default => Shipped.Value;

    public const string ResourceName = "DiscussionBot.TextAnalysis.Semantics.stance-model.json";

    static StanceModel? LoadShipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName);
        return stream is null ? null : JsonSerializer.Deserialize<StanceModel>(stream, Json);
    }

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// The opposition shown: the model's, or — when the hand-weighted clash detector (cue words on a shared subject)
    /// fires on a pair the model aligns as one point — the model's plus the detector's strength. The detector catches
    /// opposed framings the public stance data barely has ("terrorist takeover" against "popular uprisings"); the
    /// alignment keeps it from firing on sentences that only share words.
    /// </summary>
    internal double Opposition(double same, double opposed, double lexicalClash) =>
        lexicalClash > 0 && same >= SameThreshold ? Math.Min(1, opposed + lexicalClash) : opposed;

    /// <summary>The opposition of a pair inside a discussion, from its lone-pair opposition and the sentences' logits
    /// read in the discussion (the lone-pair one when the model has no discussion head).</summary>
    internal double InDiscussion(double opposed, double za, double zb) =>
        OpposedInDiscussion is { } head ? head.Probability(DiscussionFeatures(opposed, za, zb)) : opposed;

    internal static double[] DiscussionFeatures(double opposed, double za, double zb)
    {
        var p = Math.Clamp(opposed, 1e-6, 1 - 1e-6);
        return [Math.Log(p / (1 - p)), za * zb, Math.Abs(za - zb)];
    }

    internal (double Same, double Opposed) Score(double[] features, bool semantic) =>
        semantic
            ? (SameSemantic.Probability(features), OpposedSemantic.Probability(features))
            : (SameLexical.Probability(features), OpposedLexical.Probability(features));
}
