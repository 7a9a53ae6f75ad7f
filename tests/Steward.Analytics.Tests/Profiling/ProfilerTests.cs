using Steward.Analytics.Data.Formats;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Profiling;

public sealed class ProfilerTests
{
    [Theory]
    [InlineData("42", ValueClass.Integral)]
    [InlineData("-7", ValueClass.Integral)]
    [InlineData("+ 7", ValueClass.Integral)]
    [InlineData("3.25", ValueClass.Fractional)]
    [InlineData("1e5", ValueClass.Fractional)]
    [InlineData("-2.5E-3", ValueClass.Fractional)]
    [InlineData(".5", ValueClass.String)]
    [InlineData("5.", ValueClass.String)]
    [InlineData("1,000", ValueClass.String)]
    [InlineData("true", ValueClass.Boolean)]
    [InlineData("True", ValueClass.String)]
    [InlineData(" 4", ValueClass.Integral)]
    [InlineData("4 ", ValueClass.String)]
    public void Values_are_classified_with_deequs_patterns(string value, ValueClass expected) =>
        Assert.Equal(expected, ValueClassifier.Classify(value));

    [Theory]
    [InlineData(new[] { "1", "2" }, InferredType.Integral)]
    [InlineData(new[] { "1", "2.5" }, InferredType.Fractional)]
    [InlineData(new[] { "1", "x" }, InferredType.String)]
    [InlineData(new[] { "true", "false" }, InferredType.String)]
    [InlineData(new[] { "1", "true" }, InferredType.String)]
    public void Column_type_follows_sagemaker(string[] values, InferredType expected)
    {
        var acc = new ColumnAccumulator("c");
        var row = 1;
        foreach (var v in values)
        {
            acc.AddText(v, row++);
        }

        Assert.Equal(expected, acc.InferredType);
    }

    [Fact]
    public void All_missing_column_is_unknown_with_counts()
    {
        var acc = new ColumnAccumulator("empty");
        acc.AddMissing(5);
        var f = acc.ToProfile();
        Assert.Equal(InferredType.Unknown, f.InferredType);
        Assert.Equal(0, f.NumPresent);
        Assert.Equal(5, f.NumMissing);
        Assert.Equal(0, f.Completeness);
    }

    [Fact]
    public void Numeric_statistics_are_exact_and_std_is_population()
    {
        var acc = new ColumnAccumulator("x");
        acc.AddNumbers([2, 4, 4, 4, 5, 5, 7, 9], integral: true, firstRow: 1);
        acc.AddMissing(2);
        var n = acc.ToProfile().Numerical!;
        Assert.Equal(5, n.Mean, 12);
        Assert.Equal(40, n.Sum, 12);
        Assert.Equal(2, n.StdDev, 12);
        Assert.Equal(2, n.Min);
        Assert.Equal(9, n.Max);
        Assert.Equal(10, n.Distribution.Buckets.Count);
        Assert.Equal(8, n.Distribution.Buckets.Sum(b => b.Count));
        Assert.Equal(1, n.Distribution.Buckets[^1].Count);
    }

    [Fact]
    public void Merging_parallel_chunks_gives_the_same_counts_and_moments()
    {
        var rng = new Random(11);
        var values = Enumerable.Range(0, 400_000).Select(_ => (rng.NextDouble() * 1000) - 300).ToArray();
        var whole = Profile(values, 0, values.Length);
        var merged = Profile(values, 0, 100_000);
        merged.Merge(Profile(values, 100_000, 250_000));
        merged.Merge(Profile(values, 250_000, values.Length));
        var a = whole.ToProfile().Features[0];
        var b = merged.ToProfile().Features[0];
        Assert.Equal(a.NumPresent, b.NumPresent);
        Assert.Equal(a.NumMissing, b.NumMissing);
        Assert.Equal(a.Numerical!.Min, b.Numerical!.Min);
        Assert.Equal(a.Numerical.Max, b.Numerical.Max);
        Assert.Equal(a.Numerical.Mean, b.Numerical.Mean, 9);
        Assert.Equal(a.Numerical.Sum, b.Numerical.Sum, 6);
        Assert.Equal(a.Numerical.StdDev, b.Numerical.StdDev, 9);
        Assert.Equal(a.Numerical.Distribution.TotalWeight, b.Numerical.Distribution.TotalWeight);
        var sa = a.Numerical.Distribution.ToSketch().ToRankMap();
        var sb = b.Numerical.Distribution.ToSketch().ToRankMap();
        Assert.True(Math.Abs(sa.Quantile(0.5) - sb.Quantile(0.5)) < 0.01 * 1000);
        Assert.Equal(a.Numerical.DistinctCountEstimate, b.Numerical.DistinctCountEstimate);
    }

