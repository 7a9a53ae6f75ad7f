using static Steward.Analytics.Bias.ClarifyArithmetic;

namespace Steward.Analytics.Bias;

/// <summary>
/// Post-training bias metrics: computed from the facet, the observed labels and a model's predicted labels.
/// Facet d is the sensitive group, facet a everyone else; TP/FP/FN/TN are the confusion counts inside each facet.
/// Every method reproduces smclarify 0.5 exactly: <c>divide(a, b)</c> gives 0 for 0/0 and ±∞ for a/0, a
/// difference of two +∞ ratios is 0, and undefined cases throw <see cref="BiasMetricException"/> with the upstream text.
/// </summary>
/// <remarks>
/// Reference: aws/amazon-sagemaker-clarify <c>src/smclarify/bias/metrics/posttraining.py</c> and <c>common.py</c>
/// (<c>DCO</c>, <c>DLR</c>, <c>DLA</c>, <c>GE</c>); AWS documentation "Post-training Data and Model Bias Metrics".
/// </remarks>
public static class PostTrainingBias
{
    /// <summary>
    /// Difference in Positive Proportions in Predicted Labels: DPPL = q'_a − q'_d, q' = n'^(1)/n per facet, in [−1, 1].
    /// </summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DPPL.</returns>
    /// <exception cref="BiasMetricException"><c>"Negative facet set is empty."</c> / <c>"Facet set is empty."</c></exception>
    public static double DifferenceInPositiveProportionsInPredictedLabels(in FacetCounts counts) =>
        PreTrainingBias.PositiveProportionDifference(
            counts.CountA, counts.PredictedPositivesA, counts.CountD, counts.PredictedPositivesD);

    /// <summary>Disparate Impact: DI = q'_d / q'_a (with <c>divide</c>: q'_a = 0 gives +∞, or 0 when q'_d = 0), in [0, ∞).</summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DI.</returns>
    /// <exception cref="BiasMetricException"><c>"Negated facet set is empty"</c> / <c>"Facet set is empty"</c>.</exception>
    public static double DisparateImpact(in FacetCounts counts)
    {
        if (counts.CountA == 0)
        {
            throw new BiasMetricException("Negated facet set is empty");
        }

        var qa = (double)counts.PredictedPositivesA / counts.CountA;
        if (counts.CountD == 0)
        {
            throw new BiasMetricException("Facet set is empty");
        }

        var qd = (double)counts.PredictedPositivesD / counts.CountD;
        return Divide(qd, qa);
    }

    /// <summary>
    /// Difference in Conditional Acceptance: DCA = c_a − c_d, c = n^(1)/n'^(1) = (TP + FN)/(TP + FP), in (−∞, ∞).
    /// </summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DCA.</returns>
    /// <exception cref="BiasMetricException"><c>"DCO: Facet set is empty"</c> / <c>"DCO: Negated Facet set is empty"</c>.</exception>
    public static double DifferenceInConditionalAcceptance(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DCO: ");
        var ca = Divide(counts.PositivesA, counts.PredictedPositivesA);
        var cd = Divide(counts.PositivesD, counts.PredictedPositivesD);
        return Difference(ca, cd);
    }

    /// <summary>
    /// Difference in Conditional Rejection: DCR = r_d − r_a, r = n^(0)/n'^(0) = (TN + FP)/(TN + FN), in (−∞, ∞).
    /// </summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DCR.</returns>
    /// <exception cref="BiasMetricException"><c>"DCO: Facet set is empty"</c> / <c>"DCO: Negated Facet set is empty"</c>.</exception>
    public static double DifferenceInConditionalRejection(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DCO: ");
        var ra = Divide(counts.TrueNegativesA + counts.FalsePositivesA, counts.TrueNegativesA + counts.FalseNegativesA);
        var rd = Divide(counts.TrueNegativesD + counts.FalsePositivesD, counts.TrueNegativesD + counts.FalseNegativesD);
        return Difference(rd, ra);
    }

    /// <summary>
    /// Difference in Acceptance Rates (precision difference): DAR = TP_a/(TP_a + FP_a) − TP_d/(TP_d + FP_d), in [−1, 1].
    /// </summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DAR.</returns>
    /// <exception cref="BiasMetricException"><c>"DLR: Facet set is empty"</c> / <c>"DLR: Negated Facet set is empty"</c>.</exception>
    public static double DifferenceInAcceptanceRates(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DLR: ");
        var ara = Divide(counts.TruePositivesA, counts.PredictedPositivesA);
        var ard = Divide(counts.TruePositivesD, counts.PredictedPositivesD);
        return Difference(ara, ard);
    }

