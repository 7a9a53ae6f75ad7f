using System.Text.Json.Serialization;

namespace Steward.Analytics.Explainability;

/// <summary>
/// Global Kernel SHAP explanations in the shape of Clarify's <c>analysis.json</c>:
/// <c>{"version": "1.0", "explanations": {"kernel_shap": {"&lt;label&gt;": {"global_shap_values": {feature: value},
/// "expected_value": v}}}}</c>. Files written by Clarify load as well (other sections are ignored).
/// </summary>
/// <remarks>Reference: Model Monitor NOTES §4; AWS documentation "Clarify analysis results".</remarks>
/// <param name="Version">Document version, <c>"1.0"</c>.</param>
/// <param name="Explanations">The explanations.</param>
public sealed record ExplanationReport(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("explanations")] ExplanationSet Explanations)
{
    /// <summary>Builds the report from a Kernel SHAP result.</summary>
    /// <param name="result">The local values.</param>
    /// <param name="featureNames">M feature names, in column order.</param>
    /// <param name="labelNames">K label names; <see langword="null"/> gives Clarify's placeholders <c>label0</c>, <c>label1</c>, ….</param>
    /// <param name="aggregation">How local values become global values (<c>agg_method</c>).</param>
    /// <returns>The report.</returns>
    public static ExplanationReport FromResult(
        KernelShapResult result,
        IReadOnlyList<string> featureNames,
        IReadOnlyList<string>? labelNames = null,
        ShapAggregation aggregation = ShapAggregation.MeanAbs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count != result.FeatureCount || (labelNames is not null && labelNames.Count != result.OutputCount))
        {
            throw new ArgumentException("One name per feature and per output is needed.");
        }

        var labels = new Dictionary<string, KernelShapLabel>(StringComparer.Ordinal);
        for (var k = 0; k < result.OutputCount; k++)
        {
            var global = result.GlobalValues(k, aggregation);
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < featureNames.Count; i++)
            {
                values[featureNames[i]] = global[i];
            }

            labels[labelNames?[k] ?? $"label{k}"] = new KernelShapLabel(values, result.ExpectedValue(k));
        }

        return new ExplanationReport("1.0", new ExplanationSet(labels));
    }
}

/// <summary>The explanation methods of a report; Steward writes Kernel SHAP.</summary>
/// <param name="KernelShap">Label → global SHAP values and expected value.</param>
public sealed record ExplanationSet(
    [property: JsonPropertyName("kernel_shap")] IReadOnlyDictionary<string, KernelShapLabel> KernelShap);

/// <summary>Global SHAP values of one label (model output).</summary>
/// <param name="GlobalShapValues">Feature name → aggregated SHAP value (mean |φ| by default).</param>
/// <param name="ExpectedValue">E[f(baseline)] (in log-odds with the logit link).</param>
public sealed record KernelShapLabel(
    [property: JsonPropertyName("global_shap_values")] IReadOnlyDictionary<string, double> GlobalShapValues,
    [property: JsonPropertyName("expected_value")] double ExpectedValue);
