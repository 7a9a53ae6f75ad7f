namespace Steward.Analytics.Explainability;

/// <summary>How local SHAP values become a global importance per feature (Clarify <c>agg_method</c>).</summary>
/// <remarks>Reference: AWS documentation "Configure the analysis" (<c>methods.shap.agg_method</c>).</remarks>
public enum ShapAggregation
{
    /// <summary><c>mean_abs</c> (default): (1/N) Σ_r |φ_r,i|.</summary>
    MeanAbs,

    /// <summary><c>median</c>: the median over rows of φ_r,i.</summary>
    Median,

    /// <summary><c>mean_sq</c>: (1/N) Σ_r φ_r,i².</summary>
    MeanSquare,
}

/// <summary>The space SHAP values are expressed in (Clarify <c>use_logit</c>).</summary>
public enum ShapLink
{
    /// <summary>Model output units: Σ_i φ_i = f(x) − E[f(baseline)].</summary>
    Identity,

    /// <summary>Log-odds: g(p) = ln(p/(1 − p)), Σ_i φ_i = g(f(x)) − g(E[f(baseline)]). Outputs must lie in (0, 1).</summary>
    Logit,
}
