using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;

namespace Steward.Analytics.Data.Readers;

/// <summary>
/// Reads the pages of one flat column chunk straight from the file: page headers (Thrift compact protocol),
/// decompression (uncompressed, Snappy, gzip, zstd) and the raw definition-level and value bytes of each page, so
/// that the profiler can decode values without materialising them as .NET objects. Anything else (other codecs,
/// encrypted or external chunks, repeated fields) is refused with <see cref="NotSupportedException"/> before a
/// value is produced, and malformed bytes raise <see cref="InvalidDataException"/>; the caller then falls back to
/// Parquet.Net. Buffers are owned by the instance and reused for every chunk (one instance per worker).
/// Format reference: apache/parquet-format <c>parquet.thrift</c> and <c>Encodings.md</c>.
/// </summary>
internal sealed class ParquetPages
{
    private const int DataPage = 0;
    private const int DictionaryPage = 2;
    private const int DataPageV2 = 3;

    private readonly SafeFileHandle _file;
    private byte[] _header = new byte[1024];
    private byte[] _compressed = [];
    private byte[] _page = [];
    private ZstdSharp.Decompressor? _zstd;
    private long _position;
    private long _end;
    private long _valuesLeft;
    private CompressionCodec _codec;
    private int _maxDefinition;
    private int _levelsOffset;
    private int _levelsLength;
    private int _valuesOffset;
    private int _valuesLength;

    public ParquetPages(SafeFileHandle file) => _file = file;

    /// <summary>Page header num_values: values of a dictionary page, levels (rows, for flat columns) of a data page.</summary>
    public int Count { get; private set; }

    /// <summary>True for a dictionary page.</summary>
    public bool IsDictionary { get; private set; }

    /// <summary>Encoding of the page's values.</summary>
    public Encoding ValueEncoding { get; private set; }

    /// <summary>The RLE/bit-packed definition levels of the current data page (empty for a required column).</summary>
    public ReadOnlySpan<byte> DefinitionLevels => _page.AsSpan(_levelsOffset, _levelsLength);

    /// <summary>The encoded values of the current page.</summary>
    public ReadOnlySpan<byte> Values => _page.AsSpan(_valuesOffset, _valuesLength);

    /// <summary>Starts reading <paramref name="chunk"/>.</summary>
    /// <exception cref="NotSupportedException">The chunk is encrypted, in another file, or compressed with an unsupported codec.</exception>
    public void Begin(ColumnChunk chunk, int maxDefinition)
    {
        var md = chunk.MetaData ?? throw new NotSupportedException("column chunk without metadata");
        if (chunk.CryptoMetadata is not null || chunk.EncryptedColumnMetadata is not null || chunk.FilePath is not null)
        {
            throw new NotSupportedException("encrypted or external column chunk");
        }

        if (md.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY or CompressionCodec.GZIP or CompressionCodec.ZSTD))
        {
            throw new NotSupportedException($"codec {md.Codec}");
        }

