using Steward.Analytics.Data.Formats;
using Steward.Analytics.Data.Readers;
using Steward.Analytics.Drift;
using Steward.Analytics.ModelQuality;

namespace Steward.Analytics.Tests.Data;

/// <summary>Bad input gives an <see cref="AnalyticsInputException"/> naming the file, column or field — never a crash or a wrong number.</summary>
public sealed class BadInputTests
{
    private readonly string _dir = TestPaths.TempDirectory();

    private async Task<AnalyticsInputException> ProfileFails(string name, string content, DataFormat format = DataFormat.Csv)
    {
        var path = TestFiles.Write(_dir, name, content);
        return await Assert.ThrowsAsync<AnalyticsInputException>(() => TableReader.ProfileAsync(path, format, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Empty_file_is_rejected()
    {
        var e = await ProfileFails("empty.csv", "");
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("empty.csv", e.Message, StringComparison.Ordinal);
        e = await ProfileFails("blank.jsonl", "\n\n", DataFormat.JsonLines);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_only_file_is_rejected()
    {
        var e = await ProfileFails("header.csv", "a,b,c\n");
        Assert.Contains("header but no data rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ragged_row_names_the_row_and_field_counts()
    {
        var e = await ProfileFails("ragged.csv", "a,b,c\n1,2,3\n4,5\n");
        Assert.Contains("row 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 fields but the header has 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_numeric_value_in_a_numeric_label_column_names_column_and_row()
    {
        var path = TestFiles.Write(_dir, "mq.csv", "y,p\n1.5,1.2\nabc,2\n");
        var cols = await TableReader.ReadColumnsAsync(path, DataFormat.Csv, ["y", "p"], TestContext.Current.CancellationToken);
        var e = Assert.Throws<AnalyticsInputException>(() => ModelQualityEvaluator.Evaluate(ProblemType.Regression, cols["y"], cols["p"], null, null, ("y", "p", null)));
        Assert.Equal("y", e.Field);
        Assert.Equal(2, e.Row);
        Assert.Contains("'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_numeric_value_turning_a_numeric_column_to_string_is_named_by_drift()
    {
        var baseline = (await TableReader.ProfileAsync(TestFiles.Write(_dir, "b.csv", "x\n1\n2\n3\n"), DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        var current = (await TableReader.ProfileAsync(TestFiles.Write(_dir, "c.csv", "x\n1\noops\n3\n"), DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        var e = Assert.Throws<AnalyticsInputException>(() => FeatureDrift.CompareAll(baseline, current));
        Assert.Equal("x", e.Field);
        Assert.Contains("Integral in the baseline but String", e.Message, StringComparison.Ordinal);
        Assert.Contains("oops", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_missing_column_profiles_as_unknown_and_cannot_drift()
    {
        var path = TestFiles.Write(_dir, "missing.csv", "a,b\n1,\n2,\n");
        var p = (await TableReader.ProfileAsync(path, DataFormat.Csv, cancellationToken: TestContext.Current.CancellationToken)).ToProfile();
        var b = p.Find("b")!;
        Assert.Equal((Steward.Analytics.Profiling.InferredType.Unknown, 0L, 2L), (b.InferredType, b.NumPresent, b.NumMissing));
        var e = Assert.Throws<AnalyticsInputException>(() => FeatureDrift.CompareAll(p, p));
        Assert.Equal("b", e.Field);
        Assert.Contains("no values", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    public async Task Non_finite_text_values_are_rejected(string token)
    {
        var e = await ProfileFails($"nan{token}.csv", $"x\n1\n{token}\n");
        Assert.Equal("x", e.Field);
        Assert.Equal(2, e.Row);
        Assert.Contains("non-finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_finite_parquet_values_are_rejected_with_the_row()
    {
        var x = new double?[] { 1, null, 2, double.NaN, 3, double.PositiveInfinity };
        var path = await TestFiles.ParquetAsync(_dir, x, ["a", "b", "c", "d", "e", "f"], groups: 1);
        var e = await Assert.ThrowsAsync<AnalyticsInputException>(() => TableReader.ProfileAsync(path, DataFormat.Parquet, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("x", e.Field);
        Assert.Equal(4, e.Row);
    }

    [Fact]
    public void Single_class_binary_labels_are_rejected()
    {
        var e = Assert.Throws<AnalyticsInputException>(() => BinaryClassificationMetrics.Compute([true, true, true], [true, false, true], []));
        Assert.Contains("single class", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected an object")]
    [InlineData("""{"dataset": {"item_count": 3}}""", "features: is missing")]
    [InlineData("""{"dataset": {"item_count": -1}, "features": []}""", "dataset.item_count")]
    [InlineData("""{"dataset": {"item_count": 3}, "features": [{"name": "a", "inferred_type": "Decimal"}]}""", "features[0].inferred_type: 'Decimal' is not one of")]
    [InlineData("""{"dataset": {"item_count": 3}, "features": [{"name": "a", "inferred_type": "Integral"}]}""", "features[0].numerical_statistics: is missing")]
    [InlineData("""{"dataset": {"item_count": 3}, "features": [{"name": "a", "inferred_type": "Integral", "numerical_statistics": {"common": {"num_present": 3, "num_missing": 0}, "mean": "x", "sum": 1, "std_dev": 0, "min": 0, "max": 1, "distribution": {"kll": {"buckets": [], "sketch": {"parameters": {"c": 0.64, "k": 2048}, "data": [[1]]}}}}}]}""", "mean: expected a number, found string \"x\"")]
    [InlineData("""{"dataset": {"item_count": 3}, "features": [{"name": "a", "inferred_type": "Integral", "numerical_statistics": {"common": {"num_present": 3, "num_missing": 0}, "mean": 1, "sum": 1, "std_dev": 0, "min": 0, "max": 1, "distribution": {"kll": {"buckets": [], "sketch": {"parameters": {"c": 0.64, "k": 2048}, "data": [1]}}}}}]}""", "sketch.data[0]: expected an array of numbers")]
    public void Corrupted_statistics_json_names_the_field(string json, string expected)
    {
        var e = Assert.Throws<AnalyticsInputException>(() => StatisticsJson.Read(json, "baseline.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupted_constraints_json_names_the_field()
    {
        var e = Assert.Throws<AnalyticsInputException>(() => ConstraintsJson.ReadDataQuality("""{"features": [{"name": "a", "completeness": 2}]}"""));
        Assert.Contains("features[0].completeness", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<AnalyticsInputException>(() => ConstraintsJson.ReadDataQuality("""{"features": [], "monitoring_config": {"distribution_constraints": {"comparison_method": "Fuzzy"}}}"""));
        Assert.Contains("comparison_method", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_column_for_model_quality_lists_the_available_ones()
    {
        var path = TestFiles.Write(_dir, "cols.csv", "label,score\n1,0.3\n");
        var e = await Assert.ThrowsAsync<AnalyticsInputException>(() => TableReader.ReadColumnsAsync(path, DataFormat.Csv, ["label", "prediction"], TestContext.Current.CancellationToken));
        Assert.Equal("prediction", e.Field);
        Assert.Contains("available columns: label, score", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_a_parquet_file_is_reported()
    {
        var path = TestFiles.Write(_dir, "fake.parquet", "this is not parquet at all");
        var e = await Assert.ThrowsAsync<AnalyticsInputException>(() => TableReader.ProfileAsync(path, DataFormat.Parquet, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("fake.parquet", e.Message, StringComparison.Ordinal);
    }
}
