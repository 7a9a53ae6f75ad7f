using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Constraints;

/// <summary>
/// The content of a data-quality <c>constraints.json</c>:
/// <c>{"version": 0, "features": [...], "monitoring_config": {...}}</c>.
/// </summary>
/// <param name="Features">Per-feature constraints.</param>
/// <param name="MonitoringConfig">Thresholds and switches.</param>
public sealed record DataQualityConstraints(IReadOnlyList<FeatureConstraint> Features, MonitoringConfig MonitoringConfig)
{
    /// <summary>The constraint named <paramref name="name"/>, or null.</summary>
    /// <param name="name">Feature name.</param>
    /// <returns>The constraint or null.</returns>
    public FeatureConstraint? Find(string name) => Features.FirstOrDefault(f => f.Name == name);
}

/// <summary>Constraints on one feature.</summary>
/// <param name="Name">Feature name.</param>
/// <param name="InferredType">Expected type.</param>
/// <param name="Completeness">Minimum completeness (non-null fraction), or null for no check.</param>
/// <param name="IsNonNegative">For numbers: whether values must be ≥ 0 (<c>num_constraints.is_non_negative</c>).</param>
/// <param name="Domains">For strings: the allowed values (<c>string_constraints.domains</c>), or null.</param>
/// <param name="Overrides">Per-feature <c>monitoringConfigOverrides</c>.</param>
public sealed record FeatureConstraint(
    string Name,
    InferredType InferredType,
    double? Completeness,
    bool? IsNonNegative,
    IReadOnlyList<string>? Domains,
    FeatureConfigOverrides? Overrides = null);

/// <summary>Per-feature overrides of <see cref="MonitoringConfig"/> values.</summary>
/// <param name="ComparisonThreshold">Overrides <c>comparison_threshold</c>.</param>
/// <param name="ComparisonMethod">Overrides <c>comparison_method</c>.</param>
/// <param name="DatatypeCheckThreshold">Overrides <c>datatype_check_threshold</c>.</param>
/// <param name="DomainContentThreshold">Overrides <c>domain_content_threshold</c>.</param>
public sealed record FeatureConfigOverrides(
    double? ComparisonThreshold = null,
    ComparisonMethod? ComparisonMethod = null,
    double? DatatypeCheckThreshold = null,
    double? DomainContentThreshold = null);

/// <summary>
/// <c>monitoring_config</c>. Thresholds are the share of values that must conform: a data_type_check fails
/// when fewer than <see cref="DatatypeCheckThreshold"/> of the present values match the expected type, a
/// categorical_values_check when fewer than <see cref="DomainContentThreshold"/> lie in the domain (this reading
/// matches the violation texts "Expected match: 100.0%" that files generated with 1.0 produce; the AWS table's
/// 0.1 defaults are kept for documents that omit the values).
/// </summary>
/// <param name="EvaluateConstraints">When false no violation is produced.</param>
/// <param name="EmitMetrics">Carried through (CloudWatch publishing is the server's business).</param>
/// <param name="DatatypeCheckThreshold">Required share of type-conforming values.</param>
/// <param name="DomainContentThreshold">Required share of in-domain values.</param>
/// <param name="Distribution">Baseline-drift settings.</param>
public sealed record MonitoringConfig(
    bool EvaluateConstraints,
    bool EmitMetrics,
    double DatatypeCheckThreshold,
    double DomainContentThreshold,
    DistributionConstraints Distribution)
{
    /// <summary>AWS's documented defaults (Enabled, 0.1 thresholds, Robust, LInfinity).</summary>
    public static MonitoringConfig Default { get; } = new(true, true, 0.1, 0.1, DistributionConstraints.Default);
}

/// <summary><c>distribution_constraints</c>.</summary>
/// <param name="PerformComparison">Whether baseline_drift_check runs.</param>
/// <param name="ComparisonThreshold">Numeric drift threshold (distance &gt; threshold is a violation).</param>
/// <param name="ComparisonMethod">Simple or Robust L∞.</param>
/// <param name="CategoricalComparisonThreshold">Threshold for strings; null = ComparisonThreshold.</param>
/// <param name="CategoricalDriftMethod">LInfinity or ChiSquared (p-value below threshold is a violation).</param>
public sealed record DistributionConstraints(
    bool PerformComparison,
    double ComparisonThreshold,
    ComparisonMethod ComparisonMethod,
    double? CategoricalComparisonThreshold,
    CategoricalDriftMethod CategoricalDriftMethod)
{
    /// <summary>Defaults: Enabled, 0.1, Robust, threshold = comparison threshold, LInfinity.</summary>
    public static DistributionConstraints Default { get; } = new(true, 0.1, ComparisonMethod.Robust, null, CategoricalDriftMethod.LInfinity);
}

/// <summary>One entry of <c>constraint_violations.json</c>.</summary>
/// <param name="FeatureName">The feature (or metric) concerned.</param>
/// <param name="ConstraintCheckType">data_type_check, completeness_check, baseline_drift_check, missing_column_check, extra_column_check, categorical_values_check (or, for model quality, the comparison operator).</param>
/// <param name="Description">Human-readable explanation with the numbers.</param>
public sealed record ConstraintViolation(string FeatureName, string ConstraintCheckType, string Description);
