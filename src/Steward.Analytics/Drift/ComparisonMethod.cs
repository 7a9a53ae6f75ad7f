namespace Steward.Analytics.Drift;

/// <summary>
/// Model Monitor's <c>comparison_method</c> for baseline drift (docs also call them linf_simple/linf_robust).
/// </summary>
public enum ComparisonMethod
{
    /// <summary>linf_simple: the plain L∞ distance.</summary>
    Simple,

    /// <summary>linf_robust = max(0, linf_simple − c_α·√((n+m)/(n·m))), c_α = 1.8 by default.</summary>
    Robust,
}

/// <summary>Model Monitor's <c>categorical_drift_method</c>.</summary>
public enum CategoricalDriftMethod
{
    /// <summary>L∞ distance of category frequencies.</summary>
    LInfinity,

    /// <summary>Pearson chi-square goodness of fit against the rescaled baseline counts.</summary>
    ChiSquared,
}
