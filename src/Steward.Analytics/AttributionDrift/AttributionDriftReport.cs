using System.Text.Json.Serialization;

namespace Steward.Analytics.AttributionDrift;

/// <summary>
/// The outcome of a feature-attribution drift check, in Model Monitor's <c>constraint_violations.json</c> shape
/// (<c>{"version": "1.0", "violations": [...]}</c>) with the NDCG of every label added under <c>labels</c>.
/// </summary>
/// <param name="Version">Document version, <c>"1.0"</c>.</param>
/// <param name="Threshold">The NDCG threshold applied.</param>
/// <param name="Labels">NDCG per label, in the baseline's label order.</param>
/// <param name="Violations">One entry per label whose NDCG is below the threshold.</param>
public sealed record AttributionDriftReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("labels")] IReadOnlyList<AttributionDriftLabel> Labels,
    [property: JsonPropertyName("violations")] IReadOnlyList<AttributionDriftViolation> Violations);

/// <summary>The drift measured for one label.</summary>
/// <param name="Label">The label (<c>label0</c>, or its header).</param>
/// <param name="Ndcg">NDCG between baseline and current global attributions.</param>
/// <param name="Violation">Whether <paramref name="Ndcg"/> is below the threshold.</param>
public sealed record AttributionDriftLabel(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("ndcg")] double Ndcg,
    [property: JsonPropertyName("violation")] bool Violation);

/// <summary>
/// A Model Monitor violation record: <c>{"label", "metric_name": "shap", "constraint_check_type":
/// "feature_attribution_drift_check", "description": "Feature attribution drift 0.68... exceeds threshold 0.9"}</c>.
/// </summary>
/// <param name="Label">The label.</param>
/// <param name="MetricName">Always <c>"shap"</c>.</param>
/// <param name="ConstraintCheckType">Always <c>"feature_attribution_drift_check"</c>.</param>
/// <param name="Description">The human-readable finding, worded as Model Monitor words it.</param>
public sealed record AttributionDriftViolation(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("metric_name")] string MetricName,
    [property: JsonPropertyName("constraint_check_type")] string ConstraintCheckType,
    [property: JsonPropertyName("description")] string Description);