    /// <summary>
    /// Difference in Rejection Rates: DRR = TN_d/(TN_d + FN_d) − TN_a/(TN_a + FN_a), in [−1, 1].
    /// </summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>DRR.</returns>
    /// <exception cref="BiasMetricException"><c>"DLR: Facet set is empty"</c> / <c>"DLR: Negated Facet set is empty"</c>.</exception>
    public static double DifferenceInRejectionRates(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DLR: ");
        var rra = Divide(counts.TrueNegativesA, counts.TrueNegativesA + counts.FalseNegativesA);
        var rrd = Divide(counts.TrueNegativesD, counts.TrueNegativesD + counts.FalseNegativesD);
        return Difference(rrd, rra);
    }

    /// <summary>Recall Difference: RD = TP_a/(TP_a + FN_a) − TP_d/(TP_d + FN_d), in [−1, 1].</summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>RD.</returns>
    /// <exception cref="BiasMetricException"><c>"DLA: Facet set is empty"</c> / <c>"DLA: Negated Facet set is empty"</c>.</exception>
    public static double RecallDifference(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DLA: ");
        var ra = Divide(counts.TruePositivesA, counts.TruePositivesA + counts.FalseNegativesA);
        var rd = Divide(counts.TruePositivesD, counts.TruePositivesD + counts.FalseNegativesD);
        return Difference(ra, rd);
    }

    /// <summary>Specificity Difference: SD = TN_d/(TN_d + FP_d) − TN_a/(TN_a + FP_a), in [−1, 1].</summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>SD.</returns>
    /// <exception cref="BiasMetricException"><c>"DLA: Facet set is empty"</c> / <c>"DLA: Negated Facet set is empty"</c>.</exception>
    public static double SpecificityDifference(in FacetCounts counts)
    {
        RequireBothFacets(counts, "DLA: ");
        var sa = Divide(counts.TrueNegativesA, counts.TrueNegativesA + counts.FalsePositivesA);
        var sd = Divide(counts.TrueNegativesD, counts.TrueNegativesD + counts.FalsePositivesD);
        return Difference(sd, sa);
    }

    /// <summary>Accuracy Difference: AD = ACC_a − ACC_d, ACC = (TP + TN)/(TP + TN + FP + FN), in [−1, 1].</summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>AD.</returns>
    /// <exception cref="BiasMetricException"><c>"Facet set is empty"</c> / <c>"Negated Facet set is empty"</c>.</exception>
    public static double AccuracyDifference(in FacetCounts counts)
    {
        RequireBothFacets(counts, string.Empty);
        var acca = Divide(counts.TruePositivesA + counts.TrueNegativesA, counts.CountA);
        var accd = Divide(counts.TruePositivesD + counts.TrueNegativesD, counts.CountD);
        return Difference(acca, accd);
    }

    /// <summary>Treatment Equality: TE = FN_d/FP_d − FN_a/FP_a (with <c>divide</c>; two +∞ give 0), in (−∞, ∞).</summary>
    /// <param name="counts">Facet confusion counts.</param>
    /// <returns>TE.</returns>
    /// <exception cref="BiasMetricException"><c>"Facet set is empty"</c> / <c>"Negated Facet set is empty"</c>.</exception>
    public static double TreatmentEquality(in FacetCounts counts)
    {
        RequireBothFacets(counts, string.Empty);
        var taua = Divide(counts.FalseNegativesA, counts.FalsePositivesA);
        var taud = Divide(counts.FalseNegativesD, counts.FalsePositivesD);
        return Difference(taud, taua);
    }

    /// <summary>
    /// Generalized Entropy index with α = 2: GE = Σ_i ((b_i/b̄)² − 1) / (n·α(α − 1)), b_i = ŷ_i − y_i + 1 ∈ {0, 1, 2}.
    /// Equals half the squared coefficient of variation of b. Ignores the facet. The documented range is [0, 0.5] but the
    /// code (and so this method) can exceed it, e.g. y = [1,1,1,0], ŷ = [0,0,0,1] gives 1.5.
    /// </summary>
    /// <param name="counts">Confusion counts (facets are summed: b = 0 for FN, 1 for TP/TN, 2 for FP).</param>
    /// <returns>GE.</returns>
    /// <exception cref="BiasMetricException">No rows (<c>"dataset must be non-empty"</c>) or every prediction a false negative.</exception>
    public static double GeneralizedEntropy(in FacetCounts counts)
    {
        const double Alpha = 2;
        long n = counts.Total;
        if (n == 0)
        {
            throw new BiasMetricException("dataset must be non-empty");
        }

        long b0 = counts.FalseNegativesA + counts.FalseNegativesD;
        long b2 = counts.FalsePositivesA + counts.FalsePositivesD;
        long b1 = n - b0 - b2;
        var mean = (double)(b1 + (2 * b2)) / n;
        if (mean == 0)
        {
            throw new BiasMetricException(
                "All predicted labels are false negatives. There should be at least one prediction that is not false negative.");
        }

        double r1 = 1 / mean, r2 = 2 / mean;
        var sum = (-1.0 * b0) + (b1 * ((r1 * r1) - 1)) + (b2 * ((r2 * r2) - 1));
        return sum / (n * Alpha * (Alpha - 1));
    }

