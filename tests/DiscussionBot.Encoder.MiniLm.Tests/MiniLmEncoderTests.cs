using System.Diagnostics;
using DiscussionBot.TextAnalysis;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Encoder.MiniLm.Tests;

/// <summary>The real all-MiniLM-L6-v2 model the package ships, on small inputs (one model for the whole class).</summary>
public sealed class MiniLmEncoderTests : IClassFixture<MiniLmEncoderTests.Model>, IDisposable
{
    public sealed class Model : IDisposable
    {
        public MiniLmSentenceEncoder Encoder { get; } = new(new EncoderOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "discussionbot-models-tests") });

        public void Dispose() => Encoder.Dispose();
    }

    private readonly MiniLmSentenceEncoder _encoder;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "minilm-tests-" + Guid.NewGuid().ToString("N"));

    public MiniLmEncoderTests(Model model)
    {
        _encoder = model.Encoder;
        Directory.CreateDirectory(_temp);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Every_input_gets_a_unit_vector_of_384_dimensions()
    {
        Assert.True(_encoder.TryLoad(), _encoder.Problem);
        string[] texts = ["The council opened the bridge.", "", "🙂🙂", "Президент посетил Турцию.", "Der Präsident besuchte die Türkei.", new string('x', 5000)];
        var vectors = _encoder.Encode(texts);
        Assert.Equal(texts.Length, vectors.Length);
        foreach (var v in vectors)
        {
            Assert.Equal(384, v.Length);
            Assert.InRange(VectorMath.Dot(v, v), 0.999, 1.001);
        }
    }

    [Fact]
    public void A_paraphrase_is_closer_than_a_sentence_that_shares_words_but_not_meaning()
    {
        var v = _encoder.Encode([
            "The minister resigned on Monday after the scandal.",
            "After the affair came to light, the minister stepped down at the start of the week.",
            "The scandal over the minister's Monday schedule was a minor issue.",
        ]);
        Assert.True(VectorMath.Dot(v[0], v[1]) > VectorMath.Dot(v[0], v[2]), $"{VectorMath.Dot(v[0], v[1])} vs {VectorMath.Dot(v[0], v[2])}");
        Assert.True(VectorMath.Dot(v[0], v[1]) > 0.5);
    }

    [Fact]
    public void Batches_and_single_sentences_give_the_same_vectors()
    {
        string[] texts = ["Short one.", "A much longer sentence that needs more word pieces than the first one does.", "Third."];
        var batch = _encoder.Encode(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = _encoder.Encode([texts[i]])[0];
            Assert.InRange(VectorMath.Dot(batch[i], single), 0.999, 1.001);
        }
    }

    [Fact]
    public void Ten_megabytes_in_one_sentence_are_truncated_not_refused()
    {
        var huge = string.Concat(Enumerable.Repeat("word ", 2_100_000));
        var watch = Stopwatch.StartNew();
        var v = _encoder.Encode([huge, "word word word"]);
        Assert.InRange(VectorMath.Dot(v[0], v[0]), 0.999, 1.001);
        // Truncated to the model's window: seconds at most, not minutes (a bound against a hang, not a benchmark).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), watch.Elapsed.ToString());
    }

    [Fact]
    public void A_missing_model_file_is_reported_and_encoding_is_refused()
    {
        using var encoder = new MiniLmSentenceEncoder(new EncoderOptions { ModelPath = Path.Combine(_temp, "absent.onnx") });
        Assert.False(encoder.TryLoad());
        Assert.Contains("could not load", encoder.Problem, StringComparison.Ordinal);
        Assert.False(encoder.TryLoad()); // tried once, remembered
        Assert.Throws<InvalidOperationException>(() => encoder.Encode(["text"]));
    }

    [Fact]
    public void A_damaged_model_file_falls_back_instead_of_crashing()
    {
        var path = Path.Combine(_temp, "damaged.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        using var encoder = new MiniLmSentenceEncoder(new EncoderOptions { ModelPath = path });
        Assert.False(encoder.TryLoad());
        Assert.NotNull(encoder.Problem);
    }

    [Fact]
    public void A_switched_off_encoder_says_so()
    {
        using var encoder = new MiniLmSentenceEncoder(new EncoderOptions { Enabled = false });
        Assert.False(encoder.TryLoad());
        Assert.Contains("switched off", encoder.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Cached_vectors_come_back_from_the_file_after_a_restart()
    {
        var file = Path.Combine(_temp, "cache.bin");
        float[][] first;
        using (var cached = new CachedSentenceEncoder(_encoder, file))
        {
            first = cached.Encode(["One point.", "Another point."]);
            Assert.Equal(2, cached.Cached);
        }
        // A torn write at the end is dropped, the rest kept.
        File.AppendAllText(file, "garbage");
        using var again = new CachedSentenceEncoder(new ThrowingEncoder(), file);
        Assert.Equal(2, again.Cached);
        var second = again.Encode(["One point.", "Another point."]);
        Assert.InRange(VectorMath.Dot(first[0], second[0]), 0.999, 1.001);
    }

    private sealed class ThrowingEncoder : ISentenceEncoder
    {
        public string Model => MiniLmSentenceEncoder.ModelName;
        public int Dimensions => 384;
        public string? Problem => null;
        public bool TryLoad() => true;
        public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw new InvalidOperationException("not cached");
    }

    [Fact]
    public void The_seed_pair_by_meaning_shares_the_visit_and_keeps_the_CSTO_January_and_Moscow_clashes()
    {
        var sources = Seeds().Select((s, i) => s with { Vectors = VectorsOf(s) }).ToList();
        var report = new ViewpointAnalyzer().Analyze(sources);
        Assert.True(report.ByMeaning);
        // Common ground: both sources on the visit, in the first shared point.
        var shared = report.Shared.Take(3).ToList();
        Assert.Contains(shared, p => p.Sources.Count == 2 && p.Sentences.All(s => s.Text.Contains("Tokayev", StringComparison.Ordinal) && s.Text.Contains("Turkey", StringComparison.Ordinal)));
        var shown = report.Clashes.Take(4).ToList();
        Assert.All(shown, c => Assert.NotEqual(c.First.SourceName, c.Second.SourceName));
        Assert.Contains(shown, c => c.First.Text.Contains("CSTO", StringComparison.Ordinal) && c.Second.Text.Contains("CSTO", StringComparison.Ordinal));
        Assert.Contains(shown, c => c.Subject.Contains("January", StringComparison.Ordinal));
        Assert.Contains(shown, c => c.First.Text.Contains("Moscow saved", StringComparison.Ordinal) && c.Second.Text.Contains("occupy", StringComparison.Ordinal));
        // No sentence is both shared ground and a side of a clash.
        var clashSentences = report.Clashes.SelectMany(c => new[] { c.First.Text, c.Second.Text }).ToHashSet();
        Assert.DoesNotContain(report.Shared.SelectMany(p => p.Sentences), s => clashSentences.Contains(s.Text));
    }

    SentenceVectors VectorsOf(SourceText s)
    {
        var plan = ViewpointAnalyzer.EncodingPlan(s.Title, s.Text, 48);
        return SentenceVectors.From(_encoder.Model, plan.Zip(_encoder.Encode(plan)));
    }

    static IReadOnlyList<SourceText> Seeds()
    {
        var seeds = DiscussionBot.Testing.SharedFiles.Find("corpora", "seeds");
        return Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal).Select((f, i) =>
        {
            var lines = File.ReadAllLines(f);
            return new SourceText($"seed-{i}", null, Path.GetFileNameWithoutExtension(f), lines[0], string.Join("\n", lines.Skip(1)));
        }).ToList();
    }
}
