using System.Numerics;
using System.Runtime.InteropServices;
using Parquet.Meta;

namespace Steward.Analytics.Data.Readers;

/// <summary>
/// Decodes a numeric column chunk (DOUBLE, FLOAT, INT32 or INT64; PLAIN or dictionary-encoded pages) straight from
/// the file's pages into the worker's buffers: the present values as doubles, in row order, and the definition
/// levels. The caller hands them to the accumulator in one call, exactly as the Parquet.Net path does, so counts,
/// moments and sketches are the same. One instance per worker, reused per chunk.
/// </summary>
internal sealed class ParquetNumberChunk(ParquetPages pages)
{
    private double[] _values = [];
    private int[] _definitions = [];
    private double[] _dictionary = [];
    private int _dictionaryCount;
    private int[] _indices = [];
    private bool _required;
    private int _rows;

    /// <summary>The present values of the last decoded chunk.</summary>
    public ReadOnlySpan<double> Values => _values.AsSpan(0, PresentCount);

    /// <summary>The definition levels of the last decoded chunk (empty for a required column).</summary>
    public ReadOnlySpan<int> Definitions => _required ? default : _definitions.AsSpan(0, _rows);

    /// <summary>Present values in the last decoded chunk.</summary>
    public int PresentCount { get; private set; }

    /// <summary>The physical type of the chunk when this reader decodes it to the given CLR type, else null.</summary>
    public static Parquet.Meta.Type? PhysicalTypeFor(System.Type clrType) =>
        clrType == typeof(double) ? Parquet.Meta.Type.DOUBLE
        : clrType == typeof(float) ? Parquet.Meta.Type.FLOAT
        : clrType == typeof(int) ? Parquet.Meta.Type.INT32
        : clrType == typeof(long) ? Parquet.Meta.Type.INT64
        : null;

    /// <summary>Decodes the chunk; nothing is kept from a chunk that fails.</summary>
    /// <exception cref="NotSupportedException">An encoding or layout this reader leaves to Parquet.Net.</exception>
    /// <exception cref="InvalidDataException">Malformed pages.</exception>
    public void Decode(ColumnChunk chunk, Parquet.Meta.Type physical, int maxDefinition, int rows)
    {
        if (maxDefinition > 1)
        {
            throw new NotSupportedException("nested definition levels");
        }

        if (chunk.MetaData?.Type != physical)
        {
            throw new NotSupportedException("physical type differs from the schema's");
        }

        PresentCount = 0;
        (_required, _rows) = (true, 0);
        _dictionaryCount = 0;
        Grow(ref _values, rows);
        if (maxDefinition > 0)
        {
            Grow(ref _definitions, rows);
        }

        pages.Begin(chunk, maxDefinition);
        var row = 0;
        while (pages.Next())
        {
            if (pages.IsDictionary)
            {
                if (pages.ValueEncoding is not (Encoding.PLAIN or Encoding.PLAIN_DICTIONARY))
                {
                    throw new NotSupportedException($"dictionary encoded {pages.ValueEncoding}");
                }

                Grow(ref _dictionary, pages.Count);
                Plain(physical, pages.Values, _dictionary.AsSpan(0, pages.Count));
                _dictionaryCount = pages.Count;
                continue;
            }

            var count = pages.Count;
            if (count > rows - row)
            {
                throw new InvalidDataException("column chunk has more values than its row group has rows");
            }

            var present = count;
            if (maxDefinition > 0)
            {
                var levels = _definitions.AsSpan(row, count);
                ParquetPages.DecodeHybrid(pages.DefinitionLevels, 1, levels);
                present = 0;
                foreach (var l in levels)
                {
                    if ((uint)l > 1)
                    {
                        throw new InvalidDataException("definition level above the column's maximum");
                    }

                    present += l;
                }
            }

            var output = _values.AsSpan(PresentCount, present);
            switch (pages.ValueEncoding)
            {
                case Encoding.PLAIN:
                    Plain(physical, pages.Values, output);
                    break;
                case Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY:
                    FromDictionary(pages.Values, output);
                    break;
                default:
                    throw new NotSupportedException($"values encoded {pages.ValueEncoding}");
            }

            PresentCount += present;
            row += count;
        }

        if (row != rows)
        {
            throw new InvalidDataException("column chunk has fewer values than its row group has rows");
        }

        (_required, _rows) = (maxDefinition == 0, rows);
    }

    private static void Plain(Parquet.Meta.Type physical, ReadOnlySpan<byte> data, Span<double> output)
    {
        switch (physical)
        {
            case Parquet.Meta.Type.DOUBLE:
                Copy<double>(data, output);
                break;
            case Parquet.Meta.Type.FLOAT:
                Copy<float>(data, output);
                break;
            case Parquet.Meta.Type.INT32:
                Copy<int>(data, output);
                break;
            case Parquet.Meta.Type.INT64:
                Copy<long>(data, output);
                break;
            default:
                throw new NotSupportedException($"physical type {physical}");
        }
    }

    private static void Copy<T>(ReadOnlySpan<byte> data, Span<double> output)
        where T : unmanaged, INumberBase<T>
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (data.Length < (long)output.Length * size)
        {
            throw new InvalidDataException("PLAIN page shorter than its values");
        }

        if (typeof(T) == typeof(double))
        {
            data[..(output.Length * size)].CopyTo(MemoryMarshal.AsBytes(output));
            return;
        }

        var values = MemoryMarshal.Cast<byte, T>(data[..(output.Length * size)]);
        for (var i = 0; i < values.Length; i++)
        {
            output[i] = double.CreateTruncating(values[i]);
        }
    }

    private void FromDictionary(ReadOnlySpan<byte> data, Span<double> output)
    {
        if (output.IsEmpty)
        {
            return;
        }

        if (data.IsEmpty)
        {
            throw new InvalidDataException("dictionary page data without a bit width");
        }

        Grow(ref _indices, output.Length);
        var indices = _indices.AsSpan(0, output.Length);
        ParquetPages.DecodeHybrid(data[1..], data[0], indices);
        var dictionary = _dictionary.AsSpan(0, _dictionaryCount);
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)dictionary.Length)
            {
                throw new InvalidDataException("dictionary index out of range");
            }

            output[i] = dictionary[index];
        }
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            array = new T[Math.Max(size, array.Length * 2)];
        }
    }
}
