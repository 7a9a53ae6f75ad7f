using Steward.Analytics.Profiling;

namespace Steward.Analytics.Constraints;

/// <summary>
/// Suggests data-quality constraints from a baseline profile, as Model Monitor's baseline job does: each
/// feature's type, its observed completeness, <c>is_non_negative</c> when min ≥ 0, and a domain for
/// low-cardinality strings (at most 120 distinct values, counted exactly, and at most 10 % of them seen only once
/// — Deequ's categorical-range rule). Thresholds 1.0 (every value must conform), Robust comparison at 0.1.
/// </summary>
public static class ConstraintSuggester
{
    /// <summary>Most distinct values for which a domain is suggested (Deequ's histogram limit).</summary>
    public const int MaxDomainSize = 120;

    /// <summary>Suggests constraints.</summary>
    /// <param name="baseline">The baseline profile.</param>
    /// <returns>The constraints document.</returns>
    public static DataQualityConstraints Suggest(DatasetProfile baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var features = baseline.Features.Select(f => new FeatureConstraint(
            f.Name,
            f.InferredType,
            Math.Round(f.Completeness, 12),
            f.Numerical is { } n ? n.Min >= 0 : null,
            Domain(f))).ToList();
        var config = new MonitoringConfig(true, true, 1.0, 1.0, DistributionConstraints.Default);
        return new DataQualityConstraints(features, config);
    }

    private static IReadOnlyList<string>? Domain(FeatureProfile f)
    {
        if (f.InferredType != InferredType.String || f.Strings is not { BucketsExact: true } s || s.Buckets.Count == 0 || s.Buckets.Count > MaxDomainSize)
        {
            return null;
        }

        var singletons = s.Buckets.Count(b => b.Count == 1);
        return singletons <= 0.1 * s.Buckets.Count
            ? s.Buckets.Select(b => b.Value).Order(StringComparer.Ordinal).ToList()
            : null;
    }
}
