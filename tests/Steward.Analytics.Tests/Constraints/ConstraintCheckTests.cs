using Steward.Analytics.Constraints;
using Steward.Analytics.Data.Formats;
using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Tests.Constraints;

public sealed class ConstraintCheckTests
{
    private static DatasetProfile Build(int rows, Func<int, string?> age, Func<int, string?> city, Func<int, string?>? extra = null)
    {
        var names = new List<string> { "age", "city" };
        if (extra is not null)
        {
            names.Add("extra");
        }

        var p = new DatasetProfiler(names);
        for (var i = 0; i < rows; i++)
        {
            Feed(p.Column(0), age(i), i + 1);
            Feed(p.Column(1), city(i), i + 1);
            if (extra is not null)
            {
                Feed(p.Column(2), extra(i), i + 1);
            }
        }

        p.AddRows(rows);
        return p.ToProfile();
    }

    private static void Feed(ColumnAccumulator c, string? v, long row)
    {
        if (v is null)
        {
            c.AddMissing();
        }
        else
        {
            c.AddText(v, row);
        }
    }

    private static readonly string[] Cities = ["Oslo", "Rome", "Lima"];

    private static DatasetProfile Baseline() => Build(3000, i => (20 + (i % 50)).ToString(System.Globalization.CultureInfo.InvariantCulture), i => Cities[i % 3]);

    [Fact]
    public void Suggested_constraints_describe_the_baseline_and_round_trip()
    {
        var c = ConstraintSuggester.Suggest(Baseline());
        var json = ConstraintsJson.Write(c);
        var back = ConstraintsJson.ReadDataQuality(json);
        var age = back.Find("age")!;
        Assert.Equal(InferredType.Integral, age.InferredType);
        Assert.Equal(1.0, age.Completeness);
        Assert.True(age.IsNonNegative);
        Assert.Equal(["Lima", "Oslo", "Rome"], back.Find("city")!.Domains);
        Assert.Equal(ComparisonMethod.Robust, back.MonitoringConfig.Distribution.ComparisonMethod);
        Assert.Contains("\"monitoring_config\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_data_has_no_violations()
    {
        var baseline = Baseline();
        Assert.Empty(ConstraintChecker.Check(baseline, ConstraintSuggester.Suggest(baseline), baseline));
    }

    [Fact]
    public void Each_check_type_is_reported()
    {
        var baseline = Baseline();
        var constraints = ConstraintSuggester.Suggest(baseline);
        var current = Build(
            3000,
            i => i % 10 == 0 ? null : i % 7 == 0 ? "n/a" : (60 + (i % 50)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            i => i % 4 == 0 ? "Paris" : Cities[i % 3],
            i => "x");
        var types = ConstraintChecker.Check(current, constraints, baseline).Select(v => (v.FeatureName, v.ConstraintCheckType)).ToList();
        Assert.Contains(("age", "data_type_check"), types);
        Assert.Contains(("age", "completeness_check"), types);
        Assert.Contains(("city", "categorical_values_check"), types);
        Assert.Contains(("city", "baseline_drift_check"), types);
        Assert.Contains(("extra", "extra_column_check"), types);

        var withoutCity = new DatasetProfile(current.ItemCount, current.Features.Where(f => f.Name != "city").ToList());
        Assert.Contains(ConstraintChecker.Check(withoutCity, constraints), v => v is { FeatureName: "city", ConstraintCheckType: "missing_column_check" });
    }

    [Fact]
    public void Numeric_drift_is_a_baseline_drift_violation_with_the_distance()
    {
        var baseline = Baseline();
        var shifted = Build(3000, i => (45 + (i % 50)).ToString(System.Globalization.CultureInfo.InvariantCulture), i => Cities[i % 3]);
        var v = Assert.Single(ConstraintChecker.Check(shifted, ConstraintSuggester.Suggest(baseline), baseline));
        Assert.Equal(("age", "baseline_drift_check"), (v.FeatureName, v.ConstraintCheckType));
        Assert.Contains("exceeds threshold: 0.1", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_evaluation_reports_nothing()
    {
        var baseline = Baseline();
        var c = ConstraintSuggester.Suggest(baseline);
        var off = c with { MonitoringConfig = c.MonitoringConfig with { EvaluateConstraints = false } };
        Assert.Empty(ConstraintChecker.Check(Build(10, _ => "oops", _ => "Paris"), off, baseline));
    }

    [Fact]
    public void Violations_file_has_sagemaker_shape()
    {
        var json = ConstraintsJson.WriteViolations([new ConstraintViolation("age", "completeness_check", "d")]);
        var back = ConstraintsJson.ReadViolations(json);
        Assert.Equal("completeness_check", Assert.Single(back).ConstraintCheckType);
        Assert.Contains("\"feature_name\": \"age\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_report_compares_every_feature_and_names_mismatched_columns()
    {
        var baseline = Baseline();
        var results = FeatureDrift.CompareAll(baseline, baseline);
        Assert.All(results, r => Assert.False(r.Drifted));
        Assert.Equal(1.0, results[0].PValue, 9);
        var renamed = new DatasetProfile(baseline.ItemCount, [baseline.Features[0], baseline.Features[1] with { Name = "town" }]);
        var e = Assert.Throws<AnalyticsInputException>(() => FeatureDrift.CompareAll(baseline, renamed));
        Assert.Contains("city", e.Message, StringComparison.Ordinal);
        Assert.Contains("town", e.Message, StringComparison.Ordinal);
    }
}
