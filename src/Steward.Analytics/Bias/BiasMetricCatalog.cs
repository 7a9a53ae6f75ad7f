using System.Collections.Frozen;

namespace Steward.Analytics.Bias;

/// <summary>
/// Names, descriptions and stages of the <see cref="BiasMetric"/> values, as Clarify reports them.
/// </summary>
/// <remarks>
/// The descriptions are the first docstring lines of the smclarify metric functions (asserted upstream by
/// <c>tests/unit/bias/test_report.py::test_metric_descriptions</c>); reports list metrics alphabetically by short name.
/// </remarks>
public static class BiasMetricCatalog
{
    private static readonly FrozenDictionary<string, BiasMetric> ByName =
        Enum.GetValues<BiasMetric>().ToFrozenDictionary(m => m.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The eight pre-training metrics in Clarify's report order (alphabetical).</summary>
    public static IReadOnlyList<BiasMetric> PreTraining { get; } =
        [BiasMetric.CDDL, BiasMetric.CI, BiasMetric.DPL, BiasMetric.JS, BiasMetric.KL, BiasMetric.KS, BiasMetric.LP, BiasMetric.TVD];

    /// <summary>The thirteen post-training metrics in Clarify's report order (alphabetical).</summary>
    public static IReadOnlyList<BiasMetric> PostTraining { get; } =
    [
        BiasMetric.AD, BiasMetric.CDDPL, BiasMetric.DAR, BiasMetric.DCA, BiasMetric.DCR, BiasMetric.DI, BiasMetric.DPPL,
        BiasMetric.DRR, BiasMetric.FT, BiasMetric.GE, BiasMetric.RD, BiasMetric.SD, BiasMetric.TE,
    ];

    /// <summary>The stage a metric belongs to.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns><see cref="BiasStage.PreTraining"/> for CI, DPL, KL, JS, LP, TVD, KS, CDDL; otherwise post-training.</returns>
    public static BiasStage StageOf(BiasMetric metric) =>
        metric <= BiasMetric.TVD ? BiasStage.PreTraining : BiasStage.PostTraining;

    /// <summary>The fixed description Clarify writes next to the metric in its report, e.g. <c>"Class Imbalance (CI)"</c>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The description string, spelled exactly as upstream (including "Liebler").</returns>
    public static string DescriptionOf(BiasMetric metric) => metric switch
    {
        BiasMetric.CDDL => "Conditional Demographic Disparity in Labels (CDDL)",
        BiasMetric.CI => "Class Imbalance (CI)",
        BiasMetric.DPL => "Difference in Positive Proportions in Labels (DPL)",
        BiasMetric.JS => "Jensen-Shannon Divergence (JS)",
        BiasMetric.KL => "Kullback-Liebler Divergence (KL)",
        BiasMetric.KS => "Kolmogorov-Smirnov Distance (KS)",
        BiasMetric.LP => "L-p Norm (LP)",
        BiasMetric.TVD => "Total Variation Distance (TVD)",
        BiasMetric.AD => "Accuracy Difference (AD)",
        BiasMetric.CDDPL => "Conditional Demographic Disparity in Predicted Labels (CDDPL)",
        BiasMetric.DAR => "Difference in Acceptance Rates (DAR)",
        BiasMetric.DCA => "Difference in Conditional Acceptance (DCA)",
        BiasMetric.DCR => "Difference in Conditional Rejection (DCR)",
        BiasMetric.DI => "Disparate Impact (DI)",
        BiasMetric.DPPL => "Difference in Positive Proportions in Predicted Labels (DPPL)",
        BiasMetric.DRR => "Difference in Rejection Rates (DRR)",
        BiasMetric.FT => "Flip Test (FT)",
        BiasMetric.GE => "Generalized Entropy (GE)",
        BiasMetric.RD => "Recall Difference (RD)",
        BiasMetric.SD => "Specificity Difference (SD)",
        BiasMetric.TE => "Treatment Equality (TE)",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown bias metric."),
    };

    /// <summary>Parses a short metric name such as <c>"DPPL"</c> (case-insensitive).</summary>
    /// <param name="name">The short name.</param>
    /// <param name="metric">The metric when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a metric.</returns>
    public static bool TryParse(string? name, out BiasMetric metric)
    {
        if (name is not null && ByName.TryGetValue(name.Trim(), out metric))
        {
            return true;
        }

        metric = default;
        return false;
    }
}
