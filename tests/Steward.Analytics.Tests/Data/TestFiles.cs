using Parquet;
using Parquet.Schema;

namespace Steward.Analytics.Tests.Data;

/// <summary>Writes small input files for reader tests.</summary>
internal static class TestFiles
{
    public static string Write(string dir, string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A Parquet file with a nullable double "x", an int "n" and a string "s", in two row groups.</summary>
    public static async Task<string> ParquetAsync(string dir, double?[] x, string?[] s, int groups = 2)
    {
        var path = Path.Combine(dir, "data.parquet");
        var schema = new ParquetSchema(new DataField<double?>("x"), new DataField<int>("n"), new DataField<string>("s"));
        await using var fs = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, fs);
        var per = (x.Length + groups - 1) / groups;
        for (var g = 0; g < groups; g++)
        {
            var from = g * per;
            var to = Math.Min(x.Length, from + per);
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync<double>(schema.DataFields[0], x[from..to].AsMemory());
            await rg.WriteAsync<int>(schema.DataFields[1], Enumerable.Range(from, to - from).ToArray().AsMemory());
            await rg.WriteAsync(schema.DataFields[2], s[from..to]);
        }

        return path;
    }
}
