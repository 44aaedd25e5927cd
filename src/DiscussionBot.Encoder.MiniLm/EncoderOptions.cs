using System.ComponentModel.DataAnnotations;

namespace DiscussionBot.Encoder.MiniLm;

/// <summary>The sentence encoder (section <c>Encoder</c>).</summary>
public sealed class EncoderOptions
{
    public const string Section = "Encoder";

    /// <summary>Off: no model is loaded and every analysis is lexical.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>An ONNX model file to use instead of the one the package ships (same tokenizer: all-MiniLM-L6-v2 or a
    /// compatible BERT). Empty: the packaged model, unpacked once into <see cref="CacheDirectory"/>.</summary>
    public string ModelPath { get; init; } = "";

    /// <summary>Where the packaged model is unpacked (about 90 MB, once). Empty: a folder in the system's temp directory.</summary>
    public string CacheDirectory { get; init; } = "";

    /// <summary>CPU threads the encoder may use; 1 leaves the other cores to the chat.</summary>
    [Range(1, 64)]
    public int Threads { get; init; } = 1;

    /// <summary>Word pieces read per sentence; longer sentences are truncated (the model was trained on 256).</summary>
    [Range(16, 512)]
    public int MaxTokens { get; init; } = 256;

    /// <summary>Sentences per model run (sorted by length first). On one thread small batches measured quickest: less padding.</summary>
    [Range(1, 256)]
    public int BatchSize { get; init; } = 8;
}
