using System.Numerics;
using Parquet;
using Parquet.Schema;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Data.Readers;

/// <summary>
/// Profiles a Parquet file without loading it: row groups are streamed one column chunk at a time into buffers each
/// worker reuses, spread over up to <c>parallelism</c> workers (each with its own reader and profiler) and the
/// partial profiles merged at the end. Number and string chunks are decoded straight from their pages
/// (<see cref="ParquetPages"/>, <see cref="ParquetNumberChunk"/>, <see cref="ParquetStringChunk"/>); any chunk those
/// do not handle goes through Parquet.Net. Memory is bounded by one column chunk per worker plus the sketches,
/// whatever the row count.
/// </summary>
internal static class ParquetSource
{
    private const int LargeRowGroup = 200_000;

    // Parquet.Net pools its decompression streams; unbounded pools hold every page ever read ("indistinguishable
    // from a memory leak" in RecyclableMemoryStream's words), so cap what the pools keep.
    private static readonly ParquetOptions ReaderOptions = new()
    {
        MaximumSmallPoolFreeBytes = 16 << 20,
        MaximumLargePoolFreeBytes = 32 << 20,
    };

    public static async Task<DatasetProfiler> ProfileAsync(string path, ProfilerOptions options, IProgress<long>? progress, int parallelism, CancellationToken ct, Range? rowGroups = null, bool readPagesDirectly = true)
    {
        List<DataField> fields;
        long[] starts;
        int groups;
        await using (var reader = await Open(path, ct).ConfigureAwait(false))
        {
            fields = Fields(reader, path);
            groups = reader.RowGroupCount;
            starts = new long[groups + 1];
            for (var g = 0; g < groups; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                starts[g + 1] = starts[g] + rg.RowCount;
            }
        }

        if (starts[groups] == 0)
        {
            throw new AnalyticsInputException(path, "has a schema but no rows");
        }

        var (first, count) = (rowGroups ?? Range.All).GetOffsetAndLength(groups);
        var names = fields.Select(f => f.Name).ToList();
        var workers = Math.Max(1, Math.Min(parallelism, count));
        long done = 0;
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(
            async () =>
            {
                var profiler = new DatasetProfiler(names, options);
                var buffers = new ColumnBuffers();
                await using var reader = await Open(path, ct).ConfigureAwait(false);
                using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
                var direct = new DirectReaders(new ParquetPages(file));
                var readerFields = reader.Schema.DataFields;
                for (var g = first + w; g < first + count; g += workers)
                {
                    ct.ThrowIfCancellationRequested();
                    using var rg = reader.OpenRowGroupReader(g);
                    var rows = checked((int)rg.RowCount);
                    for (var j = 0; j < readerFields.Length; j++)
                    {
                        if (!readPagesDirectly || !direct.TryProfile(rg, readerFields[j], rows, profiler.Column(j), starts[g] + 1))
                        {
                            await ProfileColumnAsync(rg, readerFields[j], rows, new AccumulatorTarget(profiler.Column(j)), buffers, starts[g] + 1, ct).ConfigureAwait(false);
                        }
                    }

                    profiler.AddRows(rows);
                    progress?.Report(Interlocked.Add(ref done, rows));
                    if (rows >= LargeRowGroup)
                    {
                        // Decoding a large column chunk leaves large-object-heap garbage that only a full collection
                        // frees; collecting once per row group (a few ms) keeps the live heap at one chunk per worker
                        // plus the sketches (90-160 MB for 25 columns, measured), whatever the number of row groups.
                        GC.Collect();
                    }
                }

                return profiler;
            },
            ct)).ToArray();
        var parts = await Task.WhenAll(tasks).ConfigureAwait(false);
        var result = parts[0];
        for (var i = 1; i < parts.Length; i++)
        {
            result.Merge(parts[i]);
        }