    [Fact]
    public void String_columns_count_frequent_values_exactly_and_merge()
    {
        var a = new ColumnAccumulator("s");
        var b = new ColumnAccumulator("s");
        for (var i = 0; i < 1000; i++)
        {
            (i % 2 == 0 ? a : b).AddText(i % 10 == 0 ? "rare" : "common", i + 1);
        }

        a.Merge(b);
        var s = a.ToProfile().Strings!;
        Assert.Equal(2, s.DistinctCount);
        Assert.True(s.BucketsExact);
        Assert.Equal(("common", 900L), (s.Buckets[0].Value, s.Buckets[0].Count));
        Assert.Equal(("rare", 100L), (s.Buckets[1].Value, s.Buckets[1].Count));
    }

    [Fact]
    public void High_cardinality_strings_fall_back_to_hyperloglog()
    {
        var acc = new ColumnAccumulator("id", new ProfilerOptions { FrequentValuesCapacity = 256 });
        for (var i = 0; i < 20_000; i++)
        {
            acc.AddText($"id-{i}", i + 1);
        }

        var s = acc.ToProfile().Strings!;
        Assert.False(s.BucketsExact);
        Assert.InRange(s.DistinctCount, 19_000, 21_000);
    }

    [Fact]
    public void Statistics_json_round_trips_in_sagemaker_shape()
    {
        var profiler = new DatasetProfiler(["x", "s", "u"]);
        for (var i = 0; i < 5000; i++)
        {
            profiler.Column(0).AddText((i % 97 * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture), i + 1);
            profiler.Column(1).AddText(i % 3 == 0 ? "a" : "b", i + 1);
            profiler.Column(2).AddMissing();
        }

        profiler.AddRows(5000);
        var profile = profiler.ToProfile();
        var json = StatisticsJson.Write(profile);
        using (var doc = System.Text.Json.JsonDocument.Parse(json))
        {
            var x = doc.RootElement.GetProperty("features")[0];
            Assert.Equal("Fractional", x.GetProperty("inferred_type").GetString());
            var sketch = x.GetProperty("numerical_statistics").GetProperty("distribution").GetProperty("kll").GetProperty("sketch");
            Assert.Equal(0.64, sketch.GetProperty("parameters").GetProperty("c").GetDouble());
            Assert.Equal(2048.0, sketch.GetProperty("parameters").GetProperty("k").GetDouble());
            Assert.Equal(5000, doc.RootElement.GetProperty("dataset").GetProperty("item_count").GetInt64());
        }

        var back = StatisticsJson.Read(json);
        Assert.Equal(profile.ItemCount, back.ItemCount);
        Assert.Equal(profile.Features.Select(f => (f.Name, f.InferredType, f.NumPresent, f.NumMissing)), back.Features.Select(f => (f.Name, f.InferredType, f.NumPresent, f.NumMissing)));
        Assert.Equal(profile.Features[0].Numerical!.Mean, back.Features[0].Numerical!.Mean);
        Assert.Equal(profile.Features[0].Numerical!.Distribution.TotalWeight, back.Features[0].Numerical!.Distribution.TotalWeight);
        Assert.Equal(profile.Features[1].Strings!.Buckets, back.Features[1].Strings!.Buckets);
    }

    [Fact]
    public void A_statistics_file_written_by_sagemaker_loads()
    {
        const string json = """
        {"version": 0.0, "dataset": {"item_count": 3},
         "features": [
          {"name": "age", "inferred_type": "Integral",
           "numerical_statistics": {"common": {"num_present": 3, "num_missing": 0}, "mean": 2.0, "sum": 6.0, "std_dev": 0.816496580927726,
            "min": 1.0, "max": 3.0,
            "distribution": {"kll": {"buckets": [{"lower_bound": 1.0, "upper_bound": 2.0, "count": 1.0}],
             "sketch": {"parameters": {"c": 0.64, "k": 2048.0}, "data": [[1.0, 2.0, 3.0]]}}}}},
          {"name": "city", "inferred_type": "String",
           "string_statistics": {"common": {"num_present": 3, "num_missing": 0}, "distinct_count": 2.0,
            "distribution": {"categorical": {"buckets": [{"value": "Oslo", "count": 2}, {"value": "Rome", "count": 1}]}}}}]}
        """;
        var p = StatisticsJson.Read(json);
        Assert.Equal(3, p.Features[0].Numerical!.Distribution.TotalWeight);
        Assert.Equal(2, p.Features[1].Strings!.DistinctCount);
    }

    private static DatasetProfiler Profile(double[] values, int from, int to)
    {
        var p = new DatasetProfiler(["v"]);
        p.Column(0).AddNumbers(values.AsSpan(from, to - from), integral: false, firstRow: from + 1);
        p.AddRows(to - from);
        return p;
    }
}
