using System.Text.Json.Serialization;

namespace Steward.Analytics.Bias;

/// <summary>
/// A bias report in the shape of Clarify's <c>analysis.json</c>:
/// <c>{"version", "pre_training_bias_metrics": {...}, "post_training_bias_metrics": {...}}</c>, a section present only
/// when metrics of its stage were computed.
/// </summary>
/// <remarks>Reference: Model Monitor NOTES §4 (output <c>analysis.json</c>); smclarify <c>report.bias_report</c>.</remarks>
/// <param name="Version">Document version, <c>"1.0"</c>.</param>
/// <param name="PreTraining">Pre-training metrics, or <see langword="null"/> when none were requested.</param>
/// <param name="PostTraining">Post-training metrics, or <see langword="null"/> when none were computed.</param>
public sealed record BiasReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("pre_training_bias_metrics"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    BiasStageReport? PreTraining,
    [property: JsonPropertyName("post_training_bias_metrics"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    BiasStageReport? PostTraining);

/// <summary>One stage of a bias report: the label, its positive values or threshold interval, and per facet the groups.</summary>
/// <param name="Label">The label column name.</param>
/// <param name="LabelValueOrThreshold">Positive label values comma-joined (<c>"p,q"</c>) or the threshold interval (<c>"(0, 1]"</c>).</param>
/// <param name="Facets">Facet column name → one entry per facet group (one-vs-all gives one per value).</param>
public sealed record BiasStageReport(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("label_value_or_threshold")] string LabelValueOrThreshold,
    [property: JsonPropertyName("facets")] IReadOnlyDictionary<string, IReadOnlyList<BiasFacetReport>> Facets);

/// <summary>The metrics for one facet group (facet d = the rows this group selects).</summary>
/// <param name="ValueOrThreshold">The facet values comma-joined (<c>"a"</c>, <c>"1,2"</c>) or the interval (<c>"(2, 4]"</c>).</param>
/// <param name="Metrics">Metrics in alphabetical order of short name.</param>
public sealed record BiasFacetReport(
    [property: JsonPropertyName("value_or_threshold")] string ValueOrThreshold,
    [property: JsonPropertyName("metrics")] IReadOnlyList<BiasMetricResult> Metrics);

/// <summary>
/// One metric value, or the reason it is undefined. ±∞ serialize as the strings <c>"Infinity"</c>/<c>"-Infinity"</c>
/// (Clarify's report convention); an undefined metric has <c>"value": null</c> and the upstream error text.
/// </summary>
/// <param name="Name">Short name, e.g. <c>"DPPL"</c>.</param>
/// <param name="Description">Clarify's fixed description (<see cref="BiasMetricCatalog.DescriptionOf"/>).</param>
/// <param name="Value">The value, <see langword="null"/> when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the metric is undefined (e.g. <c>"Facet set is empty"</c>), or <see langword="null"/>.</param>
public sealed record BiasMetricResult(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Value,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