        return result;
    }

    public static async Task<ColumnsSinkResult> ReadColumnsAsync(string path, IReadOnlyList<string> columns, CancellationToken ct)
    {
        await using var reader = await Open(path, ct).ConfigureAwait(false);
        var fields = Fields(reader, path);
        var result = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var name in columns)
        {
            var field = fields.FirstOrDefault(f => f.Name == name)
                ?? throw new AnalyticsInputException(name, $"column not found in {path}; available columns: {string.Join(", ", fields.Select(f => f.Name))}");
            var values = new List<string?>();
            var buffers = new ColumnBuffers();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var sink = new StringCollector(values);
                await ProfileColumnAsync(rg, field, checked((int)rg.RowCount), sink, buffers, values.Count + 1, ct).ConfigureAwait(false);
            }

            result[name] = values;
        }

        return new ColumnsSinkResult(result);
    }

    private static async Task<ParquetReader> Open(string path, CancellationToken ct)
    {
        try
        {
            return await ParquetReader.CreateAsync(path, ReaderOptions, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new AnalyticsInputException(path, $"is not a readable Parquet file: {e.Message}");
        }
    }

    private static List<DataField> Fields(ParquetReader reader, string path)
    {
        var fields = reader.Schema.DataFields.ToList();
        if (fields.Count == 0)
        {
            throw new AnalyticsInputException(path, "has no columns");
        }

        foreach (var f in fields)
        {
            if (f.MaxRepetitionLevel > 0 || f.Path.ToList().Count > 1)
            {
                throw new AnalyticsInputException(f.Name, $"is a nested or repeated Parquet field in {path}; only flat columns are supported");
            }
        }

        return fields;
    }

    private interface IColumnTarget
    {
        void Numbers(ReadOnlySpan<double> values, bool integral, long firstRow, ReadOnlySpan<int> definitionLevels, int maxDefinition);

        void Text(ReadOnlySpan<char> value, long row);

        void Missing(long count);
    }

    private static async ValueTask ProfileColumnAsync(ParquetRowGroupReader rg, DataField field, int rows, IColumnTarget target, ColumnBuffers buffers, long firstRow, CancellationToken ct)
    {
        var t = field.ClrType;
        if (t == typeof(double))
        {
            await NumericAsync<double>(rg, field, rows, target, buffers, firstRow, false, ct).ConfigureAwait(false);
        }
        else if (t == typeof(float))
        {
            await NumericAsync<float>(rg, field, rows, target, buffers, firstRow, false, ct).ConfigureAwait(false);
        }
        else if (t == typeof(decimal))
        {
            await NumericAsync<decimal>(rg, field, rows, target, buffers, firstRow, false, ct).ConfigureAwait(false);
        }
        else if (t == typeof(int))
        {
            await NumericAsync<int>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(long))
        {
            await NumericAsync<long>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(short))
        {
            await NumericAsync<short>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(byte))
        {
            await NumericAsync<byte>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(sbyte))
        {
            await NumericAsync<sbyte>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(uint))
        {
            await NumericAsync<uint>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(ulong))
        {
            await NumericAsync<ulong>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(ushort))
        {
            await NumericAsync<ushort>(rg, field, rows, target, buffers, firstRow, true, ct).ConfigureAwait(false);
        }
        else if (t == typeof(ReadOnlyMemory<char>) || t == typeof(string))
        {
            await TextAsync(rg, field, rows, target, buffers, firstRow, ct).ConfigureAwait(false);
        }
        else if (t == typeof(bool))
        {
            await BoolAsync(rg, field, rows, target, buffers, firstRow, ct).ConfigureAwait(false);
        }
        else
        {
            throw new AnalyticsInputException(field.Name, $"has Parquet type {t.Name}, which profiling does not support (numbers, strings and booleans are)");
        }
    }

    private static async ValueTask NumericAsync<T>(ParquetRowGroupReader rg, DataField field, int rows, IColumnTarget target, ColumnBuffers buffers, long firstRow, bool integral, CancellationToken ct)
        where T : unmanaged, INumberBase<T>
    {
        var values = buffers.Get<T>(rows);
        var defs = field.MaxDefinitionLevel > 0 ? buffers.Definitions(rows) : null;
        var doubles = typeof(T) == typeof(double) ? null : buffers.Get<double>(rows);
        {
            await rg.ReadRawAsync<T>(field, values.AsMemory(0, rows), defs?.AsMemory(0, rows), null, ct).ConfigureAwait(false);
            var present = rows;
            if (defs is not null)
            {
                present = 0;
                for (var i = 0; i < rows; i++)
                {
                    present += defs[i] == field.MaxDefinitionLevel ? 1 : 0;
                }
            }

            ReadOnlySpan<double> span;
            if (doubles is null)
            {
                span = ((double[])(object)values).AsSpan(0, present);
            }
            else
            {
                for (var i = 0; i < present; i++)
                {
                    doubles[i] = double.CreateTruncating(values[i]);
                }

                span = doubles.AsSpan(0, present);
            }

            target.Numbers(span, integral, firstRow, defs is null ? default : defs.AsSpan(0, rows), field.MaxDefinitionLevel);
        }
    }

    private static async ValueTask TextAsync(ParquetRowGroupReader rg, DataField field, int rows, IColumnTarget target, ColumnBuffers buffers, long firstRow, CancellationToken ct)
    {
        var values = buffers.Get<ReadOnlyMemory<char>>(rows);
        var defs = field.MaxDefinitionLevel > 0 ? buffers.Definitions(rows) : null;
        try
        {
            await rg.ReadRawAsync<ReadOnlyMemory<char>>(field, values.AsMemory(0, rows), defs?.AsMemory(0, rows), null, ct).ConfigureAwait(false);
            var v = 0;
            for (var i = 0; i < rows; i++)
            {
                if (defs is not null && defs[i] != field.MaxDefinitionLevel)
                {
                    target.Missing(1);
                    continue;
                }

                target.Text(values[v++].Span, firstRow + i);
            }
        }
        finally
        {
            // Drop references to the reader's character buffers so they can be collected.
            values.AsSpan(0, rows).Clear();
        }
    }

    private static async ValueTask BoolAsync(ParquetRowGroupReader rg, DataField field, int rows, IColumnTarget target, ColumnBuffers buffers, long firstRow, CancellationToken ct)
    {
        var values = buffers.Get<bool>(rows);
        var defs = field.MaxDefinitionLevel > 0 ? buffers.Definitions(rows) : null;
        {
            await rg.ReadRawAsync<bool>(field, values.AsMemory(0, rows), defs?.AsMemory(0, rows), null, ct).ConfigureAwait(false);
            var v = 0;
            for (var i = 0; i < rows; i++)
            {
                if (defs is not null && defs[i] != field.MaxDefinitionLevel)
                {
                    target.Missing(1);
                    continue;
                }

                target.Text(values[v++] ? "true" : "false", firstRow + i);
            }
        }
    }

    /// <summary>
    /// Column chunks read straight from the file's pages (see <see cref="ParquetPages"/>) where that is supported;
    /// every other chunk goes through Parquet.Net.
    /// </summary>
    private sealed class DirectReaders(ParquetPages pages)
    {
        private readonly ParquetStringChunk _strings = new(pages);
        private readonly ParquetNumberChunk _numbers = new(pages);

        public bool TryProfile(ParquetRowGroupReader rg, DataField field, int rows, ColumnAccumulator acc, long firstRow)
        {
            if (rg.GetMetadata(field) is not { } chunk)
            {
                return false;
            }

            try
            {
                if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    _strings.Profile(chunk, field.MaxDefinitionLevel, rows, acc, firstRow);
                    return true;
                }

                if (ParquetNumberChunk.PhysicalTypeFor(field.ClrType) is not { } physical)
                {
                    return false;
                }

                _numbers.Decode(chunk, physical, field.MaxDefinitionLevel, rows);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidDataException)
            {
                // Nothing was added to the accumulator: Parquet.Net reads the chunk (and reports what is wrong with it).
                return false;
            }

            var integral = field.ClrType == typeof(int) || field.ClrType == typeof(long);
            new AccumulatorTarget(acc).Numbers(_numbers.Values, integral, firstRow, _numbers.Definitions, field.MaxDefinitionLevel);
            return true;
        }
    }

    /// <summary>
    /// Buffers owned by one worker and reused for every column chunk (the shared ArrayPool keeps up to eight
    /// arrays per size per core, which for million-row chunks is hundreds of megabytes).
    /// </summary>
    private sealed class ColumnBuffers
    {
        private readonly Dictionary<Type, Array> _arrays = [];
        private int[] _definitions = [];

        public T[] Get<T>(int rows)
        {
            if (_arrays.TryGetValue(typeof(T), out var a) && a.Length >= rows)
            {
                return (T[])a;
            }

            var created = new T[Math.Max(rows, 1)];
            _arrays[typeof(T)] = created;
            return created;
        }

        public int[] Definitions(int rows)
        {
            if (_definitions.Length < rows)
            {
                _definitions = new int[rows];
            }

            return _definitions;
        }
    }

    private sealed class AccumulatorTarget(ColumnAccumulator acc) : IColumnTarget
    {
        public void Numbers(ReadOnlySpan<double> values, bool integral, long firstRow, ReadOnlySpan<int> definitionLevels, int maxDefinition)
        {
            try
            {
                acc.AddNumbers(values, integral, firstRow);
                if (!definitionLevels.IsEmpty && definitionLevels.Length > values.Length)
                {
                    acc.AddMissing(definitionLevels.Length - values.Length);
                }
            }
            catch (AnalyticsInputException e) when (e.Row is { } r && !definitionLevels.IsEmpty)
            {
                // Map the position among present values back to the row number.
                var target = r - firstRow;
                long seen = 0;
                for (var i = 0; i < definitionLevels.Length; i++)
                {
                    if (definitionLevels[i] == maxDefinition && seen++ == target)
                    {
                        throw new AnalyticsInputException(acc.Name, e.Message[(e.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..], firstRow + i);
                    }
                }

                throw;
            }
        }

        public void Text(ReadOnlySpan<char> value, long row) => acc.AddText(value, row);

        public void Missing(long count)
        {
            if (count > 0)
            {
                acc.AddMissing(count);
            }
        }
    }

    private sealed class StringCollector(List<string?> values) : IColumnTarget
    {
        public void Numbers(ReadOnlySpan<double> present, bool integral, long firstRow, ReadOnlySpan<int> definitionLevels, int maxDefinition)
        {
            var v = 0;
            var rows = definitionLevels.IsEmpty ? present.Length : definitionLevels.Length;
            for (var i = 0; i < rows; i++)
            {
                values.Add(definitionLevels.IsEmpty || definitionLevels[i] == maxDefinition
                    ? present[v++].ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                    : null);
            }
        }

        public void Text(ReadOnlySpan<char> value, long row) => values.Add(value.ToString());

        public void Missing(long count)
        {
            for (var i = 0; i < count; i++)
            {
                values.Add(null);
            }
        }
    }
}

/// <summary>Columns read as strings, by name.</summary>
/// <param name="Columns">Values per column (null = missing).</param>
internal sealed record ColumnsSinkResult(IReadOnlyDictionary<string, IReadOnlyList<string?>> Columns);
