using Steward.Analytics.Data.Formats;
using Steward.Analytics.ModelQuality;
using Steward.Analytics.Tests.Fixtures;

namespace Steward.Analytics.Tests.ModelQuality;

/// <summary>Model-quality metrics agree with scikit-learn on the generated fixtures.</summary>
public sealed class ScikitLearnAgreementTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> BinaryCases() => ReferenceValues.Names("binary");

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_metrics_match_sklearn(string name)
    {
        var c = ReferenceValues.Case("binary", name);
        var label = ReferenceValues.Strings(c.GetProperty("label"));
        var prediction = ReferenceValues.Strings(c.GetProperty("prediction"));
        var probability = c.GetProperty("probability").ValueKind == System.Text.Json.JsonValueKind.Null ? null : ReferenceValues.Strings(c.GetProperty("probability"));
        var report = ModelQualityEvaluator.Evaluate(ProblemType.BinaryClassification, label, prediction, probability, null, ("label", "prediction", "probability"));
        var expected = c.GetProperty("expected");
        foreach (var metric in new[] { "accuracy", "precision", "recall", "f1", "f0_5", "f2", "auc", "au_prc", "true_positive_rate", "true_negative_rate", "false_positive_rate", "false_negative_rate" })
        {
            Assert.True(
                Math.Abs(expected.GetProperty(metric).GetDouble() - report.Metrics[metric].Value) <= Tolerance,
                $"{name} {metric}: sklearn {expected.GetProperty(metric).GetDouble():R}, Steward {report.Metrics[metric].Value:R}");
        }

        var cm = expected.GetProperty("confusion_matrix");
        Assert.Equal(cm.GetProperty("tp").GetInt64(), report.Binary!.ConfusionMatrix.TruePositives);
        Assert.Equal(cm.GetProperty("fp").GetInt64(), report.Binary.ConfusionMatrix.FalsePositives);
        Assert.Equal(cm.GetProperty("fn").GetInt64(), report.Binary.ConfusionMatrix.FalseNegatives);
        Assert.Equal(cm.GetProperty("tn").GetInt64(), report.Binary.ConfusionMatrix.TrueNegatives);
    }

    [Fact]
    public void Threshold_turns_probabilities_into_labels_with_strictly_greater()
    {
        var c = ReferenceValues.Case("binary", "binary-500-scores");
        var label = ReferenceValues.Strings(c.GetProperty("label"));
        var probability = ReferenceValues.Strings(c.GetProperty("probability"));
        var fromThreshold = ModelQualityEvaluator.Evaluate(ProblemType.BinaryClassification, label, label, probability, 0.5, ("label", "prediction", "probability"));
        var expected = c.GetProperty("expected");
        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), fromThreshold.Metrics["accuracy"].Value, 12);
        Assert.Equal(new[] { false, true, false }, BinaryClassificationMetrics.ApplyThreshold([0.5, 0.50001, 0.2], 0.5));
    }

    [Fact]
    public void Multiclass_weighted_metrics_match_sklearn()
    {
        var c = ReferenceValues.Root.GetProperty("multiclass");
        var report = ModelQualityEvaluator.Evaluate(
            ProblemType.MulticlassClassification,
            ReferenceValues.Strings(c.GetProperty("label")),
            ReferenceValues.Strings(c.GetProperty("prediction")),
            null,
            null,
            ("label", "prediction", null));
        var expected = c.GetProperty("expected");
        foreach (var metric in new[] { "accuracy", "weighted_precision", "weighted_recall", "weighted_f1", "weighted_f0_5", "weighted_f2" })
        {
            Assert.True(Math.Abs(expected.GetProperty(metric).GetDouble() - report.Metrics[metric].Value) <= Tolerance, metric);
        }

        Assert.Equal(ReferenceValues.Strings(c.GetProperty("classes")).Select(x => x!).ToList(), report.Multiclass!.Classes.ToList());
        var cm = expected.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt64()).ToArray()).ToArray();
        Assert.Equal(cm, report.Multiclass.ConfusionMatrix);
    }

    [Fact]
    public void Regression_metrics_match_sklearn()
    {
        var c = ReferenceValues.Root.GetProperty("regression");
        var report = ModelQualityEvaluator.Evaluate(
            ProblemType.Regression,
            ReferenceValues.Strings(c.GetProperty("label")),
            ReferenceValues.Strings(c.GetProperty("prediction")),
            null,
            null,
            ("y", "yhat", null));
        var expected = c.GetProperty("expected");
        foreach (var metric in new[] { "mae", "mse", "rmse", "r2", "mape" })
        {
            var e = expected.GetProperty(metric).GetDouble();
            Assert.True(Math.Abs(e - report.Metrics[metric].Value) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"{metric}: {e:R} vs {report.Metrics[metric].Value:R}");
        }
    }

    [Fact]
    public void Standard_deviation_is_NaN_below_200_rows_and_finite_above()
    {
        var small = RegressionMetrics.Compute([1, 2, 3, 4], [1, 2, 3, 5]);
        Assert.True(double.IsNaN(small.Mae.StandardDeviation));
        var y = Enumerable.Range(0, 300).Select(i => (double)i).ToArray();
        var p = y.Select(v => v + ((v % 7) - 3)).ToArray();
        var large = RegressionMetrics.Compute(y, p);
        Assert.True(double.IsFinite(large.Mae.StandardDeviation) && large.Mae.StandardDeviation >= 0);
    }

    [Fact]
    public void Statistics_file_has_model_monitor_shape_and_reads_back()
    {
        var c = ReferenceValues.Case("binary", "binary-500-scores");
        var report = ModelQualityEvaluator.Evaluate(
            ProblemType.BinaryClassification,
            ReferenceValues.Strings(c.GetProperty("label")),
            ReferenceValues.Strings(c.GetProperty("prediction")),
            ReferenceValues.Strings(c.GetProperty("probability")),
            null,
            ("label", "prediction", "probability"));
        var json = ModelQualityJson.Write(report);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var section = doc.RootElement.GetProperty("binary_classification_metrics");
        Assert.Equal(246, section.GetProperty("confusion_matrix").GetProperty("0").GetProperty("0").GetInt64());
        Assert.True(section.GetProperty("receiver_operating_characteristic_curve").GetProperty("true_positive_rates").GetArrayLength() > 2);
        var (problem, metrics) = ModelQualityJson.ReadMetrics(json);
        Assert.Equal(ProblemType.BinaryClassification, problem);
        Assert.Equal(report.Metrics["auc"].Value, metrics["auc"].Value, 15);
    }

    [Fact]
    public void Model_quality_constraints_flag_a_worse_model()
    {
        var baseline = new Dictionary<string, MetricValue> { ["accuracy"] = new(0.9, 0.01), ["mae"] = new(1, double.NaN) };
        var constraints = ModelQualityConstraints.Suggest(ProblemType.BinaryClassification, baseline);
        var roundTrip = ConstraintsJson.ReadModelQuality(ConstraintsJson.Write(constraints));
        Assert.Equal(ComparisonOperator.LessThanThreshold, roundTrip.Metrics["accuracy"].Operator);
        var violations = roundTrip.Check(new Dictionary<string, MetricValue> { ["accuracy"] = new(0.8, double.NaN) });
        var v = Assert.Single(violations);
        Assert.Equal("LessThanThreshold", v.ConstraintCheckType);
        Assert.Contains("accuracy", v.Description, StringComparison.Ordinal);
        Assert.Empty(roundTrip.Check(new Dictionary<string, MetricValue> { ["accuracy"] = new(0.95, double.NaN) }));
    }
}
