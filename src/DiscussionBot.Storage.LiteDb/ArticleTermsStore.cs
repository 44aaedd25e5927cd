using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using DiscussionBot.Core.Storage;
using DiscussionBot.TextAnalysis;
using LiteDB;

namespace DiscussionBot.Storage.LiteDb;

/// <summary>One article's stored story features (<c>article_terms</c>, kept apart from the articles so listing and
/// searching never read them): the text hash and weights they were computed under, and <see cref="StoryTermsCodec"/>'s bytes.</summary>
public sealed record ArticleTermsRow
{
    /// <summary>The article's id.</summary>
    public int Id { get; init; }

    public string ContentHash { get; init; } = "";

    public string Fingerprint { get; init; } = "";

    public byte[] Data { get; init; } = [];
}

public sealed class LiteArticleTermsStore(BotDatabase db) : IArticleTermsStore
{
    private readonly ILiteCollection<ArticleTermsRow> _rows = db.Collection<ArticleTermsRow>(Collections.ArticleTerms);

    public StoredTermsRead Get(int articleId, string contentHash, string fingerprint)
    {
        ArticleTermsRow? row;
        try
        {
            row = _rows.FindById(articleId);
        }
        catch (LiteException e)
        {
            return new StoredTermsRead(null, $"the row cannot be read ({e.Message})");
        }
        if (row is null)
        {
            return StoredTermsRead.Missing;
        }
        if (row.ContentHash != contentHash)
        {
            return new StoredTermsRead(null, "it was computed from another text");
        }
        if (row.Fingerprint != fingerprint)
        {
            return new StoredTermsRead(null, $"it was computed under other weights ({row.Fingerprint}, now {fingerprint})");
        }
        return StoryTermsCodec.TryDecode(row.Data, out var terms, out var problem)
            ? new StoredTermsRead(terms)
            : new StoredTermsRead(null, problem);
    }

    public void Save(int articleId, string contentHash, string fingerprint, StoryTerms terms) =>
        SavePacked(articleId, contentHash, fingerprint, Pack(terms));

    public byte[] Pack(StoryTerms terms) => StoryTermsCodec.Encode(terms);

    public void SavePacked(int articleId, string contentHash, string fingerprint, byte[] packed) =>
        _rows.Upsert(new ArticleTermsRow { Id = articleId, ContentHash = contentHash, Fingerprint = fingerprint, Data = packed });
}

/// <summary>
/// Compact bytes of <see cref="StoryTerms"/>: each field's names with their weights (the combined field's weights as
/// quarters when they all are, as with the default weights; else as doubles), the title, body and name fields as their
/// distinct names in order of first appearance with a count (a clusterer interns them in the same order, so the
/// features read back give the same vectors as the ones computed), Brotli-compressed behind a CRC-32 of the plain bytes.
/// Format 2 adds the day names of title and lead (<see cref="StoryTerms.Days"/>) after the name field: a flag, then
/// the names as the fields are; rows of format 1 (stored before) still read, with no days (null), and the story index
/// then adds the days from the article's text and stores the row again in this format.
/// Layout: "ST", format byte, plain length (4 bytes), CRC-32 (4 bytes), Brotli stream.
/// </summary>
internal static class StoryTermsCodec
{
    private const byte Format = 2;
    private const byte FormatWithoutDays = 1;
    private const int HeaderLength = 11;

    public static byte[] Encode(StoryTerms terms)
    {
        using var plain = new MemoryStream();
        using (var writer = new BinaryWriter(plain, Encoding.UTF8, leaveOpen: true))
        {
            var quarters = terms.All.All(kv => IsQuarter(kv.Value));
            writer.Write(quarters);
            writer.Write7BitEncodedInt(terms.All.Count);
            foreach (var (name, weight) in terms.All)
            {
                writer.Write(name);
                if (quarters)
                {
                    writer.Write7BitEncodedInt((int)(weight * 4));
                }
                else
                {
                    writer.Write(weight);
                }
            }
            WriteCounted(writer, terms.Title);
            WriteCounted(writer, terms.Body);
            WriteCounted(writer, terms.Names);
            writer.Write(terms.Days is not null);
            if (terms.Days is { } days)
            {
                WriteCounted(writer, days);
            }
        }
        var bytes = plain.GetBuffer().AsSpan(0, (int)plain.Length);
        var output = new byte[HeaderLength + BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!BrotliEncoder.TryCompress(bytes, output.AsSpan(HeaderLength), out var written, quality: 4, window: 22))
        {
            throw new InvalidOperationException("Brotli could not compress the story features.");
        }
        output[0] = (byte)'S';
        output[1] = (byte)'T';
        output[2] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(3), bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(7), Crc32.HashToUInt32(bytes));
        return output[..(HeaderLength + written)];
    }

    public static bool TryDecode(byte[] data, out StoryTerms? terms, out string? problem)
    {
        terms = null;
        if (data.Length < HeaderLength || data[0] != 'S' || data[1] != 'T' || data[2] is not (Format or FormatWithoutDays))
        {
            problem = "it is not in the stored-features format";
            return false;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(3));
        if (length is < 0 or > 64 * 1024 * 1024)
        {
            problem = "its length is out of range";
            return false;
        }
        var plain = new byte[length];
        if (!BrotliDecoder.TryDecompress(data.AsSpan(HeaderLength), plain, out var written) || written != length
            || Crc32.HashToUInt32(plain) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(7)))
        {
            problem = "its bytes are damaged (checksum)";
            return false;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(plain), Encoding.UTF8);
            var quarters = reader.ReadBoolean();
            var count = reader.ReadCount(length);
            var all = new KeyValuePair<string, double>[count];
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                all[i] = new(name, quarters ? reader.Read7BitEncodedInt() / 4.0 : reader.ReadDouble());
            }
            var title = ReadCounted(reader, length);
            var body = ReadCounted(reader, length);
            var names = ReadCounted(reader, length);
            var days = data[2] == Format && reader.ReadBoolean() ? ReadCounted(reader, length) : null;
            if (reader.BaseStream.Position != length)
            {
                problem = "it has bytes left over";
                return false;
            }
            terms = new StoryTerms(all, title, body, names, days);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            problem = $"it does not read back ({e.Message})";
            return false;
        }
    }

    private static bool IsQuarter(double weight) => weight >= 0 && weight < int.MaxValue / 4 && weight * 4 == Math.Floor(weight * 4);

    private static void WriteCounted(BinaryWriter writer, IReadOnlyList<string> names)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var name in names)
        {
            if (counts.TryGetValue(name, out var c))
            {
                counts[name] = c + 1;
            }
            else
            {
                counts[name] = 1;
                order.Add(name);
            }
        }
        writer.Write7BitEncodedInt(order.Count);
        foreach (var name in order)
        {
            writer.Write(name);
            writer.Write7BitEncodedInt(counts[name]);
        }
    }

    private static string[] ReadCounted(BinaryReader reader, int length)
    {
        var distinct = reader.ReadCount(length);
        var result = new List<string>(distinct);
        for (var i = 0; i < distinct; i++)
        {
            var name = reader.ReadString();
            var count = reader.ReadCount(length);
            for (var k = 0; k < count; k++)
            {
                result.Add(name);
            }
        }
        return [.. result];
    }

    /// <summary>A count no larger than the plain bytes could hold (a damaged count must not allocate gigabytes).</summary>
    private static int ReadCount(this BinaryReader reader, int length)
    {
        var count = reader.Read7BitEncodedInt();
        return count < 0 || count > length ? throw new FormatException("a count is out of range") : count;
    }
}
