using System.Buffers.Binary;
using System.Numerics;
using Parquet.Meta;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Data.Readers;

/// <summary>
/// Profiles a UTF-8 (BYTE_ARRAY) column chunk without a .NET string per row: values are interned by their bytes
/// (PLAIN pages) or taken from the dictionary (dictionary-encoded pages) into per-chunk slots, each row keeps its slot
/// number, and the column accumulator then receives each distinct value once with its count
/// (<see cref="ColumnAccumulator.AddRepeatedText"/>). When a value of the chunk reads as a number (or spells NaN or
/// infinity) the rows are replayed in order through <see cref="ColumnAccumulator.AddText"/> instead, so numeric
/// sketches and error rows are exactly what row-by-row reading gives. One instance per worker, reused per chunk.
/// </summary>
internal sealed class ParquetStringChunk(ParquetPages pages)
{
    private readonly Utf8Slots _slots = new();
    private int[] _rowSlots = [];
    private int[] _levels = [];
    private int[] _indices = [];
    private int[] _dictionary = [];
    private int _dictionaryCount;
    private char[] _chars = [];
    private int[] _charStart = [];
    private int[] _order = [];

    /// <summary>Decodes the chunk (nothing reaches <paramref name="acc"/> unless the whole chunk decodes), then profiles it.</summary>
    /// <exception cref="NotSupportedException">An encoding or layout this reader leaves to Parquet.Net.</exception>
    /// <exception cref="InvalidDataException">Malformed pages.</exception>
    public void Profile(ColumnChunk chunk, int maxDefinition, int rows, ColumnAccumulator acc, long firstRow)
    {
        if (maxDefinition > 1)
        {
            throw new NotSupportedException("nested definition levels");
        }

        Decode(chunk, maxDefinition, rows);
        var slots = _slots.Count;
        TranscodeSlots(slots);
        var replay = false;
        for (var s = 0; s < slots && !replay; s++)
        {
            var text = SlotChars(s);
            var cls = ValueClassifier.Classify(text);
            replay = cls is ValueClass.Integral or ValueClass.Fractional || ValueClassifier.IsNonFiniteSpelling(text);
        }

        var missing = 0L;
        if (replay)
        {
            for (var r = 0; r < rows; r++)
            {
                var s = _rowSlots[r];
                if (s < 0)
                {
                    missing++;
                }
                else
                {
                    acc.AddText(SlotChars(s), firstRow + r);
                }
            }
        }
        else
        {
            // Distinct values in order of first appearance, as row-by-row reading would meet them.
            if (_order.Length < slots)
            {
                _order = new int[Math.Max(slots, _order.Length * 2)];
            }

            var order = _order.AsSpan(0, slots);
            for (var s = 0; s < slots; s++)
            {
                order[s] = s;
            }

            var firstRows = _slots.FirstRows;
            order.Sort((a, b) => firstRows[a].CompareTo(firstRows[b]));
            foreach (var s in order)
            {
                acc.AddRepeatedText(SlotChars(s), _slots.Counts[s], firstRow + firstRows[s]);
            }

            for (var r = 0; r < rows; r++)
            {
                missing += _rowSlots[r] >>> 31;
            }
        }

        if (missing > 0)
        {
            acc.AddMissing(missing);
        }
    }