    /// <summary>Generalized Entropy (α = 2) from the label and prediction columns; see <see cref="GeneralizedEntropy(in FacetCounts)"/>.</summary>
    /// <param name="positiveLabel">Per row, <see langword="true"/> when the observed label is positive.</param>
    /// <param name="positivePrediction">Per row, <see langword="true"/> when the predicted label is positive.</param>
    /// <returns>GE.</returns>
    /// <exception cref="BiasMetricException">No rows or every prediction a false negative.</exception>
    public static double GeneralizedEntropy(ReadOnlySpan<bool> positiveLabel, ReadOnlySpan<bool> positivePrediction)
    {
        if (positiveLabel.Length != positivePrediction.Length)
        {
            throw new ArgumentException("The label and prediction columns must have the same length.");
        }

        // No facet: every row counts as facet a; b = 0 for a false negative, 2 for a false positive, 1 otherwise.
        long fn = 0, fp = 0;
        for (var i = 0; i < positiveLabel.Length; i++)
        {
            fn += positiveLabel[i] && !positivePrediction[i] ? 1 : 0;
            fp += !positiveLabel[i] && positivePrediction[i] ? 1 : 0;
        }

        long n = positiveLabel.Length;
        return GeneralizedEntropy(new FacetCounts(0, fp, fn, n - fn - fp, 0, 0, 0, 0));
    }

    /// <summary>
    /// Conditional Demographic Disparity in Predicted Labels: CDDL (see
    /// <see cref="PreTrainingBias.ConditionalDemographicDisparity(ReadOnlySpan{bool}, ReadOnlySpan{bool}, ReadOnlySpan{int})"/>)
    /// computed on predicted instead of observed labels, in [−1, 1].
    /// </summary>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positivePrediction">Per row, <see langword="true"/> when the predicted label is positive.</param>
    /// <param name="groupCodes">Per row, the subgroup as a non-negative code; empty when there is no group variable.</param>
    /// <returns>CDDPL.</returns>
    /// <exception cref="BiasMetricException">
    /// <c>"Group variable is empty or not provided"</c>, <c>"No positive labels in set"</c>, <c>"No negative labels in set"</c>.
    /// </exception>
    public static double ConditionalDemographicDisparityInPredictedLabels(
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> positivePrediction,
        ReadOnlySpan<int> groupCodes) =>
        PreTrainingBias.ConditionalDemographicDisparityCore(sensitiveFacet, positivePrediction, groupCodes);

    /// <summary>
    /// Flip Test: a k-nearest-neighbour classifier (Euclidean, uniform votes) is fitted on facet a's rows with their
    /// <em>predicted</em> labels and predicts every facet-d row; k = 5 when n_a &gt; 9, else 1.
    /// FT = (#{model 1, k-NN 0} − #{model 0, k-NN 1}) / n_d, in [−1, 1]. This is smclarify's sign, the opposite of the
    /// documented (F⁺ − F⁻)/n_d. Distance ties are broken by row order.
    /// </summary>
    /// <param name="features">Numeric feature rows, row-major, <paramref name="featureCount"/> values per row.</param>
    /// <param name="featureCount">Number of features per row.</param>
    /// <param name="sensitiveFacet">Per row, <see langword="true"/> when the row belongs to facet d.</param>
    /// <param name="positivePrediction">Per row, <see langword="true"/> when the model predicted a positive label.</param>
    /// <returns>FT.</returns>
    /// <exception cref="BiasMetricException"><c>"Facet set is empty"</c> / <c>"Negated Facet set is empty"</c>.</exception>
    public static double FlipTest(
        ReadOnlySpan<double> features,
        int featureCount,
        ReadOnlySpan<bool> sensitiveFacet,
        ReadOnlySpan<bool> positivePrediction) =>
        FlipTestKnn.Compute(features, featureCount, sensitiveFacet, positivePrediction);

    private static void RequireBothFacets(in FacetCounts counts, string prefix)
    {
        if (counts.CountD == 0)
        {
            throw new BiasMetricException(prefix + "Facet set is empty");
        }

        if (counts.CountA == 0)
        {
            throw new BiasMetricException(prefix + "Negated Facet set is empty");
        }
    }
}
