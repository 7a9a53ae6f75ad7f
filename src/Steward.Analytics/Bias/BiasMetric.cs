namespace Steward.Analytics.Bias;

/// <summary>
/// The bias metrics SageMaker Clarify (smclarify 0.5) computes, by their short names. Members are declared in
/// report order: pre-training metrics first, then post-training, each group alphabetical as Clarify sorts them.
/// </summary>
/// <remarks>
/// Reference: aws/amazon-sagemaker-clarify <c>src/smclarify/bias/metrics/{pretraining,posttraining}.py</c>;
/// AWS documentation "Pre-training Bias Metrics" / "Post-training Data and Model Bias Metrics".
/// </remarks>
public enum BiasMetric
{
    /// <summary>Conditional Demographic Disparity in Labels, see <see cref="PreTrainingBias.ConditionalDemographicDisparity(ReadOnlySpan{bool}, ReadOnlySpan{bool}, ReadOnlySpan{int})"/>.</summary>
    CDDL,

    /// <summary>Class Imbalance, see <see cref="PreTrainingBias.ClassImbalance(in FacetCounts)"/>.</summary>
    CI,

    /// <summary>Difference in Positive Proportions in Labels, see <see cref="PreTrainingBias.DifferenceInPositiveProportionsInLabels(in FacetCounts)"/>.</summary>
    DPL,

    /// <summary>Jensen-Shannon divergence of the label distributions, see <see cref="PreTrainingBias.JensenShannon(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>.</summary>
    JS,

    /// <summary>Kullback-Leibler divergence of the label distributions, see <see cref="PreTrainingBias.KullbackLeibler(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>.</summary>
    KL,

    /// <summary>Kolmogorov-Smirnov distance of the label distributions, see <see cref="PreTrainingBias.KolmogorovSmirnov(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>.</summary>
    KS,

    /// <summary>L2 norm of the label-distribution difference, see <see cref="PreTrainingBias.LpNorm(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>.</summary>
    LP,

    /// <summary>Total Variation Distance of the label distributions, see <see cref="PreTrainingBias.TotalVariationDistance(ReadOnlySpan{int}, ReadOnlySpan{bool})"/>.</summary>
    TVD,

    /// <summary>Accuracy Difference, see <see cref="PostTrainingBias.AccuracyDifference(in FacetCounts)"/>.</summary>
    AD,

    /// <summary>Conditional Demographic Disparity in Predicted Labels, see <see cref="PostTrainingBias.ConditionalDemographicDisparityInPredictedLabels(ReadOnlySpan{bool}, ReadOnlySpan{bool}, ReadOnlySpan{int})"/>.</summary>
    CDDPL,

    /// <summary>Difference in Acceptance Rates, see <see cref="PostTrainingBias.DifferenceInAcceptanceRates(in FacetCounts)"/>.</summary>
    DAR,

    /// <summary>Difference in Conditional Acceptance, see <see cref="PostTrainingBias.DifferenceInConditionalAcceptance(in FacetCounts)"/>.</summary>
    DCA,

    /// <summary>Difference in Conditional Rejection, see <see cref="PostTrainingBias.DifferenceInConditionalRejection(in FacetCounts)"/>.</summary>
    DCR,

    /// <summary>Disparate Impact, see <see cref="PostTrainingBias.DisparateImpact(in FacetCounts)"/>.</summary>
    DI,

    /// <summary>Difference in Positive Proportions in Predicted Labels, see <see cref="PostTrainingBias.DifferenceInPositiveProportionsInPredictedLabels(in FacetCounts)"/>.</summary>
    DPPL,

    /// <summary>Difference in Rejection Rates, see <see cref="PostTrainingBias.DifferenceInRejectionRates(in FacetCounts)"/>.</summary>
    DRR,

    /// <summary>Flip Test, see <see cref="PostTrainingBias.FlipTest(ReadOnlySpan{double}, int, ReadOnlySpan{bool}, ReadOnlySpan{bool})"/>.</summary>
    FT,

    /// <summary>Generalized Entropy with α = 2, see <see cref="PostTrainingBias.GeneralizedEntropy(in FacetCounts)"/>.</summary>
    GE,

    /// <summary>Recall Difference, see <see cref="PostTrainingBias.RecallDifference(in FacetCounts)"/>.</summary>
    RD,

    /// <summary>Specificity Difference, see <see cref="PostTrainingBias.SpecificityDifference(in FacetCounts)"/>.</summary>
    SD,

    /// <summary>Treatment Equality, see <see cref="PostTrainingBias.TreatmentEquality(in FacetCounts)"/>.</summary>
    TE,
}
