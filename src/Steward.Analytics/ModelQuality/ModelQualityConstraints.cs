using System.Globalization;
using Steward.Analytics.Constraints;

namespace Steward.Analytics.ModelQuality;

/// <summary>Comparison operators of model-quality constraints; a violation is reported when the operator holds.</summary>
public enum ComparisonOperator
{
    /// <summary>Violation when value &lt; threshold.</summary>
    LessThanThreshold,

    /// <summary>Violation when value &gt; threshold.</summary>
    GreaterThanThreshold,

    /// <summary>Violation when value ≤ threshold.</summary>
    LessThanOrEqualToThreshold,

    /// <summary>Violation when value ≥ threshold.</summary>
    GreaterThanOrEqualToThreshold,
}

/// <summary>One metric constraint: <c>{"threshold": x, "comparison_operator": "..."}</c>.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Operator">The operator that signals a violation.</param>
public sealed record MetricConstraint(double Threshold, ComparisonOperator Operator)
{
    /// <summary>Whether <paramref name="value"/> violates the constraint (NaN never does).</summary>
    /// <param name="value">Current metric value.</param>
    /// <returns>True for a violation.</returns>
    public bool IsViolatedBy(double value) => Operator switch
    {
        ComparisonOperator.LessThanThreshold => value < Threshold,
        ComparisonOperator.GreaterThanThreshold => value > Threshold,
        ComparisonOperator.LessThanOrEqualToThreshold => value <= Threshold,
        ComparisonOperator.GreaterThanOrEqualToThreshold => value >= Threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}

/// <summary>
/// Model-quality constraints: <c>{"version": 0.0, "&lt;problem&gt;_constraints": {metric: constraint}}</c>.
/// </summary>
/// <param name="ProblemType">Which metrics the constraints are about.</param>
/// <param name="Metrics">Constraint per metric name.</param>
public sealed record ModelQualityConstraints(ProblemType ProblemType, IReadOnlyDictionary<string, MetricConstraint> Metrics)
{
    private static readonly string[] HigherIsBetterBinary = ["accuracy", "precision", "recall", "f0_5", "f1", "f2", "auc", "true_positive_rate", "true_negative_rate"];
    private static readonly string[] LowerIsBetterBinary = ["false_positive_rate", "false_negative_rate"];
    private static readonly string[] HigherIsBetterMulticlass = ["accuracy", "weighted_recall", "weighted_precision", "weighted_f0_5", "weighted_f1", "weighted_f2"];

    /// <summary>
    /// Suggests constraints from baseline metrics: the baseline value is the threshold; metrics where higher is
    /// better use LessThanThreshold, error metrics (MAE, MSE, RMSE, FPR, FNR) GreaterThanThreshold, R² LessThanThreshold.
    /// </summary>
    /// <param name="problemType">Problem type.</param>
    /// <param name="baseline">Baseline metric values by name.</param>
    /// <returns>The constraints.</returns>
    public static ModelQualityConstraints Suggest(ProblemType problemType, IReadOnlyDictionary<string, MetricValue> baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var result = new Dictionary<string, MetricConstraint>(StringComparer.Ordinal);
        void Add(string name, ComparisonOperator op)
        {
            if (baseline.TryGetValue(name, out var v) && double.IsFinite(v.Value))
            {
                result[name] = new MetricConstraint(v.Value, op);
            }
        }

        switch (problemType)
        {
            case ProblemType.Regression:
                foreach (var m in new[] { "mae", "mse", "rmse" })
                {
                    Add(m, ComparisonOperator.GreaterThanThreshold);
                }

                Add("r2", ComparisonOperator.LessThanThreshold);
                break;
            case ProblemType.BinaryClassification:
                foreach (var m in HigherIsBetterBinary)
                {
                    Add(m, ComparisonOperator.LessThanThreshold);
                }

                foreach (var m in LowerIsBetterBinary)
                {
                    Add(m, ComparisonOperator.GreaterThanThreshold);
                }

                break;
            case ProblemType.MulticlassClassification:
                foreach (var m in HigherIsBetterMulticlass)
                {
                    Add(m, ComparisonOperator.LessThanThreshold);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(problemType));
        }

        return new ModelQualityConstraints(problemType, result);
    }

    /// <summary>
    /// Checks metric values; each violated constraint gives
    /// <c>{metric_name, constraint_check_type: operator, description: "Metric accuracy with 0.81 +/- 0.01 was LessThanThreshold '0.9'"}</c>.
    /// A constrained metric that is absent from <paramref name="current"/> is reported as missing.
    /// </summary>
    /// <param name="current">Current metric values.</param>
    /// <returns>Violations (FeatureName holds the metric name).</returns>
    public IReadOnlyList<ConstraintViolation> Check(IReadOnlyDictionary<string, MetricValue> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var result = new List<ConstraintViolation>();
        foreach (var (name, c) in Metrics)
        {
            if (!current.TryGetValue(name, out var v))
            {
                result.Add(new ConstraintViolation(name, "missing_metric_check", $"Metric {name} is constrained but was not computed for {ProblemType}"));
                continue;
            }

            if (c.IsViolatedBy(v.Value))
            {
                var sd = double.IsNaN(v.StandardDeviation) ? "" : string.Create(CultureInfo.InvariantCulture, $" +/- {v.StandardDeviation:G6}");
                result.Add(new ConstraintViolation(name, c.Operator.ToString(), string.Create(CultureInfo.InvariantCulture, $"Metric {name} with {v.Value:G6}{sd} was {c.Operator} '{c.Threshold:G6}'")));
            }
        }

        return result;
    }
}
