namespace Steward.Analytics.Bias;

/// <summary>When a bias metric can be computed: on the data alone, or on the data with a model's predictions.</summary>
/// <remarks>Reference: smclarify <c>report.StageType</c> (<c>pre_training</c>, <c>post_training</c>).</remarks>
public enum BiasStage
{
    /// <summary>Needs the facet and observed labels only (Clarify <c>pre_training_bias_metrics</c>).</summary>
    PreTraining,

    /// <summary>Also needs predicted labels (Clarify <c>post_training_bias_metrics</c>).</summary>
    PostTraining,
}
