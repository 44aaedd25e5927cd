using System.Text;
using DiscussionBot.TextAnalysis.Semantics;

namespace DiscussionBot.Encoder.MiniLm;

/// <summary>
/// For the evaluation and fitting tools, which read the same corpora again and again: vectors of texts already
/// encoded come from an append-only file (8-bit, as the library stores them), the rest from the inner encoder.
/// The file belongs outside the repository (a cache folder); a damaged tail is ignored and re-encoded.
/// </summary>
public sealed class CachedSentenceEncoder : ISentenceEncoder, IDisposable
{
    private readonly ISentenceEncoder _inner;
    private readonly Dictionary<string, float[]> _known = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly Lock _gate = new();

    public CachedSentenceEncoder(ISentenceEncoder inner, string cacheFile)
    {
        _inner = inner;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cacheFile))!);
        _file = new FileStream(cacheFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var good = Load();
        _file.SetLength(good);
        _file.Position = good;
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
    }

    public string Model => _inner.Model;

    public int Dimensions => _inner.Dimensions;

    public string? Problem => _inner.Problem;

    public int Cached => _known.Count;

    public bool TryLoad() => _inner.TryLoad();

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var result = new float[texts.Count][];
        var missing = new List<int>();
        lock (_gate)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                if (_known.TryGetValue(texts[i] ?? "", out var v))
                {
                    result[i] = v;
                }
                else
                {
                    missing.Add(i);
                }
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        var fresh = _inner.Encode(missing.Select(i => texts[i] ?? "").ToArray(), cancellationToken);
        lock (_gate)
        {
            for (var k = 0; k < missing.Count; k++)
            {
                var text = texts[missing[k]] ?? "";
                var (values, scale) = VectorMath.Quantize(fresh[k]);
                var stored = VectorMath.Dequantize(values, scale);
                result[missing[k]] = stored;
                if (_known.TryAdd(text, stored))
                {
                    _writer.Write(text);
                    _writer.Write(scale);
                    _writer.Write(values.Length);
                    _writer.Write(MemoryMarshalBytes(values));
                }
            }
            _writer.Flush();
        }
        return result;
    }

    private static byte[] MemoryMarshalBytes(sbyte[] values) => (byte[])(Array)values;

    private long Load()
    {
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        long good = 0;
        try
        {
            while (_file.Position < _file.Length)
            {
                var text = reader.ReadString();
                var scale = reader.ReadSingle();
                var length = reader.ReadInt32();
                var bytes = reader.ReadBytes(length);
                if (bytes.Length != length)
                {
                    break;
                }
                _known[text] = VectorMath.Dequantize((sbyte[])(Array)bytes, scale);
                good = _file.Position;
            }
        }
        catch (EndOfStreamException)
        {
            // a write cut short: keep what came before it
        }
        return good;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