    private void Decode(ColumnChunk chunk, int maxDefinition, int rows)
    {
        if (chunk.MetaData?.Type != Parquet.Meta.Type.BYTE_ARRAY)
        {
            throw new NotSupportedException("not a BYTE_ARRAY column");
        }

        _slots.Clear();
        _dictionaryCount = 0;
        Grow(ref _rowSlots, rows);
        pages.Begin(chunk, maxDefinition);
        var row = 0;
        while (pages.Next())
        {
            if (pages.IsDictionary)
            {
                ReadDictionary();
                continue;
            }

            var count = pages.Count;
            if (count > rows - row)
            {
                throw new InvalidDataException("column chunk has more values than its row group has rows");
            }

            var slots = _rowSlots.AsSpan(row, count);
            var present = count;
            if (maxDefinition > 0)
            {
                Grow(ref _levels, count);
                var levels = _levels.AsSpan(0, count);
                ParquetPages.DecodeHybrid(pages.DefinitionLevels, 1, levels);
                present = 0;
                for (var i = 0; i < levels.Length; i++)
                {
                    present += levels[i];
                }
            }

            Grow(ref _indices, present);
            var values = _indices.AsSpan(0, present);
            switch (pages.ValueEncoding)
            {
                case Encoding.PLAIN:
                    ReadPlain(pages.Values, values, row);
                    break;
                case Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY:
                    ReadDictionaryIndices(pages.Values, values, row);
                    break;
                default:
                    throw new NotSupportedException($"values encoded {pages.ValueEncoding}");
            }

            if (present == count)
            {
                values.CopyTo(slots);
            }
            else
            {
                var levels = _levels.AsSpan(0, count);
                var v = 0;
                for (var i = 0; i < count; i++)
                {
                    if (levels[i] == 1)
                    {
                        slots[i] = values[v++];
                    }
                    else if (levels[i] == 0)
                    {
                        slots[i] = -1;
                    }
                    else
                    {
                        throw new InvalidDataException("definition level above the column's maximum");
                    }
                }
            }

            row += count;
        }

        if (row != rows)
        {
            throw new InvalidDataException("column chunk has fewer values than its row group has rows");
        }
    }

    private void ReadPlain(ReadOnlySpan<byte> data, Span<int> slots, int row)
    {
        var p = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            if (data.Length - p < 4)
            {
                throw new InvalidDataException("truncated PLAIN value");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
            p += 4;
            if ((uint)length > (uint)(data.Length - p))
            {
                throw new InvalidDataException("PLAIN value longer than its page");
            }

            slots[i] = _slots.Add(data.Slice(p, length), row + i);
            p += length;
        }
    }

