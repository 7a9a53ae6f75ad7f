using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Data.Readers;
using Steward.Analytics.Drift;

namespace Steward.Benchmarks.Analytics;

/// <summary>
/// Column profiling against DuckDB and pandas (bench/analytics/profile-compare.sh drives it):
/// <c>generate --rows N --out DIR</c> writes DIR/data.parquet (N rows × 20 numeric + 5 string columns, 1 M-row row
/// groups) and the same columns as raw arrays in DIR/np for the pandas script; <c>run --file F</c> times Steward
/// (both halves profiled in parallel, merged into statistics.json, KS/L∞ drift between the halves) and then DuckDB's
/// SUMMARIZE on the same file, and prints one JSON object.
/// </summary>
public static class ProfileCompareScenario
{
    private const int NumericColumns = 20;
    private const int StringColumns = 5;
    private const int RowGroupSize = 1_000_000;
    private static readonly int[] Cardinalities = [4, 20, 100, 1_000, 10_000];

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.FirstOrDefault();
        var options = Options(args.Skip(1).ToArray());
        switch (verb)
        {
            case "generate":
                await GenerateAsync(long.Parse(options["rows"], CultureInfo.InvariantCulture), options["out"], options.ContainsKey("no-numpy"));
                return 0;
            case "run":
                await CompareAsync(options["file"], options.GetValueOrDefault("skip") ?? "");
                return 0;
            default:
                Console.Error.WriteLine("usage: profile-compare generate --rows N --out DIR [--no-numpy] | run --file DATA.parquet [--skip duckdb]");
                return 2;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i].TrimStart('-');
            d[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return d;
    }

    private static async Task GenerateAsync(long rows, string dir, bool noNumpy)
    {
        Directory.CreateDirectory(dir);
        var npDir = Path.Combine(dir, "np");
        if (!noNumpy)
        {
            Directory.CreateDirectory(npDir);
        }

        var fields = new List<DataField>();
        for (var c = 0; c < NumericColumns; c++)
        {
            fields.Add(c % 10 == 9 ? new DataField<double?>($"n{c:00}") : new DataField<double>($"n{c:00}"));
        }

        for (var c = 0; c < StringColumns; c++)
        {
            fields.Add(new DataField<string>($"s{c}"));
        }

        var categories = Cardinalities.Select(k => Enumerable.Range(0, k).Select(i => $"cat_{i}").ToArray()).ToArray();
        var schema = new ParquetSchema(fields);
        var rng = new Random(20240601);
        var numeric = new double[RowGroupSize];
        var nullable = new double?[RowGroupSize];
        var text = new string[RowGroupSize];
        var codes = new int[RowGroupSize];
        var numpyFiles = noNumpy ? [] : fields.Select(f => new FileStream(Path.Combine(npDir, f.Name + (f.ClrType == typeof(double) ? ".f64" : ".i32")), FileMode.Create)).ToArray();
        var sw = Stopwatch.StartNew();
        await using (var fs = File.Create(Path.Combine(dir, "data.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs))
        {
            for (long start = 0; start < rows; start += RowGroupSize)
            {
                var n = (int)Math.Min(RowGroupSize, rows - start);
                using var rg = writer.CreateRowGroup();
                for (var c = 0; c < NumericColumns; c++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        numeric[i] = Sample(rng, c, start + i, rows);
                    }

                    if (c % 10 == 9)
                    {
                        for (var i = 0; i < n; i++)
                        {
                            nullable[i] = i % 50 == 7 ? null : numeric[i];
                            if (nullable[i] is null)
                            {
                                numeric[i] = double.NaN;
                            }
                        }

                        await rg.WriteAsync<double>(fields[c], nullable.AsMemory(0, n));
                    }
                    else
                    {
                        await rg.WriteAsync<double>(fields[c], numeric.AsMemory(0, n));
                    }

                    if (!noNumpy)
                    {
                        numpyFiles[c].Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(numeric.AsSpan(0, n)));
                    }
                }

                for (var c = 0; c < StringColumns; c++)
                {
                    var k = Cardinalities[c];
                    for (var i = 0; i < n; i++)
                    {
                        // Skewed categories: squaring a uniform favours low codes.
                        var u = rng.NextDouble();
                        codes[i] = (int)(u * u * k);
                        text[i] = categories[c][codes[i]];
                    }

                    await rg.WriteAsync(fields[NumericColumns + c], n == RowGroupSize ? text : text[..n]);
                    if (!noNumpy)
                    {
                        numpyFiles[NumericColumns + c].Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(codes.AsSpan(0, n)));
                    }
                }

                Console.Error.WriteLine($"generated {start + n:N0} rows ({sw.Elapsed.TotalSeconds:F0} s)");
            }
        }

        foreach (var f in numpyFiles)
        {
            await f.DisposeAsync();
        }

        if (!noNumpy)
        {
            var meta = new
            {
                rows,
                numeric = fields.Take(NumericColumns).Select(f => f.Name).ToArray(),
                strings = Enumerable.Range(0, StringColumns).ToDictionary(c => fields[NumericColumns + c].Name, c => categories[c]),
            };
            await File.WriteAllTextAsync(Path.Combine(npDir, "columns.json"), JsonSerializer.Serialize(meta));
        }
    }

