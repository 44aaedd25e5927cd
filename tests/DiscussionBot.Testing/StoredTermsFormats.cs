using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DiscussionBot.Testing;

/// <summary>Stored story features as older versions of the codec wrote them (to test that they still read).</summary>
public static class StoredTermsFormats
{
    /// <summary>The bytes the format-1 codec (before day names were kept) wrote for features stored now without days:
    /// the same plain bytes without the day flag at their end, under format byte 1.</summary>
    public static byte[] AsFormatOne(byte[] formatTwo)
    {
        ArgumentNullException.ThrowIfNull(formatTwo);
        if (formatTwo.Length < 11 || formatTwo[2] != 2)
        {
            throw new ArgumentException("not format-2 stored features", nameof(formatTwo));
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(formatTwo.AsSpan(3));
        var plain = new byte[length];
        if (!BrotliDecoder.TryDecompress(formatTwo.AsSpan(11), plain, out var written) || written != length || plain[^1] != 0)
        {
            throw new ArgumentException("format-2 features with no days expected", nameof(formatTwo));
        }
        var older = plain[..^1];
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(older.Length)];
        if (!BrotliEncoder.TryCompress(older, compressed, out var size))
        {
            throw new InvalidOperationException("Brotli could not compress");
        }
        var result = new byte[11 + size];
        result[0] = (byte)'S';
        result[1] = (byte)'T';
        result[2] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(3), older.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(7), Crc32.HashToUInt32(older));
        compressed.AsSpan(0, size).CopyTo(result.AsSpan(11));
        return result;
    }
}
