using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.TextAnalysis.Tests;

/// <summary>A stand-in sentence encoder for tests that need vectors but not the real model: each content word stem
/// is a fixed pseudo-random direction, a sentence their normalized sum. Sentences sharing words come out close.</summary>
internal sealed class WordHashEncoder(int dimensions = 384) : ISentenceEncoder
{
    public int Calls { get; private set; }

    public string Model => "word-hash";

    public int Dimensions => dimensions;

    public string? Problem => null;

    public bool TryLoad() => true;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Calls++;
        return texts.Select(Vector).ToArray();
    }

    float[] Vector(string text)
    {
        var v = new float[dimensions];
        foreach (var stem in Terms.ContentStems(text ?? ""))
        {
            var random = new Random(StableHash(stem));
            for (var i = 0; i < dimensions; i++)
            {
                v[i] += (float)(random.NextDouble() - 0.5);
            }
        }
        v[0] += 1e-3f; // an empty text still has a direction
        var norm = (float)Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s)
            {
                h = h * 31 + c;
            }
            return h;
        }
    }

    /// <summary>The vectors an article would have stored.</summary>
    public SentenceVectors VectorsOf(SourceText source)
    {
        var plan = ViewpointAnalyzer.EncodingPlan(source.Title, source.Text);
        return SentenceVectors.From(Model, plan.Zip(Encode(plan)));
    }
}
