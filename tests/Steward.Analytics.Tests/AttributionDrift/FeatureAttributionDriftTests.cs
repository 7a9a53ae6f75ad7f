using System.Text.Json;
using Steward.Analytics.AttributionDrift;
using Steward.Analytics.Explainability;

namespace Steward.Analytics.Tests.AttributionDrift;

public sealed class FeatureAttributionDriftTests
{
    [Fact]
    public void Documented_example_gives_0_6876()
    {
        // AWS docs / NOTES §4: baseline 0.70/0.50/0.05, current 0.10/0.20/0.70 → 0.6876 (sklearn ndcg_score agrees).
        Assert.Equal(0.6876, FeatureAttributionDrift.Ndcg([0.70, 0.50, 0.05], [0.10, 0.20, 0.70]), 4);
    }

    [Fact]
    public void Ties_in_current_scores_average_their_gains_as_scikit_learn_does()
    {
        // NOTES §4: baseline .5/.3/.2, current .4/.4/.1 → 0.9532 (a stable sort would give 1.0).
        Assert.Equal(0.9532, FeatureAttributionDrift.Ndcg([0.5, 0.3, 0.2], [0.4, 0.4, 0.1]), 4);
    }

    [Fact]
    public void Same_ranking_gives_1_and_all_zero_baseline_gives_0()
    {
        Assert.Equal(1.0, FeatureAttributionDrift.Ndcg([3, 2, 1], [30, 2.5, 0.1]), 12);
        Assert.Equal(0.0, FeatureAttributionDrift.Ndcg([0, 0], [1, 2]));
    }

    [Fact]
    public void Check_reports_every_label_and_the_violations_in_model_monitor_shape()
    {
        var baseline = Report(("label0", [("a", 0.70), ("b", 0.50), ("c", 0.05)]), ("label1", [("a", 1), ("b", 2), ("c", 3)]));
        var current = Report(("label0", [("c", 0.70), ("b", 0.20), ("a", 0.10)]), ("label1", [("a", 1), ("b", 2), ("c", 3)]));

        var report = AttributionDriftCheck.Run(baseline, current);

        Assert.Equal(["label0", "label1"], report.Labels.Select(l => l.Label));
        Assert.Equal(1.0, report.Labels[1].Ndcg, 12);
        var violation = Assert.Single(report.Violations);
        Assert.Equal(("label0", "shap", "feature_attribution_drift_check"), (violation.Label, violation.MetricName, violation.ConstraintCheckType));
        Assert.StartsWith("Feature attribution drift 0.687", violation.Description, StringComparison.Ordinal);
        Assert.EndsWith(" exceeds threshold 0.9", violation.Description, StringComparison.Ordinal);

        var json = JsonSerializer.Serialize(report, AnalyticsReportJson.Default.AttributionDriftReport);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("1.0", document.RootElement.GetProperty("version").GetString());
        Assert.Equal("feature_attribution_drift_check", document.RootElement.GetProperty("violations")[0].GetProperty("constraint_check_type").GetString());
    }

    [Fact]
    public void Mismatched_labels_or_features_name_what_is_missing()
    {
        var baseline = Report(("label0", [("a", 1), ("b", 2)]));

        var missingFeature = Assert.Throws<AnalyticsInputException>(() => AttributionDriftCheck.Run(baseline, Report(("label0", [("a", 1), ("x", 2)]))));
        Assert.Contains("has no feature 'b'", missingFeature.Message, StringComparison.Ordinal);

        var missingLabel = Assert.Throws<AnalyticsInputException>(() => AttributionDriftCheck.Run(baseline, Report(("score", [("a", 1), ("b", 2)]))));
        Assert.Contains("has no label 'label0'", missingLabel.Message, StringComparison.Ordinal);

        var extraFeature = Assert.Throws<AnalyticsInputException>(() => AttributionDriftCheck.Run(baseline, Report(("label0", [("a", 1), ("b", 2), ("c", 3)]))));
        Assert.Equal("baseline", extraFeature.Field);
    }

    [Fact]
    public void Clarify_analysis_json_files_load()
    {
        const string Clarify = """
            {"version": "1.0",
             "explanations": {"kernel_shap": {"label0": {"global_shap_values": {"age": 0.04, "income": 0.31}, "expected_value": 0.21}}},
             "pre_training_bias_metrics": {"label": "y", "facets": {}, "label_value_or_threshold": "1"}}
            """;

        var report = JsonSerializer.Deserialize(Clarify, AnalyticsReportJson.Default.ExplanationReport)!;

        Assert.Equal(0.31, report.Explanations.KernelShap["label0"].GlobalShapValues["income"]);
        Assert.Equal(0.21, report.Explanations.KernelShap["label0"].ExpectedValue);
    }

    private static ExplanationReport Report(params (string Label, (string Feature, double Value)[] Values)[] labels) =>
        new("1.0", new ExplanationSet(labels.ToDictionary(
            l => l.Label,
            l => new KernelShapLabel(l.Values.ToDictionary(v => v.Feature, v => v.Value), 0.5))));
}