        _codec = md.Codec;
        _maxDefinition = maxDefinition;
        _position = md.DictionaryPageOffset is > 0 and var d && d < md.DataPageOffset ? d : md.DataPageOffset;
        _end = _position + md.TotalCompressedSize;
        _valuesLeft = md.NumValues;
        if (_position < 0 || md.TotalCompressedSize < 0 || _end > RandomAccess.GetLength(_file))
        {
            throw new InvalidDataException("column chunk lies outside the file");
        }
    }

    /// <summary>Moves to the next dictionary or data page; false after the last data page.</summary>
    public bool Next()
    {
        while (_valuesLeft > 0)
        {
            if (_position >= _end)
            {
                throw new InvalidDataException("column chunk ends before all its values");
            }

            var header = ReadHeader();
            var compressedSize = header.CompressedSize;
            if (compressedSize < 0 || header.UncompressedSize < 0 || _position + compressedSize > _end)
            {
                throw new InvalidDataException("page size outside the column chunk");
            }

            if (header.Type is not (DataPage or DictionaryPage or DataPageV2))
            {
                _position += compressedSize;
                continue;
            }

            var raw = ReadBytes(ref _compressed, compressedSize);
            _position += compressedSize;
            EnsureSize(ref _page, header.UncompressedSize);
            Count = header.NumValues;
            ValueEncoding = header.Encoding;
            IsDictionary = header.Type == DictionaryPage;
            if (Count < 0)
            {
                throw new InvalidDataException("negative value count in a page header");
            }

            if (header.Type == DataPageV2)
            {
                // Levels are stored uncompressed in front of the (possibly compressed) values.
                var levels = header.RepetitionLevelsLength + header.DefinitionLevelsLength;
                if (header.RepetitionLevelsLength != 0 || header.DefinitionLevelsLength < 0 || levels > raw.Length || levels > header.UncompressedSize)
                {
                    throw header.RepetitionLevelsLength != 0 ? new NotSupportedException("repetition levels") : new InvalidDataException("level lengths exceed the page");
                }

                raw[..levels].CopyTo(_page);
                var valueBytes = header.UncompressedSize - levels;
                if (header.IsCompressed)
                {
                    Decompress(raw[levels..], _page.AsSpan(levels, valueBytes));
                }
                else
                {
                    if (raw.Length - levels != valueBytes)
                    {
                        throw new InvalidDataException("page size mismatch");
                    }

                    raw[levels..].CopyTo(_page.AsSpan(levels));
                }

                (_levelsOffset, _levelsLength) = (0, header.DefinitionLevelsLength);
                (_valuesOffset, _valuesLength) = (levels, valueBytes);
            }
            else
            {
                Decompress(raw, _page.AsSpan(0, header.UncompressedSize));
                (_levelsOffset, _levelsLength) = (0, 0);
                (_valuesOffset, _valuesLength) = (0, header.UncompressedSize);
                if (header.Type == DataPage && _maxDefinition > 0)
                {
                    if (header.DefinitionLevelEncoding != Encoding.RLE)
                    {
                        throw new NotSupportedException($"definition levels encoded {header.DefinitionLevelEncoding}");
                    }

                    if (header.UncompressedSize < 4)
                    {
                        throw new InvalidDataException("page too short for its definition levels");
                    }

                    var length = BinaryPrimitives.ReadInt32LittleEndian(_page);
                    if (length < 0 || length > header.UncompressedSize - 4)
                    {
                        throw new InvalidDataException("definition levels exceed the page");
                    }

                    (_levelsOffset, _levelsLength) = (4, length);
                    (_valuesOffset, _valuesLength) = (4 + length, header.UncompressedSize - 4 - length);
                }
            }

            if (!IsDictionary)
            {
                _valuesLeft -= Count;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Decodes <paramref name="output"/>.Length values of the RLE/bit-packed hybrid encoding (levels, dictionary
    /// indices) with the given bit width.
    /// </summary>
    public static void DecodeHybrid(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"bit width {bitWidth}");
        }

        var o = 0;
        var p = 0;
        var byteWidth = (bitWidth + 7) / 8;
        var mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        while (o < output.Length)
        {
            var header = ReadUleb(data, ref p);
            if ((header & 1) == 0)
            {
                var run = (long)(header >> 1);
                if (p + byteWidth > data.Length)
                {
                    throw new InvalidDataException("truncated RLE run");
                }

                uint value = 0;
                for (var b = 0; b < byteWidth; b++)
                {
                    value |= (uint)data[p + b] << (8 * b);
                }

                p += byteWidth;
                var n = (int)Math.Min(run, output.Length - o);
                output.Slice(o, n).Fill((int)value);
                o += n;
            }
            else
            {
                var values = (long)(header >> 1) * 8;
                var bytes = (long)(header >> 1) * bitWidth;
                if (p + bytes > data.Length)
                {
                    // Writers may stop the last bit-packed run short of a whole group; decode what is there.
                    bytes = data.Length - p;
                    values = Math.Min(values, bytes * 8 / Math.Max(1, bitWidth));
                }

                var n = (int)Math.Min(values, output.Length - o);
                var bitPos = (long)p * 8;
                for (var i = 0; i < n; i++)
                {
                    var byteIndex = (int)(bitPos >> 3);
                    var shift = (int)(bitPos & 7);
                    ulong word;
                    if (byteIndex + 8 <= data.Length)
                    {
                        word = BinaryPrimitives.ReadUInt64LittleEndian(data[byteIndex..]);
                    }
                    else
                    {
                        word = 0;
                        for (var b = 0; byteIndex + b < data.Length; b++)
                        {
                            word |= (ulong)data[byteIndex + b] << (8 * b);
                        }
                    }

                    output[o + i] = (int)((uint)(word >> shift) & mask);
                    bitPos += bitWidth;
                }

                o += n;
                p += (int)bytes;
                if (n == 0 && values == 0)
                {
                    throw new InvalidDataException("empty bit-packed run");
                }
            }
        }
    }

    private static ulong ReadUleb(ReadOnlySpan<byte> data, ref int p)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (p >= data.Length)
            {
                throw new InvalidDataException("truncated varint");
            }

            var b = data[p++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint too long");
    }

    private void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written;
        switch (_codec)
        {
            case CompressionCodec.UNCOMPRESSED:
                if (input.Length != output.Length)
                {
                    throw new InvalidDataException("page size mismatch");
                }

                input.CopyTo(output);
                return;
            case CompressionCodec.SNAPPY:
                if (!Snappier.Snappy.TryDecompress(input, output, out written))
                {
                    throw new InvalidDataException("snappy page does not decompress to its stated size");
                }

                break;
            case CompressionCodec.ZSTD:
                _zstd ??= new ZstdSharp.Decompressor();
                written = _zstd.Unwrap(input, output);
                break;
            default:
                {
                    using var ms = new MemoryStream(input.ToArray(), writable: false);
                    using var gz = new GZipStream(ms, CompressionMode.Decompress);
                    written = gz.ReadAtLeast(output, output.Length, throwOnEndOfStream: false);
                    break;
                }
        }

        if (written != output.Length)
        {
            throw new InvalidDataException("page does not decompress to its stated size");
        }
    }

    private Span<byte> ReadBytes(ref byte[] buffer, int count)
    {
        EnsureSize(ref buffer, count);
        var span = buffer.AsSpan(0, count);
        if (RandomAccess.Read(_file, span, _position) != count)
        {
            throw new InvalidDataException("file ends inside a page");
        }

        return span;
    }

    private PageHeaderFields ReadHeader()
    {
        while (true)
        {
            var available = (int)Math.Min(_header.Length, _end - _position);
            var span = _header.AsSpan(0, available);
            var read = RandomAccess.Read(_file, span, _position);
            span = span[..read];
            var thrift = new CompactReader(span);
            if (thrift.TryReadPageHeader(out var fields))
            {
                _position += thrift.Position;
                return fields;
            }

            if (read < _header.Length || _header.Length >= 64 << 20)
            {
                throw new InvalidDataException("truncated or oversized page header");
            }

            // Statistics with long min/max values: read a larger window and parse again.
            _header = new byte[_header.Length * 8];
        }
    }

    private static void EnsureSize(ref byte[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new byte[Math.Max(size, buffer.Length + (buffer.Length / 2))];
        }
    }

    private struct PageHeaderFields
    {
        public int Type;
        public int UncompressedSize;
        public int CompressedSize;
        public int NumValues;
        public Encoding Encoding;
        public Encoding DefinitionLevelEncoding;
        public int DefinitionLevelsLength;
        public int RepetitionLevelsLength;
        public bool IsCompressed;
    }

    /// <summary>The subset of the Thrift compact protocol that page headers need; unknown fields are skipped.</summary>
    private ref struct CompactReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private bool _truncated;

        public int Position { get; private set; }

        public bool TryReadPageHeader(out PageHeaderFields fields)
        {
            fields = new PageHeaderFields { Type = -1, UncompressedSize = -1, CompressedSize = -1, IsCompressed = true };
            var last = 0;
            while (!_truncated)
            {
                var (id, type) = FieldHeader(ref last);
                if (type == 0)
                {
                    break;
                }

                switch (id)
                {
                    case 1 when type == 5:
                        fields.Type = ReadInt();
                        break;
                    case 2 when type == 5:
                        fields.UncompressedSize = ReadInt();
                        break;
                    case 3 when type == 5:
                        fields.CompressedSize = ReadInt();
                        break;
                    case 5 when type == 12:
                        ReadDataPageHeader(ref fields);
                        break;
                    case 7 when type == 12:
                        ReadDictionaryPageHeader(ref fields);
                        break;
                    case 8 when type == 12:
                        ReadDataPageHeaderV2(ref fields);
                        break;
                    default:
                        Skip(type);
                        break;
                }
            }

            if (_truncated)
            {
                return false;
            }

            if (fields.Type < 0 || fields.CompressedSize < 0 || fields.UncompressedSize < 0)
            {
                throw new InvalidDataException("page header without type or sizes");
            }

            return true;
        }

        private void ReadDataPageHeader(ref PageHeaderFields f)
        {
            var last = 0;
            while (!_truncated)
            {
                var (id, type) = FieldHeader(ref last);
                if (type == 0)
                {
                    return;
                }

                switch (id)
                {
                    case 1 when type == 5:
                        f.NumValues = ReadInt();
                        break;
                    case 2 when type == 5:
                        f.Encoding = (Encoding)ReadInt();
                        break;
                    case 3 when type == 5:
                        f.DefinitionLevelEncoding = (Encoding)ReadInt();
                        break;
                    default:
                        Skip(type);
                        break;
                }
            }
        }

        private void ReadDictionaryPageHeader(ref PageHeaderFields f)
        {
            var last = 0;
            while (!_truncated)
            {
                var (id, type) = FieldHeader(ref last);
                if (type == 0)
                {
                    return;
                }

                switch (id)
                {
                    case 1 when type == 5:
                        f.NumValues = ReadInt();
                        break;
                    case 2 when type == 5:
                        f.Encoding = (Encoding)ReadInt();
                        break;
                    default:
                        Skip(type);
                        break;
                }
            }
        }

        private void ReadDataPageHeaderV2(ref PageHeaderFields f)
        {
            var last = 0;
            while (!_truncated)
            {
                var (id, type) = FieldHeader(ref last);
                if (type == 0)
                {
                    return;
                }

                switch (id)
                {
                    case 1 when type == 5:
                        f.NumValues = ReadInt();
                        break;
                    case 4 when type == 5:
                        f.Encoding = (Encoding)ReadInt();
                        break;
                    case 5 when type == 5:
                        f.DefinitionLevelsLength = ReadInt();
                        break;
                    case 6 when type == 5:
                        f.RepetitionLevelsLength = ReadInt();
                        break;
                    case 7 when type is 1 or 2:
                        f.IsCompressed = type == 1;
                        break;
                    default:
                        Skip(type);
                        break;
                }
            }
        }

        private (int Id, int Type) FieldHeader(ref int last)
        {
            var b = ReadByte();
            var type = b & 0x0F;
            if (type == 0)
            {
                return (0, 0);
            }

            var delta = b >> 4;
            last = delta == 0 ? (short)ZigZag(ReadVarint()) : last + delta;
            return (last, type);
        }

        private void Skip(int type)
        {
            switch (type)
            {
                case 1 or 2:
                    return;
                case 3:
                    ReadByte();
                    return;
                case 4 or 5 or 6:
                    ReadVarint();
                    return;
                case 7:
                    Advance(8);
                    return;
                case 8:
                    Advance(ReadVarint());
                    return;
                case 9 or 10:
                    {
                        var h = ReadByte();
                        var size = h >> 4 == 15 ? ReadVarint() : (ulong)(h >> 4);
                        var elem = h & 0x0F;
                        for (ulong i = 0; i < size && !_truncated; i++)
                        {
                            SkipElement(elem);
                        }

                        return;
                    }

                case 11:
                    {
                        var size = ReadVarint();
                        if (size == 0)
                        {
                            return;
                        }

                        var kv = ReadByte();
                        for (ulong i = 0; i < size && !_truncated; i++)
                        {
                            SkipElement(kv >> 4);
                            SkipElement(kv & 0x0F);
                        }

                        return;
                    }

                case 12:
                    {
                        var last = 0;
                        while (!_truncated)
                        {
                            var (_, t) = FieldHeader(ref last);
                            if (t == 0)
                            {
                                return;
                            }

                            Skip(t);
                        }

                        return;
                    }

                default:
                    throw new InvalidDataException($"unknown Thrift type {type} in a page header");
            }
        }

        private void SkipElement(int type)
        {
            // In lists, sets and maps booleans take one byte each.
            if (type is 1 or 2)
            {
                ReadByte();
            }
            else
            {
                Skip(type);
            }
        }

        private int ReadInt() => (int)ZigZag(ReadVarint());

        private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

        private ulong ReadVarint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = ReadByte();
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
            }

            throw new InvalidDataException("varint too long in a page header");
        }

        private int ReadByte()
        {
            if (Position >= _data.Length)
            {
                _truncated = true;
                return 0;
            }

            return _data[Position++];
        }

        private void Advance(ulong count)
        {
            if (count > (ulong)(_data.Length - Position))
            {
                _truncated = true;
                Position = _data.Length;
                return;
            }

            Position += (int)count;
        }
    }
}