    private void ReadDictionary()
    {
        if (pages.ValueEncoding is not (Encoding.PLAIN or Encoding.PLAIN_DICTIONARY))
        {
            throw new NotSupportedException($"dictionary encoded {pages.ValueEncoding}");
        }

        var count = pages.Count;
        Grow(ref _dictionary, count);
        var data = pages.Values;
        var p = 0;
        for (var i = 0; i < count; i++)
        {
            if (data.Length - p < 4)
            {
                throw new InvalidDataException("truncated dictionary value");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
            p += 4;
            if ((uint)length > (uint)(data.Length - p))
            {
                throw new InvalidDataException("dictionary value longer than its page");
            }

            _dictionary[i] = _slots.Intern(data.Slice(p, length));
            p += length;
        }

        _dictionaryCount = count;
    }

    private void ReadDictionaryIndices(ReadOnlySpan<byte> data, Span<int> slots, int row)
    {
        if (slots.IsEmpty)
        {
            return;
        }

        if (data.IsEmpty)
        {
            throw new InvalidDataException("dictionary page data without a bit width");
        }

        ParquetPages.DecodeHybrid(data[1..], data[0], slots);
        var dictionary = _dictionary.AsSpan(0, _dictionaryCount);
        for (var i = 0; i < slots.Length; i++)
        {
            var index = slots[i];
            if ((uint)index >= (uint)dictionary.Length)
            {
                throw new InvalidDataException("dictionary index out of range");
            }

            var s = dictionary[index];
            slots[i] = s;
            _slots.Count1(s, row + i);
        }
    }

    private void TranscodeSlots(int slots)
    {
        Grow(ref _charStart, slots + 1);
        var total = 0;
        for (var s = 0; s < slots; s++)
        {
            total += System.Text.Encoding.UTF8.GetMaxCharCount(_slots.Bytes(s).Length);
        }

        if (_chars.Length < total)
        {
            _chars = new char[Math.Max(total, _chars.Length * 2)];
        }

        var at = 0;
        for (var s = 0; s < slots; s++)
        {
            _charStart[s] = at;
            at += System.Text.Encoding.UTF8.GetChars(_slots.Bytes(s), _chars.AsSpan(at));
        }

        _charStart[slots] = at;
    }

    private ReadOnlySpan<char> SlotChars(int s) => _chars.AsSpan(_charStart[s], _charStart[s + 1] - _charStart[s]);

    private static void Grow(ref int[] array, int size)
    {
        if (array.Length < size)
        {
            array = new int[Math.Max(size, array.Length * 2)];
        }
    }

    /// <summary>
    /// Distinct byte strings of one chunk (open addressing on a 64-bit hash of the bytes), with per-slot counts and
    /// the first row each was seen in.
    /// </summary>
    private sealed class Utf8Slots
    {
        private byte[] _arena = new byte[1 << 16];
        private int _arenaUsed;
        private int[] _start = new int[256];
        private int[] _length = new int[256];
        private long[] _counts = new long[256];
        private int[] _firstRows = new int[256];
        private ulong[] _hashes = new ulong[256];
        private int[] _table = new int[512];

        public int Count { get; private set; }

        public ReadOnlySpan<long> Counts => _counts.AsSpan(0, Count);

        public int[] FirstRows => _firstRows;

        public ReadOnlySpan<byte> Bytes(int slot) => _arena.AsSpan(_start[slot], _length[slot]);

        public void Clear()
        {
            if (Count > 0)
            {
                Array.Clear(_table);
            }

            Count = 0;
            _arenaUsed = 0;
        }

        /// <summary>Counts one occurrence of <paramref name="value"/> in <paramref name="row"/>; returns its slot.</summary>
        public int Add(ReadOnlySpan<byte> value, int row)
        {
            var s = Intern(value);
            Count1(s, row);
            return s;
        }

        public void Count1(int slot, int row)
        {
            if (_counts[slot]++ == 0)
            {
                _firstRows[slot] = row;
            }
        }

        /// <summary>The slot of <paramref name="value"/>, created with count 0 when new.</summary>
        public int Intern(ReadOnlySpan<byte> value)
        {
            var hash = Hash(value);
            var mask = _table.Length - 1;
            var i = (int)(hash >> 32) & mask;
            while (true)
            {
                var entry = _table[i] - 1;
                if (entry < 0)
                {
                    break;
                }

                if (_hashes[entry] == hash && Bytes(entry).SequenceEqual(value))
                {
                    return entry;
                }

                i = (i + 1) & mask;
            }

            var s = Count++;
            if (s == _start.Length)
            {
                var n = s * 2;
                Array.Resize(ref _start, n);
                Array.Resize(ref _length, n);
                Array.Resize(ref _counts, n);
                Array.Resize(ref _firstRows, n);
                Array.Resize(ref _hashes, n);
            }

            if (_arena.Length - _arenaUsed < value.Length)
            {
                Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + value.Length));
            }

            value.CopyTo(_arena.AsSpan(_arenaUsed));
            _start[s] = _arenaUsed;
            _length[s] = value.Length;
            _arenaUsed += value.Length;
            _counts[s] = 0;
            _hashes[s] = hash;
            _table[i] = s + 1;
            if (Count * 2 > _table.Length)
            {
                Rehash();
            }

            return s;
        }

        private void Rehash()
        {
            _table = new int[_table.Length * 2];
            var mask = _table.Length - 1;
            for (var s = 0; s < Count; s++)
            {
                var i = (int)(_hashes[s] >> 32) & mask;
                while (_table[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                _table[i] = s + 1;
            }
        }

        private static ulong Hash(ReadOnlySpan<byte> value)
        {
            var h = 0x9E3779B97F4A7C15UL * (ulong)(value.Length + 1);
            while (value.Length >= 8)
            {
                h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(value)) * 0xBF58476D1CE4E5B9UL, 29);
                value = value[8..];
            }

            ulong tail = 0;
            for (var i = 0; i < value.Length; i++)
            {
                tail |= (ulong)value[i] << (8 * i);
            }

            return HyperLogLog.Mix(h ^ tail);
        }
    }
}
