using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Data.Readers;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Data;

/// <summary>
/// The profiler reads numeric and string column chunks straight from the pages (ParquetPages); these tests hold it
/// to the Parquet.Net path it replaces: the same statistics.json, byte for byte, for every codec and encoding the
/// page reader handles, and the same fallback and errors for the rest.
/// </summary>
public sealed class ParquetPageReaderTests
{
    private const int Rows = 30_000;
    private readonly string _dir = TestPaths.TempDirectory();

    public static TheoryData<CompressionMethod, bool> Layouts()
    {
        var data = new TheoryData<CompressionMethod, bool>();
        foreach (var codec in new[] { CompressionMethod.None, CompressionMethod.Snappy, CompressionMethod.Gzip, CompressionMethod.Zstd })
        {
            data.Add(codec, false);
            data.Add(codec, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Pages_read_directly_give_the_same_statistics_as_parquet_net(CompressionMethod codec, bool dictionary)
    {
        var path = await WriteAsync("layout.parquet", codec, dictionary);

        var (direct, reference) = await ProfileBothWaysAsync(path);

        Assert.Equal(reference, direct);
        Assert.Equal(Rows, StatisticsJson.Read(direct, path).ItemCount);
        await AssertEveryChunkIsReadDirectlyAsync(path, expectDictionaryPages: dictionary);
    }

    [Fact]
    public async Task A_codec_the_page_reader_does_not_handle_falls_back_to_parquet_net()
    {
        var path = await WriteAsync("lz4.parquet", CompressionMethod.LZ4, dictionary: false);

        var (direct, reference) = await ProfileBothWaysAsync(path);

        Assert.Equal(reference, direct);
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        using var rg = reader.OpenRowGroupReader(0);
        using var file = File.OpenHandle(path);
        var strings = new ParquetStringChunk(new ParquetPages(file));
        Assert.Throws<NotSupportedException>(() => strings.Profile(rg.GetMetadata(reader.Schema.DataFields[5])!, 1, (int)rg.RowCount, new ColumnAccumulator("s"), 1));
    }

    [Fact]
    public async Task String_values_that_read_as_numbers_are_profiled_row_by_row()
    {
        var path = await WriteAsync("numbers-as-text.parquet", CompressionMethod.Snappy, dictionary: false);

        var p = StatisticsJson.Read((await ProfileBothWaysAsync(path)).Direct, path);

        // "t" mixes numbers and words: a String column whose numeric values still feed the numeric sketch in row order.
        var t = p.Find("t")!;
        Assert.Equal(InferredType.String, t.InferredType);
        Assert.Equal(Rows, t.NumPresent);
        var csv = TestFiles.Write(_dir, "t.csv", "t\n" + string.Join("\n", Enumerable.Range(0, Rows).Select(TextNumber)) + "\n");
        var fromCsv = (await TableReader.ProfileAsync(csv, DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile().Find("t")!;
        Assert.Equal(fromCsv.Strings!.Buckets, t.Strings!.Buckets);
        Assert.Equal(fromCsv.Strings.DistinctCount, t.Strings.DistinctCount);
    }

    [Fact]
    public async Task A_non_finite_spelling_in_a_string_column_names_the_same_row_as_parquet_net()
    {
        var schema = new ParquetSchema(new DataField<string>("s"));
        var path = Path.Combine(_dir, "nan.parquet");
        await using (var fs = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs, cancellationToken: TestContext.Current.CancellationToken))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(schema.DataFields[0], new string?[] { "a", null, "b", "NaN", "c" });
        }

        var direct = await Assert.ThrowsAsync<AnalyticsInputException>(() => ParquetSource.ProfileAsync(path, ProfilerOptions.Default, null, 1, TestContext.Current.CancellationToken));
        var reference = await Assert.ThrowsAsync<AnalyticsInputException>(() => ParquetSource.ProfileAsync(path, ProfilerOptions.Default, null, 1, TestContext.Current.CancellationToken, readPagesDirectly: false));
        Assert.Equal(("s", 4L), (direct.Field, direct.Row));
        Assert.Equal(reference.Message, direct.Message);
    }

    [Fact]
    public async Task Counting_distinct_values_per_chunk_keeps_the_lossy_counter_within_its_bound()
    {
        // 400 distinct values against a counter that keeps 32: the counts are pruned, so they may differ from
        // row-by-row counting, but never exceed the truth, and the distinct-count sketch sees every value either way.
        var values = Enumerable.Range(0, Rows).Select(i => $"v{(int)(Math.Pow(i * 7919 % Rows / (double)Rows, 3) * 400)}").ToArray();
        var schema = new ParquetSchema(new DataField<string>("s"));
        var path = Path.Combine(_dir, "lossy.parquet");
        await using (var fs = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs, cancellationToken: TestContext.Current.CancellationToken))
        {
            for (var g = 0; g < 3; g++)
            {
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync(schema.DataFields[0], values[(g * Rows / 3)..((g + 1) * Rows / 3)]);
            }
        }

        var options = ProfilerOptions.Default with { FrequentValuesCapacity = 32 };
        var direct = (await ParquetSource.ProfileAsync(path, options, null, 1, TestContext.Current.CancellationToken)).ToProfile().Find("s")!;
        var reference = (await ParquetSource.ProfileAsync(path, options, null, 1, TestContext.Current.CancellationToken, readPagesDirectly: false)).ToProfile().Find("s")!;

        var truth = values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.False(direct.Strings!.BucketsExact);
        Assert.Equal(reference.Strings!.DistinctCount, direct.Strings.DistinctCount);
        Assert.Equal(truth.MaxBy(kv => kv.Value).Key, direct.Strings.Buckets[0].Value);
        Assert.All(direct.Strings.Buckets, b => Assert.InRange(b.Count, 1, truth[b.Value]));
    }

    private static string TextNumber(int i) => (i % 5) switch
    {
        0 => "word",
        1 => (i % 97).ToString(CultureInfo.InvariantCulture),
        2 => (i % 400 * 0.25).ToString(CultureInfo.InvariantCulture),
        3 => "-" + (i % 13).ToString(CultureInfo.InvariantCulture),
        _ => "other",
    };

    private async Task<string> WriteAsync(string name, CompressionMethod codec, bool dictionary)
    {
        var schema = new ParquetSchema(
            new DataField<double?>("x"),
            new DataField<int>("n"),
            new DataField<long>("l"),
            new DataField<float>("f"),
            new DataField<double>("d"),
            new DataField<string>("s"),
            new DataField<string>("t"),
            new DataField<string>("u"));
        var rng = new Random(11);
        var x = Enumerable.Range(0, Rows).Select(i => i % 37 == 0 ? (double?)null : Math.Round(rng.NextDouble() * 50, 3)).ToArray();
        var n = Enumerable.Range(0, Rows).Select(i => (i * 31) % 1000 - 200).ToArray();
        var l = Enumerable.Range(0, Rows).Select(i => (long)i * 1_000_003).ToArray();
        var f = Enumerable.Range(0, Rows).Select(i => (float)(rng.NextDouble() - 0.5)).ToArray();
        var d = Enumerable.Range(0, Rows).Select(i => dictionary ? i % 40 * 0.5 : rng.NextDouble() * 1e6).ToArray();
        var s = Enumerable.Range(0, Rows).Select(i => i % 29 == 0 ? null : $"cat_{i % 7}é").ToArray();
        var t = Enumerable.Range(0, Rows).Select(TextNumber).ToArray();
        var u = Enumerable.Range(0, Rows).Select(i => $"id-{i % 3000:D5}").ToArray();
        var options = new ParquetOptions { CompressionMethod = codec };
        if (dictionary)
        {
            foreach (var field in schema.DataFields)
            {
                options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
            }
        }

        var path = Path.Combine(_dir, name);
        await using var fs = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, fs, options, cancellationToken: TestContext.Current.CancellationToken);
        const int Groups = 3;
        for (var g = 0; g < Groups; g++)
        {
            var (from, to) = (g * Rows / Groups, (g + 1) * Rows / Groups);
            using var rg = writer.CreateRowGroup();
            var fields = schema.DataFields;
            await rg.WriteAsync<double>(fields[0], x[from..to].AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await rg.WriteAsync<int>(fields[1], n[from..to].AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await rg.WriteAsync<long>(fields[2], l[from..to].AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await rg.WriteAsync<float>(fields[3], f[from..to].AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await rg.WriteAsync<double>(fields[4], d[from..to].AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            await rg.WriteAsync(fields[5], s[from..to]);
            await rg.WriteAsync(fields[6], t[from..to]);
            await rg.WriteAsync(fields[7], u[from..to]);
        }

        return path;
    }

    private static async Task<(string Direct, string Reference)> ProfileBothWaysAsync(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var direct = await ParquetSource.ProfileAsync(path, ProfilerOptions.Default, null, 2, ct);
        var reference = await ParquetSource.ProfileAsync(path, ProfilerOptions.Default, null, 2, ct, readPagesDirectly: false);
        return (StatisticsJson.Write(direct.ToProfile()), StatisticsJson.Write(reference.ToProfile()));
    }

    /// <summary>Guards the comparison above against passing because every chunk quietly fell back to Parquet.Net.</summary>
    private static async Task AssertEveryChunkIsReadDirectlyAsync(string path, bool expectDictionaryPages)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        using SafeFileHandle file = File.OpenHandle(path);
        var pages = new ParquetPages(file);
        var numbers = new ParquetNumberChunk(pages);
        var strings = new ParquetStringChunk(pages);
        var dictionaryChunks = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var rows = (int)rg.RowCount;
            foreach (var field in reader.Schema.DataFields)
            {
                var chunk = rg.GetMetadata(field)!;
                dictionaryChunks += chunk.MetaData!.Encodings.Any(e => e is Parquet.Meta.Encoding.RLE_DICTIONARY or Parquet.Meta.Encoding.PLAIN_DICTIONARY) ? 1 : 0;
                if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
                {
                    strings.Profile(chunk, field.MaxDefinitionLevel, rows, new ColumnAccumulator(field.Name), 1);
                }
                else
                {
                    numbers.Decode(chunk, ParquetNumberChunk.PhysicalTypeFor(field.ClrType)!.Value, field.MaxDefinitionLevel, rows);
                    Assert.Equal(rows - (field.MaxDefinitionLevel > 0 ? numbers.Definitions.ToArray().Count(l => l == 0) : 0), numbers.PresentCount);
                }
            }
        }

        Assert.Equal(expectDictionaryPages, dictionaryChunks > 0);
    }
}
