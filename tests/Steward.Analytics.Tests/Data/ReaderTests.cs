using Steward.Analytics.Data.Readers;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Data;

public sealed class ReaderTests
{
    private readonly string _dir = TestPaths.TempDirectory();

    [Fact]
    public async Task Csv_handles_quotes_embedded_commas_newlines_and_missing_fields()
    {
        var path = TestFiles.Write(_dir, "q.csv", "id,name,score\r\n1,\"Smith, J\",2.5\n2,\"line\nbreak\",\n3,\"say \"\"hi\"\"\",4\n");
        var p = (await TableReader.ProfileAsync(path, DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        Assert.Equal(3, p.ItemCount);
        Assert.Equal(InferredType.Integral, p.Find("id")!.InferredType);
        var name = p.Find("name")!;
        Assert.Contains(name.Strings!.Buckets, b => b.Value == "Smith, J");
        Assert.Contains(name.Strings!.Buckets, b => b.Value == "say \"hi\"");
        var score = p.Find("score")!;
        Assert.Equal((2L, 1L), (score.NumPresent, score.NumMissing));
        Assert.Equal(InferredType.Fractional, score.InferredType);
    }

    [Fact]
    public async Task Json_lines_discover_columns_and_count_absent_keys_as_missing()
    {
        var path = TestFiles.Write(_dir, "d.jsonl", "{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": 2.5, \"c\": true}\n{\"a\": null, \"b\": \"y\", \"d\": {\"k\": 1}}\n");
        var p = (await TableReader.ProfileAsync(path, DataFormat.JsonLines, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        Assert.Equal(3, p.ItemCount);
        Assert.Equal((2L, 1L, InferredType.Fractional), (p.Find("a")!.NumPresent, p.Find("a")!.NumMissing, p.Find("a")!.InferredType));
        Assert.Equal((2L, 1L), (p.Find("b")!.NumPresent, p.Find("b")!.NumMissing));
        Assert.Equal((1L, 2L), (p.Find("c")!.NumPresent, p.Find("c")!.NumMissing));
        Assert.Equal("{\"k\": 1}", p.Find("d")!.Strings!.Buckets[0].Value);
    }

    [Fact]
    public async Task Parquet_streams_row_groups_and_matches_the_csv_profile()
    {
        var rng = new Random(3);
        var n = 20_000;
        var x = Enumerable.Range(0, n).Select(i => i % 50 == 0 ? (double?)null : Math.Round(rng.NextDouble() * 10, 3)).ToArray();
        var s = Enumerable.Range(0, n).Select(i => i % 33 == 0 ? null : $"c{i % 7}").ToArray();
        var path = await TestFiles.ParquetAsync(_dir, x, s, groups: 4);
        var csv = TestFiles.Write(_dir, "same.csv", "x,n,s\n" + string.Join("\n", Enumerable.Range(0, n).Select(i =>
            $"{x[i]?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},{i},{s[i]}")) + "\n");
        var pq = (await TableReader.ProfileAsync(path, DataFormat.Parquet, parallelism: 2, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        var tx = (await TableReader.ProfileAsync(csv, DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        Assert.Equal(n, pq.ItemCount);
        foreach (var name in new[] { "x", "n", "s" })
        {
            var a = pq.Find(name)!;
            var b = tx.Find(name)!;
            Assert.Equal((b.NumPresent, b.NumMissing), (a.NumPresent, a.NumMissing));
        }

        Assert.Equal(tx.Find("x")!.Numerical!.Mean, pq.Find("x")!.Numerical!.Mean, 9);
        Assert.Equal(tx.Find("x")!.Numerical!.StdDev, pq.Find("x")!.Numerical!.StdDev, 9);
        Assert.Equal(InferredType.Integral, pq.Find("n")!.InferredType);
        Assert.Equal(tx.Find("s")!.Strings!.Buckets, pq.Find("s")!.Strings!.Buckets);
        var cols = await TableReader.ReadColumnsAsync(path, DataFormat.Parquet, ["x", "s"], TestContext.Current.CancellationToken);
        Assert.Equal(n, cols["x"].Count);
        Assert.Null(cols["x"][0]);
        Assert.Null(cols["s"][0]);
        Assert.Equal("c1", cols["s"][1]);
    }

    [Fact]
    public async Task Capture_files_profile_the_endpoint_input()
    {
        var lines = new[]
        {
            """{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2.5,a\n3,4.5,b","encoding":"CSV"},"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.9","encoding":"CSV"}},"eventMetadata":{"eventId":"e1","inferenceTime":"2024-01-01T00:00:00Z"},"eventVersion":"0"}""",
            """{"captureData":{"endpointInput":{"observedContentType":"application/json","mode":"INPUT","data":"[5, 6.5, \"c\"]","encoding":"JSON"}},"eventMetadata":{"eventId":"e2"},"eventVersion":"0"}""",
            "{\"captureData\":{\"endpointInput\":{\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\"" + Convert.ToBase64String("7,8.5,d"u8.ToArray()) + "\",\"encoding\":\"BASE64\"}},\"eventMetadata\":{\"eventId\":\"e3\"},\"eventVersion\":\"0\"}",
        };
        var path = TestFiles.Write(_dir, "capture.jsonl", string.Join("\n", lines) + "\n");
        Assert.Equal(DataFormat.Capture, DataFormats.Resolve(path, null));
        var p = (await TableReader.ProfileAsync(path, DataFormat.Capture, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        Assert.Equal(4, p.ItemCount);
        Assert.Equal(["_c0", "_c1", "_c2"], p.Features.Select(f => f.Name));
        Assert.Equal(InferredType.Integral, p.Features[0].InferredType);
        Assert.Equal(4, p.Features[1].Numerical!.Distribution.TotalWeight);
        Assert.Equal(4, p.Features[2].Strings!.DistinctCount);
    }
}
