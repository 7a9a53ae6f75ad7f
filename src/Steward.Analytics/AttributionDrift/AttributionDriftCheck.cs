using Steward.Analytics.Bias;
using Steward.Analytics.Explainability;

namespace Steward.Analytics.AttributionDrift;

/// <summary>Compares two explanation reports label by label with <see cref="FeatureAttributionDrift.Ndcg"/>.</summary>
public static class AttributionDriftCheck
{
    /// <summary>Checks every label of the baseline against the same label of the current report.</summary>
    /// <param name="baseline">Baseline explanations (e.g. from the training data).</param>
    /// <param name="current">Current explanations (e.g. from recent traffic).</param>
    /// <param name="threshold">NDCG below this is a violation (default 0.90).</param>
    /// <returns>NDCG per label and the violations.</returns>
    /// <exception cref="AnalyticsInputException">The reports do not cover the same labels and features; the message names the one missing.</exception>
    public static AttributionDriftReport Run(ExplanationReport baseline, ExplanationReport current, double threshold = FeatureAttributionDrift.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var baselineLabels = baseline.Explanations?.KernelShap
            ?? throw new AnalyticsInputException("baseline", "has no explanations.kernel_shap section");
        var currentLabels = current.Explanations?.KernelShap
            ?? throw new AnalyticsInputException("current", "has no explanations.kernel_shap section");
        if (baselineLabels.Count == 0)
        {
            throw new AnalyticsInputException("baseline", "explanations.kernel_shap has no labels");
        }

        var labels = new List<AttributionDriftLabel>();
        var violations = new List<AttributionDriftViolation>();
        foreach (var (label, baselineValues) in baselineLabels)
        {
            if (!currentLabels.TryGetValue(label, out var currentValues))
            {
                throw new AnalyticsInputException("current", $"explanations.kernel_shap has no label '{label}' (it has {string.Join(", ", currentLabels.Keys)})");
            }

            var features = Features(baselineValues, $"explanations.kernel_shap.{label}", "baseline");
            var currentFeatures = Features(currentValues, $"explanations.kernel_shap.{label}", "current");
            var a = new double[features.Count];
            var b = new double[features.Count];
            var i = 0;
            foreach (var (feature, value) in features)
            {
                a[i] = value;
                b[i++] = currentFeatures.TryGetValue(feature, out var c)
                    ? c
                    : throw new AnalyticsInputException("current", $"explanations.kernel_shap.{label}.global_shap_values has no feature '{feature}'");
            }

            if (currentFeatures.Keys.FirstOrDefault(f => !features.ContainsKey(f)) is { } extra)
            {
                throw new AnalyticsInputException("baseline", $"explanations.kernel_shap.{label}.global_shap_values has no feature '{extra}'");
            }

            var ndcg = FeatureAttributionDrift.Ndcg(a, b);
            var violation = ndcg < threshold;
            labels.Add(new AttributionDriftLabel(label, ndcg, violation));
            if (violation)
            {
                violations.Add(new AttributionDriftViolation(
                    label,
                    "shap",
                    "feature_attribution_drift_check",
                    $"Feature attribution drift {ClarifyFormat.Float(ndcg)} exceeds threshold {ClarifyFormat.Float(threshold)}"));
            }
        }

        return new AttributionDriftReport("1.0", threshold, labels, violations);
    }

    private static IReadOnlyDictionary<string, double> Features(KernelShapLabel? label, string path, string file)
    {
        var values = label?.GlobalShapValues ?? throw new AnalyticsInputException(file, $"{path} has no global_shap_values");
        if (values.Count == 0)
        {
            throw new AnalyticsInputException(file, $"{path}.global_shap_values is empty");
        }

        foreach (var (feature, value) in values)
        {
            if (!double.IsFinite(value))
            {
                throw new AnalyticsInputException(file, $"{path}.global_shap_values.{feature} is {value}");
            }
        }

        return values;
    }
}
