using System.Globalization;
using Steward.Analytics.Drift;
using Steward.Analytics.Profiling;

namespace Steward.Analytics.Constraints;

/// <summary>
/// Checks a current profile against constraints and, optionally, baseline statistics, producing Model
/// Monitor's violation types:
/// <list type="bullet">
/// <item>missing_column_check / extra_column_check: a constrained feature is absent / a feature is not constrained;</item>
/// <item>data_type_check: conforming share &lt; datatype_check_threshold (Integral ⊂ Fractional ⊂ String);</item>
/// <item>completeness_check: completeness &lt; the feature's completeness;</item>
/// <item>categorical_values_check: in-domain share &lt; domain_content_threshold;</item>
/// <item>baseline_drift_check: distance &gt; comparison_threshold (see <see cref="FeatureDrift"/>);</item>
/// <item>non_negative_check (Steward extension): <c>is_non_negative</c> holds and min &lt; 0.</item>
/// </list>
/// </summary>
public static class ConstraintChecker
{
    /// <summary>Runs every check.</summary>
    /// <param name="current">The profile to check.</param>
    /// <param name="constraints">The constraints.</param>
    /// <param name="baseline">Baseline statistics for baseline_drift_check, or null to skip it.</param>
    /// <returns>Violations, in feature order.</returns>
    public static IReadOnlyList<ConstraintViolation> Check(DatasetProfile current, DataQualityConstraints constraints, DatasetProfile? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(constraints);
        var config = constraints.MonitoringConfig;
        var violations = new List<ConstraintViolation>();
        if (!config.EvaluateConstraints)
        {
            return violations;
        }

        var currentCount = current.Features.Count;
        var baselineCount = constraints.Features.Count;
        foreach (var c in constraints.Features.Where(c => current.Find(c.Name) is null))
        {
            violations.Add(new(c.Name, "missing_column_check", F($"There are missing columns in current dataset. Number of columns in current dataset: {currentCount}, Number of columns in baseline constraints: {baselineCount}")));
        }

        foreach (var f in current.Features)
        {
            var c = constraints.Find(f.Name);
            if (c is null)
            {
                violations.Add(new(f.Name, "extra_column_check", F($"There are extra columns in current dataset. Number of columns in current dataset: {currentCount}, Number of columns in baseline constraints: {baselineCount}")));
                continue;
            }

            CheckType(f, c, config, violations);
            CheckCompleteness(f, c, violations);
            CheckNonNegative(f, c, violations);
            CheckDomain(f, c, config, violations);
            if (baseline?.Find(f.Name) is { } b && config.Distribution.PerformComparison)
            {
                CheckDrift(b, f, c, config, violations);
            }
        }

        return violations;
    }

    private static void CheckType(FeatureProfile f, FeatureConstraint c, MonitoringConfig config, List<ConstraintViolation> violations)
    {
        if (c.InferredType == InferredType.Unknown || f.NumPresent == 0)
        {
            return;
        }

        var threshold = c.Overrides?.DatatypeCheckThreshold ?? config.DatatypeCheckThreshold;
        double share = f.ValueClasses is { } vc
            ? (double)vc.Conforming(c.InferredType) / f.NumPresent
            : Conforms(f.InferredType, c.InferredType) ? 1.0 : 0.0;
        if (share < threshold)
        {
            violations.Add(new(f.Name, "data_type_check", F($"Data type match requirement is not met. Expected data type: {c.InferredType}, Expected match: {threshold * 100:0.0}%. Observed: Only {share * 100:0.0}% of data is {c.InferredType}.")));
        }
    }

    private static bool Conforms(InferredType actual, InferredType expected) => expected switch
    {
        InferredType.Integral => actual == InferredType.Integral,
        InferredType.Fractional => actual is InferredType.Integral or InferredType.Fractional,
        _ => true,
    };

    private static void CheckCompleteness(FeatureProfile f, FeatureConstraint c, List<ConstraintViolation> violations)
    {
        if (c.Completeness is { } required && f.Completeness < required - 1e-12)
        {
            violations.Add(new(f.Name, "completeness_check", F($"Data completeness requirement is not met. Expected: {required * 100:0.0##}%, Observed: {f.Completeness * 100:0.0##}%.")));
        }
    }

    private static void CheckNonNegative(FeatureProfile f, FeatureConstraint c, List<ConstraintViolation> violations)
    {
        if (c.IsNonNegative == true && f.Numerical is { Min: < 0 } n)
        {
            violations.Add(new(f.Name, "non_negative_check", F($"Values must be non-negative; observed minimum {n.Min}.")));
        }
    }

    private static void CheckDomain(FeatureProfile f, FeatureConstraint c, MonitoringConfig config, List<ConstraintViolation> violations)
    {
        if (c.Domains is not { Count: > 0 } domains || f.Strings is not { } s || f.NumPresent == 0)
        {
            return;
        }

        var allowed = domains.ToHashSet(StringComparer.Ordinal);
        var counted = s.Buckets.Sum(b => b.Count);
        var inDomain = s.Buckets.Where(b => allowed.Contains(b.Value)).Sum(b => b.Count);
        var share = counted == 0 ? 1.0 : (double)inDomain / counted;
        var threshold = c.Overrides?.DomainContentThreshold ?? config.DomainContentThreshold;
        if (share < threshold)
        {
            var unknown = s.Buckets.Where(b => !allowed.Contains(b.Value)).Take(5).Select(b => b.Value);
            violations.Add(new(f.Name, "categorical_values_check", F($"Data does not meet the domain requirement. Expected: {threshold * 100:0.0}% of values in the baseline domain, Observed: {share * 100:0.0}%. Values outside the domain include: {string.Join(", ", unknown)}.")));
        }
    }

    private static void CheckDrift(FeatureProfile b, FeatureProfile f, FeatureConstraint c, MonitoringConfig config, List<ConstraintViolation> violations)
    {
        if (b.NumPresent == 0 || f.NumPresent == 0 || b.IsNumeric != f.IsNumeric || b.InferredType == InferredType.Unknown)
        {
            return;
        }

        var d = config.Distribution;
        var options = new DriftOptions
        {
            Method = c.Overrides?.ComparisonMethod ?? d.ComparisonMethod,
            Threshold = c.Overrides?.ComparisonThreshold ?? d.ComparisonThreshold,
            CategoricalThreshold = c.Overrides?.ComparisonThreshold ?? d.CategoricalComparisonThreshold,
            CategoricalMethod = d.CategoricalDriftMethod,
        };
        var r = FeatureDrift.Compare(b, f, options);
        if (r.Drifted)
        {
            var text = r.Method == "chi_squared"
                ? F($"Baseline drift chi-square p-value: {r.Distance:G6} is below threshold: {r.Threshold}")
                : F($"Baseline drift distance: {r.Distance:G6} exceeds threshold: {r.Threshold}");
            violations.Add(new(f.Name, "baseline_drift_check", text));
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
