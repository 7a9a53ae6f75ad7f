namespace Steward.Analytics.Bias;

/// <summary>
/// What to analyse: Clarify's <c>bias_report</c> inputs (facet, label, optional predicted label and group variable),
/// with values or thresholds given as text the way a user types them.
/// </summary>
public sealed record BiasAnalysisOptions
{
    /// <summary>The observed label column.</summary>
    public required BiasColumn Label { get; init; }

    /// <summary>
    /// Clarify's <c>label_values_or_threshold</c>: the positive label values, or one threshold. Whether a single value is
    /// a category or a threshold follows <see cref="BiasColumnTyping"/> unless <see cref="LabelIsThreshold"/> is set.
    /// </summary>
    public required IReadOnlyList<string> LabelValuesOrThreshold { get; init; }

    /// <summary>Treat <see cref="LabelValuesOrThreshold"/> as one numeric threshold (positive = label &gt; t), whatever the inference says.</summary>
    public bool LabelIsThreshold { get; init; }

    /// <summary>The facet (sensitive attribute) column.</summary>
    public required BiasColumn Facet { get; init; }

    /// <summary>
    /// Clarify's <c>facet_values_or_threshold</c>: the sensitive values, one threshold, or <see langword="null"/> for
    /// one-vs-all over every value of a categorical facet (in order of appearance).
    /// </summary>
    public IReadOnlyList<string>? FacetValuesOrThreshold { get; init; }

    /// <summary>Treat <see cref="FacetValuesOrThreshold"/> as one numeric threshold (facet d = value &gt; t).</summary>
    public bool FacetIsThreshold { get; init; }

    /// <summary>The model's predicted labels; needed for post-training metrics.</summary>
    public BiasColumn? PredictedLabel { get; init; }

    /// <summary>The subgroup column for CDDL/CDDPL; without it those metrics report <c>"Group variable is empty or not provided"</c>.</summary>
    public BiasColumn? GroupVariable { get; init; }

    /// <summary>The remaining columns of the data set: the Flip Test's features (all must be numeric).</summary>
    public IReadOnlyList<BiasColumn> OtherColumns { get; init; } = [];

    /// <summary>Metrics to compute; <see langword="null"/> for all (post-training ones only with a predicted label).</summary>
    public IReadOnlyList<BiasMetric>? Metrics { get; init; }
}