    /// <summary>Column c's value for row r: normals, uniforms, log-normals and counts, with a mild drift over the rows.</summary>
    private static double Sample(Random rng, int c, long row, long rows)
    {
        var drift = (double)row / rows * (c % 4 == 0 ? 0.2 : 0.0);
        return (c % 5) switch
        {
            0 => Math.Round(Normal(rng) * (1 + (c % 3)) + c + drift, 6),
            1 => Math.Round(rng.NextDouble() * 100, 4),
            2 => Math.Round(Math.Exp(Normal(rng) * 0.5 + 3), 5),
            3 => Math.Floor(-Math.Log(1 - rng.NextDouble()) * 20),
            _ => Math.Round(Normal(rng) * 1000, 2),
        };
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static async Task CompareAsync(string file, string skip)
    {
        var groups = 0;
        await using (var reader = await ParquetReader.CreateAsync(file))
        {
            groups = reader.RowGroupCount;
        }

        var half = groups / 2;
        var sw = Stopwatch.StartNew();
        var parts = await Task.WhenAll(
            TableReader.ProfileParquetRowGroupsAsync(file, 0..half, parallelism: 1),
            TableReader.ProfileParquetRowGroupsAsync(file, half.., parallelism: 1));
        var profiled = sw.Elapsed.TotalSeconds;
        var first = parts[0].ToProfile();
        var second = parts[1].ToProfile();
        var drift = FeatureDrift.CompareAll(first, second);
        parts[0].Merge(parts[1]);
        var statistics = StatisticsJson.Write(parts[0].ToProfile());
        sw.Stop();
        var steward = sw.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        var peakMb = self.PeakWorkingSet64 / 1024.0 / 1024.0;
        var rows = parts[0].ItemCount;

        double? duck = null;
        if (!skip.Contains("duckdb", StringComparison.Ordinal))
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            sw.Restart();
            using var command = connection.CreateCommand();
            command.CommandText = $"SUMMARIZE SELECT * FROM read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}')";
            using var result = command.ExecuteReader();
            var summarized = 0;
            while (result.Read())
            {
                summarized++;
            }

            duck = sw.Elapsed.TotalSeconds;
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            rows,
            row_groups = groups,
            steward_seconds = Math.Round(steward, 3),
            steward_profile_seconds = Math.Round(profiled, 3),
            steward_peak_working_set_mb = Math.Round(peakMb, 1),
            steward_statistics_bytes = statistics.Length,
            drifted_features = drift.Count(d => d.Drifted),
            duckdb_summarize_seconds = duck is null ? (double?)null : Math.Round(duck.Value, 3),
            processors = Environment.ProcessorCount,
        }));
    }
}
